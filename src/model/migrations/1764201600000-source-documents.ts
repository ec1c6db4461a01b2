/** Reports from web pages, Word files and PDFs: what each file was, and where in it each cell was printed. */
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { integer, varchar } from './columns';

const CELL_POSITION = ['page', 'grid_table', 'grid_row', 'grid_column'];

export class SourceDocuments1764201600000 implements MigrationInterface {
  name = 'SourceDocuments1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('report', [
      new TableColumn({ ...varchar('source_kind', 10), default: "'text'" }),
      new TableColumn(varchar('encoding', 20, true)),
    ]);
    await q.addColumns(
      'cell',
      CELL_POSITION.map((name) => new TableColumn(integer(name, true))),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('cell', CELL_POSITION);
    await q.dropColumns('report', ['source_kind', 'encoding']);
  }
}
