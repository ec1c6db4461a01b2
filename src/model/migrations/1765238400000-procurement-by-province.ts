/**
 * Procurement rolled up by province too (issue 14: procurement by province over 100,000 reports read every summary
 * row). The summary rows of procurement carry their agency's province, and a rollup per year, province and standing is
 * kept by triggers as the others are (model/rollup.ts).
 *
 * The summary rows gain the province when they are all written again, by the latest migration that changes what they
 * hold (DispositionRows): they are written by today's code. Until then the rollup keeps them under no province.
 */
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isPostgres } from '../bulk';
import { ROLLUPS, dropTriggerStatements, recomputeRollups, triggerStatements } from '../rollup';
import { integer, varchar } from './columns';

const rollup = () => ROLLUPS.find((r) => r.table === 'rollup_procurement')!;

const KEYS = [
  integer('year'),
  varchar('province_code', 12),
  varchar('status', 20),
  integer('violating'),
  integer('assumed'),
];

export class ProcurementByProvince1765238400000 implements MigrationInterface {
  name = 'ProcurementByProvince1765238400000';

  async up(q: QueryRunner): Promise<void> {
    const r = rollup();
    await q.query('ALTER TABLE summary_procurement ADD COLUMN province_code varchar(12)');
    await q.createTable(
      new Table({
        name: r.table,
        columns: [
          ...KEYS.map((k) => ({ ...k, isPrimary: true, primaryKeyConstraintName: `pk_${r.table}` })),
          integer('reports'),
          ...r.sums.map((s) => ({ name: s, type: 'double precision' })),
        ],
      }),
    );
    for (const sql of triggerStatements(r, isPostgres(q.manager))) await q.query(sql);
    await recomputeRollups(q.manager, [r]);
  }

  async down(q: QueryRunner): Promise<void> {
    const r = rollup();
    for (const sql of dropTriggerStatements(r, isPostgres(q.manager))) await q.query(sql);
    await q.dropTable(r.table);
    await q.query('ALTER TABLE summary_procurement DROP COLUMN province_code');
  }
}
