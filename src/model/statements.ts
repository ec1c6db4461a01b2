/**
 * Counts the SQL statements a data source runs: the N+1 test and the benchmark read it around one request.
 * It logs nothing; errors still surface as exceptions from the query itself.
 */
import type { DataSource, Logger } from 'typeorm';

const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE)\b/i;

export class StatementCounter implements Logger {
  count = 0;
  /** When set, every statement is also kept here (the benchmark replays a request's SQL on its own). */
  recording: { sql: string; parameters: unknown[] }[] | undefined;
  logQuery(sql: string, parameters?: unknown[]): void {
    // Transaction control (a request's read snapshot, server/snapshot.ts) reads nothing: only queries are counted.
    if (TRANSACTION_CONTROL.test(sql)) return;
    this.count++;
    this.recording?.push({ sql, parameters: parameters ?? [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export function statementCounter(ds: DataSource): StatementCounter {
  const logger = ds.logger;
  if (!(logger instanceof StatementCounter))
    throw new Error('this data source was not opened with a statement counter');
  return logger;
}

export const statementCount = (ds: DataSource): number => statementCounter(ds).count;
