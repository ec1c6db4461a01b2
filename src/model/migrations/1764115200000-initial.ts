/**
 * The first schema. Written with TypeORM's portable Table API, so the one migration creates the same tables on SQLite
 * and PostgreSQL. A migration is history: never edit it once released, add the next one.
 */
import { Table, TableForeignKey, TableIndex, TableUnique, type MigrationInterface, type QueryRunner } from 'typeorm';
import { double, id, integer, text, varchar } from './columns';

const toReport = (table: string) =>
  new TableForeignKey({
    name: `fk_${table}_report`,
    columnNames: ['report_id'],
    referencedTableName: 'report',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });

export class Initial1764115200000 implements MigrationInterface {
  name = 'Initial1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'agency',
        columns: [
          id('agency'),
          varchar('key', 200),
          varchar('name', 200),
          varchar('full_name', 200),
          varchar('region', 100, true),
          varchar('level', 20, true),
        ],
        uniques: [new TableUnique({ name: 'uq_agency_key', columnNames: ['key'] })],
        indices: [
          new TableIndex({ name: 'ix_agency_region', columnNames: ['region'] }),
          new TableIndex({ name: 'ix_agency_level', columnNames: ['level'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'report',
        columns: [
          id('report'),
          integer('agency_id'),
          integer('year'),
          varchar('format', 4),
          varchar('published_on', 10, true),
          varchar('source_file', 500),
          varchar('sha256', 64),
          varchar('ingested_at', 30),
          text('overview'),
          text('problems'),
          text('other'),
        ],
        uniques: [new TableUnique({ name: 'uq_report_agency_year', columnNames: ['agency_id', 'year'] })],
        indices: [
          new TableIndex({ name: 'ix_report_year', columnNames: ['year'] }),
          new TableIndex({ name: 'ix_report_sha256', columnNames: ['sha256'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_report_agency',
            columnNames: ['agency_id'],
            referencedTableName: 'agency',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'cell',
        columns: [
          id('cell'),
          integer('report_id'),
          integer('year'),
          integer('agency_id'),
          varchar('table_key', 20),
          varchar('row_key', 40),
          varchar('column_key', 20),
          double('value'),
          varchar('raw', 200),
          integer('line'),
        ],
        indices: [
          new TableIndex({ name: 'ix_cell_report', columnNames: ['report_id'] }),
          new TableIndex({
            name: 'ix_cell_slice',
            columnNames: ['table_key', 'column_key', 'row_key', 'year', 'agency_id', 'report_id', 'value'],
          }),
        ],
        foreignKeys: [toReport('cell')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'finding',
        columns: [
          id('finding'),
          integer('report_id'),
          varchar('code', 40),
          varchar('severity', 10),
          text('message', false),
          integer('line', true),
          varchar('table_key', 20, true),
          varchar('row_key', 40, true),
          varchar('column_key', 20, true),
          varchar('rule', 40, true),
          double('expected'),
          double('actual'),
          text('cells'),
        ],
        indices: [
          new TableIndex({ name: 'ix_finding_report', columnNames: ['report_id'] }),
          new TableIndex({ name: 'ix_finding_code', columnNames: ['code', 'rule'] }),
        ],
        foreignKeys: [toReport('finding')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'dimension',
        columns: [
          id('dimension'),
          varchar('table_key', 20),
          varchar('kind', 6),
          varchar('key', 40),
          varchar('label', 100),
          varchar('en', 100),
          varchar('category', 20, true),
          integer('sort_order'),
          varchar('formats', 20),
        ],
        uniques: [new TableUnique({ name: 'uq_dimension', columnNames: ['table_key', 'kind', 'key'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['dimension', 'finding', 'cell', 'report', 'agency']) await q.dropTable(t);
  }
}
