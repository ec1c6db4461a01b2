/**
 * The reports by when they were stored (issue 14): the data's version (query/version.ts) reads the newest, which
 * without an index is a scan of every report row (~2 KB each with its narratives inline): 130 ms at 100,000 reports,
 * once per export and once per chunk of a streamed answer — 13 times for a 120,000-bucket one.
 */
import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class ReportIngestedIndex1765328400000 implements MigrationInterface {
  name = 'ReportIngestedIndex1765328400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('report', new TableIndex({ name: 'ix_report_ingested_at', columnNames: ['ingested_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('report', 'ix_report_ingested_at');
  }
}
