/** The schema comes from migrations, and it is exactly what the entities describe, on both databases. */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/model/data-source';
import { MIGRATIONS } from '../src/model/migrations';
import { onEachDatabase } from './helpers/each-database';

onEachDatabase((target) => {
  describe('migrations', () => {
    it('build the schema the entities describe, and run once', async () => {
      const scratch = await target.scratch();
      try {
        const ds = await openDatabase(scratch.db);
        const pending = await ds.driver.createSchemaBuilder().log();
        expect(pending.upQueries.map((q) => q.query)).toEqual([]);
        await ds.destroy();
        const again = await openDatabase(scratch.db);
        const ran = (await again.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[];
        expect(ran.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
        expect(await again.showMigrations()).toBe(false);
        await again.destroy();
      } finally {
        await scratch.drop();
      }
    });
  });
});
