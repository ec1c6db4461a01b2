/**
 * Summary rows per report (issue 14; model/summary.ts): dispositions, review and litigation, procurement and rule
 * outcomes. An upgraded database has them filled from its stored cells and findings by a later migration (below).
 */
import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';
import { REVIEW_OUTCOMES } from '../summary';
import { double, integer, varchar } from './columns';

const primary = (table: string, column: TableColumnOptions): TableColumnOptions => ({
  ...column,
  isPrimary: true,
  primaryKeyConstraintName: `pk_${table}`,
});

/** A summary table: keyed by report (and `keys`), deleted with it, with a covering slice index. */
function summaryTable(name: string, keys: TableColumnOptions[], columns: TableColumnOptions[], slice?: string[]) {
  return new Table({
    name,
    withoutRowid: true,
    columns: [primary(name, integer('report_id')), ...keys.map((k) => primary(name, k)), ...columns],
    indices: slice ? [new TableIndex({ name: `ix_${name}_slice`, columnNames: slice })] : [],
    foreignKeys: [
      new TableForeignKey({
        name: `fk_${name}_report`,
        columnNames: ['report_id'],
        referencedTableName: 'report',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
    ],
  });
}

const copied = [integer('year'), integer('agency_id')];
const status = varchar('status', 20);

export class Summaries1764892800000 implements MigrationInterface {
  name = 'Summaries1764892800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      summaryTable(
        'summary_disposition',
        [varchar('column_key', 20), varchar('category', 40)],
        [...copied, status, double('s'), double('h'), integer('violating')],
        ['column_key', 'year', 'agency_id', 'category', 'report_id', 'status', 's', 'h', 'violating'],
      ),
    );
    const outcomes = REVIEW_OUTCOMES;
    await q.createTable(
      summaryTable(
        'summary_review',
        [varchar('kind', 40)],
        [...copied, status, ...outcomes.map((o) => double(o)), integer('violating')],
        ['year', 'agency_id', 'kind', 'report_id', 'status', ...outcomes, 'violating'],
      ),
    );
    await q.createTable(
      summaryTable(
        'summary_procurement',
        [],
        [...copied, status, double('projects'), double('yuan'), integer('assumed'), integer('violating')],
        ['year', 'agency_id', 'report_id', 'status', 'projects', 'yuan', 'assumed', 'violating'],
      ),
    );
    await q.createTable(summaryTable('summary_rule', [varchar('rule', 40)], [integer('checked'), integer('violated')]));
    // Not filled here: the rows are written by today's code (model/summary.ts), which may read columns later
    // migrations add. The latest migration that changes what they hold fills them all (DispositionRows).
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['summary_disposition', 'summary_review', 'summary_procurement', 'summary_rule'])
      await q.dropTable(t);
  }
}
