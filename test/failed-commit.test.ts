/**
 * A batch whose COMMIT fails (a full disk, an I/O error, a deferred constraint) must fail its reports loudly, leave the
 * connection as it was before the batch, and let the ingest go on: the summary must equal what the database holds.
 * Shown on a real full file system (a tiny tmpfs, when this process may mount one), on SQLite's max_page_count (a
 * database that cannot grow: the same SQLITE_FULL, anywhere), and on PostgreSQL with a COMMIT that fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeCorpus } from '../src/generate/corpus';
import { loadPaths, type FileResult, type Summary } from '../src/ingest/load';
import { openDatabase, splitSchema } from '../src/model/data-source';
import { onEachDatabase } from './helpers/each-database';

const REPORTS = 40;
const BATCH = 5;

let dir: string;
let corpus: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-full-'));
  corpus = path.join(dir, 'corpus');
  // One report per agency and year: every file is a report of its own, so "loaded" names exactly what must be stored.
  await writeCorpus(corpus, { reports: REPORTS, seed: 5, panelYears: 4 });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

interface Held {
  files: string[];
  cells: number;
  findings: number;
}

async function ingest(ds: DataSource): Promise<{ summary: Summary; results: FileResult[] }> {
  const results: FileResult[] = [];
  const summary = await loadPaths(ds, [corpus], { batchReports: BATCH, onFile: (r) => results.push(r) });
  return { summary, results };
}

/** What the summary says the database holds, to compare with what it does. */
function claimed(summary: Summary, results: FileResult[]): Held {
  return {
    files: results
      .filter((r) => r.outcome === 'loaded')
      .map((r) => path.basename(r.file))
      .sort(),
    cells: summary.cells,
    findings: summary.findings,
  };
}

const HELD_SQL = {
  files: 'SELECT source_file AS f FROM report ORDER BY source_file',
  cells: 'SELECT COUNT(*) AS n FROM cell',
  findings: 'SELECT COUNT(*) AS n FROM finding',
};

/** Checks the failures: loud, each naming its file and the database's reason. */
function expectLoudFailures(summary: Summary, reason: RegExp): void {
  expect(summary.failed).toBeGreaterThan(0);
  for (const f of summary.failures) {
    expect(f.error).toContain(f.file);
    expect(f.error).toMatch(reason);
  }
  expect(summary.loaded + summary.failed).toBe(REPORTS);
}

onEachDatabase((target) => {
  if (target.name === 'sqlite') {
    /** What a fresh connection to the file sees once the ingest's own connection is closed. */
    function heldBy(file: string): Held {
      const db = new Database(file, { readonly: true });
      try {
        return {
          files: (db.prepare(HELD_SQL.files).all() as { f: string }[]).map((r) => r.f),
          cells: (db.prepare(HELD_SQL.cells).get() as { n: number }).n,
          findings: (db.prepare(HELD_SQL.findings).get() as { n: number }).n,
        };
      } finally {
        db.close();
      }
    }

    const inTransaction = (ds: DataSource) =>
      (ds.driver as unknown as { databaseConnection: Database.Database }).databaseConnection.inTransaction;

    // The database fills at a different moment for each cap: within a report's statements (SQLite then rolls back
    // the whole transaction itself), or at a COMMIT.
    it.each([20, 40, 60, 100, 150])(
      'a database that cannot grow (max_page_count + %i): every batch that did not commit fails by name; the rest is held',
      async (room) => {
        const file = path.join(dir, `capped-${room}.db`);
        const ds = await openDatabase(file);
        const [{ page_count: pages }] = await ds.query('PRAGMA page_count');
        await ds.query(`PRAGMA max_page_count = ${pages + room}`);
        const { summary, results } = await ingest(ds);
        expectLoudFailures(summary, /not stored: .*database or disk is full/);
        expect(inTransaction(ds)).toBe(false);
        await ds.destroy();
        expect(heldBy(file)).toEqual(claimed(summary, results));
      },
    );

    const mounts = process.getuid?.() === 0 && process.platform === 'linux';
    it.skipIf(!mounts)('a full file system (a 1 MB tmpfs): the summary equals what the database holds', async () => {
      const mount = path.join(dir, 'tmpfs');
      spawnSync('mkdir', ['-p', mount]);
      const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount], { encoding: 'utf8' });
      expect(mounted.status, mounted.stderr).toBe(0);
      try {
        const file = path.join(mount, 'full.db');
        const ds = await openDatabase(file);
        const { summary, results } = await ingest(ds);
        expectLoudFailures(summary, /not stored: .*database or disk is full/);
        expect(summary.loaded).toBeGreaterThan(0);
        expect(inTransaction(ds)).toBe(false);
        await ds.destroy();
        expect(heldBy(file)).toEqual(claimed(summary, results));
      } finally {
        spawnSync('umount', ['-l', mount]);
      }
    });
  } else {
    let db: string;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ db, drop } = await target.scratch());
    });
    afterAll(() => drop());

    it('a COMMIT that fails (a deferred constraint) fails that batch by name; the batches after it commit', async () => {
      const ds = await openDatabase(db);
      const { schema } = splitSchema(db);
      // Checked only at COMMIT: the batch holding file 000013 cannot commit.
      await ds.query(`
        CREATE FUNCTION "${schema}".refuse_commit() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN RAISE EXCEPTION 'could not write to file: No space left on device'; END $$`);
      await ds.query(`
        CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT ON "${schema}".report
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
          WHEN (NEW.source_file = '000013-cell-lines.txt') EXECUTE FUNCTION "${schema}".refuse_commit()`);
      const { summary, results } = await ingest(ds);
      expectLoudFailures(summary, /not stored: .*No space left on device/);
      // That batch only (batches close after BATCH reports or two seconds): up to BATCH files in a row, the refused one among them.
      const failed = summary.failures.map((f) => Number(path.basename(f.file).slice(0, 6)));
      expect(failed).toContain(13);
      expect(failed.length).toBeLessThanOrEqual(BATCH);
      expect(failed).toEqual(failed.map((_, i) => failed[0] + i));
      await ds.destroy();
      const client = new Client({ connectionString: splitSchema(db).url });
      await client.connect();
      try {
        await client.query(`SET search_path = "${schema}"`);
        const held: Held = {
          files: (await client.query(HELD_SQL.files)).rows.map((r) => r.f),
          cells: Number((await client.query(HELD_SQL.cells)).rows[0].n),
          findings: Number((await client.query(HELD_SQL.findings)).rows[0].n),
        };
        expect(held).toEqual(claimed(summary, results));
      } finally {
        await client.end();
      }
    });
  }
});
