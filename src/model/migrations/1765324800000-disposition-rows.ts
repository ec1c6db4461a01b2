/**
 * Dispositions by handling row (issue 14: the top agencies by one handling row read two cells and a rule outcome of
 * every report of the year, 136 ms at 100,000 reports): a summary row per report × handling row of the 总计 column
 * (model/summary.ts), with a covering slice index.
 *
 * Every summary row is written again here, from the stored cells and findings (the latest migration that changes what
 * the summary rows hold fills them all: they are written by today's code).
 */
import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { recomputeRollups } from '../rollup';
import { refreshSummaries } from '../summary';
import { double, integer, varchar } from './columns';

const TABLE = 'summary_disposition_row';

export class DispositionRows1765324800000 implements MigrationInterface {
  name = 'DispositionRows1765324800000';

  async up(q: QueryRunner): Promise<void> {
    const primary = { isPrimary: true, primaryKeyConstraintName: `pk_${TABLE}` };
    await q.createTable(
      new Table({
        name: TABLE,
        withoutRowid: true,
        columns: [
          { ...integer('report_id'), ...primary },
          { ...varchar('row_key', 40), ...primary },
          integer('year'),
          integer('agency_id'),
          varchar('status', 20),
          double('s'),
          double('h'),
          integer('violating'),
        ],
        indices: [
          new TableIndex({
            name: `ix_${TABLE}_slice`,
            columnNames: ['row_key', 'year', 'agency_id', 'report_id', 'status', 's', 'h', 'violating'],
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: `fk_${TABLE}_report`,
            columnNames: ['report_id'],
            referencedTableName: 'report',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await refreshSummaries(q.manager, 'all');
    await recomputeRollups(q.manager);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable(TABLE);
  }
}
