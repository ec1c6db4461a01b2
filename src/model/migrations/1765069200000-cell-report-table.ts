/**
 * The cells' index by report gains the table (issue 14): the cells of one table of 250 reports — a nested query's —
 * are then a seek each (3,750 rows) instead of every cell of those reports filtered (~50,000 rows read).
 */
import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const index = (columnNames: string[]) => new TableIndex({ name: 'ix_cell_report', columnNames });

export class CellReportTable1765069200000 implements MigrationInterface {
  name = 'CellReportTable1765069200000';

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('cell', 'ix_cell_report');
    await q.createIndex('cell', index(['report_id', 'table_key']));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('cell', 'ix_cell_report');
    await q.createIndex('cell', index(['report_id']));
  }
}
