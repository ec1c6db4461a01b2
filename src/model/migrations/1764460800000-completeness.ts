/**
 * How much of each report was read (issue 18): the cells found and the cells its format expects
 * (format/completeness.ts), stored at ingest. Reports stored before are measured here from their stored cells.
 */
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cellKey, completeness, FORMATS } from '../../format';
import { integer } from './columns';

const BATCH = 500;

export class Completeness1764460800000 implements MigrationInterface {
  name = 'Completeness1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('report', [
      new TableColumn({ ...integer('cells_found'), default: 0 }),
      new TableColumn({ ...integer('cells_expected'), default: 0 }),
    ]);
    const reports = (await q.query('SELECT id, format FROM report ORDER BY id')) as { id: unknown; format: string }[];
    for (let i = 0; i < reports.length; i += BATCH) {
      const batch = reports.slice(i, i + BATCH).filter((r) => FORMATS[r.format]);
      if (batch.length === 0) continue;
      // Ids come from the database itself: integers, safe to inline (placeholders differ between the two drivers).
      const ids = batch.map((r) => Number(r.id));
      const cells = (await q.query(
        `SELECT report_id, table_key, row_key, column_key FROM cell WHERE report_id IN (${ids.join(', ')})`,
      )) as { report_id: unknown; table_key: string; row_key: string; column_key: string }[];
      const found = new Map<number, Set<string>>(ids.map((id) => [id, new Set()]));
      for (const c of cells) found.get(Number(c.report_id))?.add(cellKey(c.table_key, c.row_key, c.column_key));
      for (const r of batch) {
        const m = completeness(FORMATS[r.format], found.get(Number(r.id))!);
        await q.query(
          `UPDATE report SET cells_found = ${m.found}, cells_expected = ${m.expected} WHERE id = ${Number(r.id)}`,
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('report', ['cells_found', 'cells_expected']);
  }
}
