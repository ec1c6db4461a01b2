/**
 * The longest narrative section of each report, in bytes, stored with an index (issue 14): the cost estimate reads its
 * maximum from the index instead of measuring every narrative, which took a scan of the report table (~0.2 s at
 * 100,000 reports) every time the data's shape was counted again. Filled from the narratives already stored.
 */
import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isPostgres } from '../bulk';

const LONGEST = (pg: boolean) =>
  `${pg ? 'GREATEST' : 'max'}(${['overview', 'problems', 'other'].map((c) => `COALESCE(octet_length(${c}), 0)`).join(', ')})`;

export class SectionBytes1765065600000 implements MigrationInterface {
  name = 'SectionBytes1765065600000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('report', new TableColumn({ name: 'section_bytes', type: 'integer', default: 0 }));
    await q.query(`UPDATE report SET section_bytes = ${LONGEST(isPostgres(q.manager))}`);
    await q.createIndex('report', new TableIndex({ name: 'ix_report_section_bytes', columnNames: ['section_bytes'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('report', 'ix_report_section_bytes');
    await q.dropColumn('report', 'section_bytes');
  }
}
