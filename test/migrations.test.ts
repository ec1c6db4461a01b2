/** The schema comes from migrations, and it is exactly what the entities describe, on both databases. */
import type { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { loadPaths } from '../src/ingest/load';
import { isPostgres } from '../src/model/bulk';
import { openDatabase } from '../src/model/data-source';
import { DeferredIndexes } from '../src/model/indexes';
import { MIGRATIONS } from '../src/model/migrations';
import { onEachDatabase } from './helpers/each-database';
import { undoThrough } from './helpers/migrations';

type Row = Record<string, unknown>;

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

    it('measure the completeness of reports stored before it was measured, from their cells', async () => {
      const scratch = await target.scratch();
      try {
        const ds = await openDatabase(scratch.db);
        await loadPaths(ds, ['data/reports']);
        const stored = async () =>
          (
            (await ds.query('SELECT source_file, cells_found, cells_expected FROM report ORDER BY source_file')) as {
              source_file: string;
              cells_found: unknown;
              cells_expected: unknown;
            }[]
          ).map((r) => [r.source_file, Number(r.cells_found), Number(r.cells_expected)]);
        const atIngest = await stored();
        // As ingest stores it (seed 001 lacks the 总计 of 4 rows and 3 rows of 不予公开).
        expect(atIngest.map(([, found, expected]) => `${found}/${expected}`)).toEqual([
          '198/198',
          '173/198',
          '198/198',
          '200/200',
          '198/198',
        ]);
        // Outside a transaction: SQLite ignores turning foreign keys off inside one, and rebuilding the report table
        // without its new columns would then delete every cell (ON DELETE CASCADE). runMigrations turns them off first.
        await ds.undoLastMigration({ transaction: 'none' });
        expect(Number((await ds.query('SELECT COUNT(*) AS n FROM cell'))[0].n)).toBe(967);
        await ds.runMigrations({ transaction: 'all' });
        expect(await stored()).toEqual(atIngest);
        await ds.destroy();
      } finally {
        await scratch.drop();
      }
    });

    it('measure the longest narrative section of reports stored before it was measured', async () => {
      const scratch = await target.scratch();
      try {
        const ds = await openDatabase(scratch.db);
        await loadPaths(ds, ['data/reports', 'data/published']);
        const bytes = async () =>
          ((await ds.query('SELECT source_file, section_bytes FROM report ORDER BY source_file')) as Row[]).map((r) => [
            r.source_file,
            Number(r.section_bytes),
          ]);
        const atIngest = await bytes();
        const measured = (await ds.query(
          `SELECT source_file, ${['overview', 'problems', 'other'].map((c) => `COALESCE(octet_length(${c}), 0) AS ${c}`).join(', ')} FROM report ORDER BY source_file`,
        )) as Row[];
        expect(atIngest).toEqual(
          measured.map((r) => [r.source_file, Math.max(Number(r.overview), Number(r.problems), Number(r.other))]),
        );
        expect(atIngest.every(([, n]) => Number(n) > 100)).toBe(true);
        // Back to before it, later migrations undone first.
        await undoThrough(ds, 'SectionBytes1765065600000');
        await expect(ds.query('SELECT section_bytes FROM report')).rejects.toThrow(/section_bytes/);
        await ds.runMigrations({ transaction: 'all' });
        expect(await bytes()).toEqual(atIngest);
        await ds.destroy();
      } finally {
        await scratch.drop();
      }
    });

    it('make the index by year covering, also where a load killed mid-way left the old one to build', async () => {
      const scratch = await target.scratch();
      const columns = async (ds: DataSource) =>
        isPostgres(ds)
          ? String(
              (
                (await ds.query(
                  "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_report_year' AND schemaname = current_schema()",
                )) as Row[]
              )[0]?.indexdef,
            ).replace(/^.*\((.*)\)$/, '$1')
          : ((await ds.query("SELECT name FROM pragma_index_info('ix_report_year') ORDER BY seqno")) as Row[])
              .map((r) => r.name)
              .join(', ');
      try {
        let ds = await openDatabase(scratch.db);
        await loadPaths(ds, ['data/reports']);
        expect(await columns(ds)).toBe('year, agency_id, format');
        await undoThrough(ds, 'ReportYearCovering1765152000000');
        expect(await columns(ds)).toBe('year');
        // A bulk load drops it, recording the old definition, and is killed before building it again.
        const deferred = await DeferredIndexes.drop(ds);
        expect(deferred?.names).toContain('ix_report_year');
        await ds.destroy();
        ds = await openDatabase(scratch.db);
        expect(await columns(ds)).toBe('year, agency_id, format');
        expect(await ds.query("SELECT name FROM deferred_index WHERE name = 'ix_report_year'")).toEqual([]);
        await ds.destroy();
      } finally {
        await scratch.drop();
      }
    });
  });
});
