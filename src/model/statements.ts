/**
 * Counts the SQL statements a data source runs: the N+1 test and the benchmark read it around one request.
 * It logs nothing; errors still surface as exceptions from the query itself.
 */
import type { DataSource, Logger } from 'typeorm';

export class StatementCounter implements Logger {
  count = 0;
  logQuery(): void {
    this.count++;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export function statementCount(ds: DataSource): number {
  const logger = ds.logger;
  if (!(logger instanceof StatementCounter)) throw new Error('this data source was not opened with a statement counter');
  return logger.count;
}
