/**
 * Indexes a bulk load has dropped and must build again (model/indexes.ts): each with the statement that made it, read
 * from the database before the drop, so the migrations stay what decides which indexes exist. A load killed half-way
 * leaves its rows here, and the next open builds those indexes again.
 */
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { text, varchar } from './columns';

export class DeferredIndexes1764894600000 implements MigrationInterface {
  name = 'DeferredIndexes1764894600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'deferred_index',
        columns: [
          { ...varchar('name', 100), isPrimary: true, primaryKeyConstraintName: 'pk_deferred_index' },
          text('definition', false),
          varchar('owner', 300),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('deferred_index');
  }
}
