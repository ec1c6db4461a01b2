/**
 * The compliance scorecard (issue 17): page dates, the narrative's compared length, section headings and
 * table summaries (completeness, tables copied from the year before), the figures the narrative states, and the
 * narrative index for copy detection (MinHash bands and the matches found).
 */
import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { double, id, integer, text, varchar } from './columns';

const REPORT_COLUMNS = ['page_date', 'page_date_source', 'narrative_chars'];

const toReport = (table: string, column = 'report_id', name = `fk_${table}_report`) =>
  new TableForeignKey({
    name,
    columnNames: [column],
    referencedTableName: 'report',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });

const byReport = (table: string) => new TableIndex({ name: `ix_${table}_report`, columnNames: ['report_id'] });

export class Scorecard1764806400000 implements MigrationInterface {
  name = 'Scorecard1764806400000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('report', [
      new TableColumn(varchar('page_date', 10, true)),
      new TableColumn(varchar('page_date_source', 100, true)),
      new TableColumn(integer('narrative_chars', true)),
    ]);
    await q.createTable(
      new Table({
        name: 'report_section',
        columns: [
          id('report_section'),
          integer('report_id'),
          varchar('section_key', 20),
          integer('line'),
          integer('page', true),
          integer('chars', true),
          integer('substance', true),
        ],
        indices: [byReport('report_section')],
        foreignKeys: [toReport('report_section')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'report_table',
        columns: [
          id('report_table'),
          integer('report_id'),
          varchar('table_key', 20),
          integer('cells'),
          integer('reported'),
          integer('nonzero'),
          varchar('digest', 64),
        ],
        indices: [byReport('report_table')],
        foreignKeys: [toReport('report_table')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'prose_figure',
        columns: [
          id('prose_figure'),
          integer('report_id'),
          varchar('figure_key', 30),
          { ...double('value'), isNullable: false },
          varchar('unit', 10),
          text('text', false),
          integer('line'),
          integer('page', true),
          varchar('section_key', 20, true),
          varchar('outcome', 20),
          text('reason'),
          text('cells'),
          double('table_value'),
          integer('table_line', true),
        ],
        indices: [byReport('prose_figure')],
        foreignKeys: [toReport('prose_figure')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'narrative_band',
        columns: [
          { ...integer('report_id'), isPrimary: true, primaryKeyConstraintName: 'pk_narrative_band' },
          { ...integer('band'), isPrimary: true, primaryKeyConstraintName: 'pk_narrative_band' },
          integer('hash'),
        ],
        indices: [new TableIndex({ name: 'ix_narrative_band_hash', columnNames: ['band', 'hash'] })],
        foreignKeys: [toReport('narrative_band')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'narrative_match',
        columns: [
          { ...integer('report_id'), isPrimary: true, primaryKeyConstraintName: 'pk_narrative_match' },
          { ...integer('other_id'), isPrimary: true, primaryKeyConstraintName: 'pk_narrative_match' },
          { ...double('similarity'), isNullable: false },
        ],
        indices: [new TableIndex({ name: 'ix_narrative_match_other', columnNames: ['other_id'] })],
        foreignKeys: [toReport('narrative_match'), toReport('narrative_match', 'other_id', 'fk_narrative_match_other')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['narrative_match', 'narrative_band', 'prose_figure', 'report_table', 'report_section'])
      await q.dropTable(t);
    await q.dropColumns('report', REPORT_COLUMNS);
  }
}
