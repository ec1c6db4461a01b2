/**
 * Rollups of the summary rows per year and standing, kept by triggers (issue 14; model/rollup.ts), filled from the
 * summary rows already stored so that an upgraded database answers as before.
 */
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isPostgres } from '../bulk';
import { ROLLUPS, dropTriggerStatements, recomputeRollups, triggerStatements } from '../rollup';
import { integer, varchar } from './columns';

/** The key columns' types, as in the summary tables. */
const KEY_COLUMNS: Record<string, ReturnType<typeof integer>> = {
  year: integer('year'),
  column_key: varchar('column_key', 20),
  category: varchar('category', 40),
  kind: varchar('kind', 40),
  status: varchar('status', 20),
  violating: integer('violating'),
};

/** The rollups this migration made (later ones are made by their own). */
const MADE = ROLLUPS.filter((r) => r.table === 'rollup_disposition' || r.table === 'rollup_review');

export class Rollups1764979200000 implements MigrationInterface {
  name = 'Rollups1764979200000';

  async up(q: QueryRunner): Promise<void> {
    const pg = isPostgres(q.manager);
    for (const r of MADE) {
      await q.createTable(
        new Table({
          name: r.table,
          columns: [
            ...r.keys.map((k) => ({ ...KEY_COLUMNS[k], isPrimary: true, primaryKeyConstraintName: `pk_${r.table}` })),
            integer('reports'),
            ...r.sums.map((s) => ({ name: s, type: 'double precision' })),
          ],
        }),
      );
      for (const sql of triggerStatements(r, pg)) await q.query(sql);
    }
    await recomputeRollups(q.manager, MADE);
  }

  async down(q: QueryRunner): Promise<void> {
    const pg = isPostgres(q.manager);
    for (const r of MADE) {
      for (const sql of dropTriggerStatements(r, pg)) await q.query(sql);
      await q.dropTable(r.table);
    }
  }
}
