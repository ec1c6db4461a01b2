/**
 * Where each report's file was read from, so the server can offer the original for download (by report id only). Null
 * for reports ingested before this column existed: ingesting the same file again fills it in.
 */
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { text } from './columns';

export class SourcePaths1764633600000 implements MigrationInterface {
  name = 'SourcePaths1764633600000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('report', new TableColumn(text('source_path')));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('report', 'source_path');
  }
}
