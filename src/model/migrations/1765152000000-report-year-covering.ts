/**
 * The reports' index by year covers what the aggregations read of a report beside its year — its agency and format,
 * and on SQLite its id, the rowid every index holds (issue 14): the top 100 by one handling row over a year of
 * 100,000 reports read each report's row (~2 KB with its narratives inline) only for those. Not the id as a column:
 * PostgreSQL would then take this index for a lookup by id (a foreign key's check) as readily as the primary key
 * where a table's statistics are an empty one's (test/bulk-load.test.ts), and scan it whole each time. An index of
 * the bulk load's (indexes.ts): a load killed with it dropped has left its old definition to build at the next open,
 * which this one replaces.
 */
import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

async function replace(q: QueryRunner, columnNames: string[]): Promise<void> {
  await q.query('DROP INDEX IF EXISTS ix_report_year');
  await q.query("DELETE FROM deferred_index WHERE name = 'ix_report_year'");
  await q.createIndex('report', new TableIndex({ name: 'ix_report_year', columnNames }));
}

export class ReportYearCovering1765152000000 implements MigrationInterface {
  name = 'ReportYearCovering1765152000000';

  async up(q: QueryRunner): Promise<void> {
    await replace(q, ['year', 'agency_id', 'format']);
  }

  async down(q: QueryRunner): Promise<void> {
    await replace(q, ['year']);
  }
}
