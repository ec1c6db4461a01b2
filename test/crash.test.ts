/**
 * Crash safety: the ingest process killed (SIGKILL) at random moments, twenty times, on SQLite in WAL mode — after
 * each kill the database passes SQLite's integrity and foreign-key checks and holds only whole reports, each with
 * exactly the cells and findings a clean ingest gives it. And a server reading while an ingest writes sees only
 * whole reports, never an error.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../src/generate/corpus';
import { rng } from '../src/generate/model';
import { openDatabase } from '../src/model/data-source';
import { loadPaths } from '../src/ingest/load';
import { createApi } from '../src/server/apollo';
import { gongkaiSchema } from '../src/server/schema';
import { serve } from '../src/server/app';
import { DEFERRABLE } from '../src/model/indexes';
import { BUCKET_LIMITS } from '../src/query/chunks';
import { GONGKAI_CLI } from './helpers/cli-process';

const REPORTS = 1600;
const KILLS = 20;
/** Small batches: many commits, so kills land before, during and after them, and readers see the count grow. */
const BATCH = 25;

interface Whole {
  cells: number;
  findings: number;
}

let dir: string;
let corpus: string;
/** What a clean, uninterrupted ingest stores for each file. */
const reference = new Map<string, Whole>();
/** The indexes a clean ingest leaves. */
let referenceIndexes: string[];

const INDEXES = "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name";

/** The indexes a database holds, and those a bulk load dropped and recorded to be built again. */
function indexesOf(db: string): { built: string[]; toBuild: string[] } {
  const sqlite = new Database(db);
  try {
    const names = (sql: string) => (sqlite.prepare(sql).all() as { name: string }[]).map((r) => r.name);
    return { built: names(INDEXES), toBuild: names('SELECT name FROM deferred_index ORDER BY name') };
  } finally {
    sqlite.close();
  }
}

// Generous hang bounds, not speed limits: twenty ingest processes and their kills take minutes on a busy 2-core machine.
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-crash-'));
  corpus = path.join(dir, 'corpus');
  // One report per agency and year: every file is a report of its own (no replacements), in year order per agency.
  await writeCorpus(corpus, { reports: REPORTS, seed: 20261126, panelYears: 4 });
  const ds = await openDatabase(path.join(dir, 'reference.db'));
  await loadPaths(ds, [corpus]);
  for (const r of await ds.query(
    'SELECT r.source_file AS file, (SELECT COUNT(*) FROM cell c WHERE c.report_id = r.id) AS cells, (SELECT COUNT(*) FROM finding f WHERE f.report_id = r.id) AS findings FROM report r',
  )) {
    reference.set(r.file, { cells: Number(r.cells), findings: Number(r.findings) });
  }
  referenceIndexes = ((await ds.query(INDEXES)) as { name: string }[]).map((r) => r.name);
  await ds.destroy();
  expect(reference.size).toBe(REPORTS);
  expect(referenceIndexes).toContain('ix_cell_slice');
}, 600_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

/** The CLI in a process of its own, as a user runs it; with -v it prints a line per file as each batch commits. */
function ingestProcess(db: string): ChildProcess {
  const [node, ...cli] = GONGKAI_CLI;
  const child = spawn(node, [...cli, 'ingest', corpus, '--db', db, '--batch', String(BATCH), '-v'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  child.stdout!.resume(); // read whether or not anyone listens: a full pipe would stop the child
  return child;
}

/** Resolves when the process has reported this many files done (or has exited). */
function filesDone(child: ChildProcess, files: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += (chunk.toString().match(/^\[\d+\/\d+\]/gm) ?? []).length;
      if (seen >= files) resolve();
    });
    child.once('exit', () => resolve());
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

/** A fresh database with its schema, so that readers and the killed writers never meet a migration half-way. */
async function freshDatabase(name: string): Promise<string> {
  const db = path.join(dir, name);
  await (await openDatabase(db)).destroy();
  return db;
}

/**
 * What is wrong with the database: integrity, foreign keys, any report not exactly as a clean ingest stores it, and
 * any index neither there nor recorded to be built again (a bulk load drops some; the next open builds them).
 */
function damage(db: string): { problems: string[]; reports: number } {
  const sqlite = new Database(db);
  try {
    const problems: string[] = [];
    const { built, toBuild } = indexesOf(db);
    const indexes = [...built, ...toBuild].sort();
    if (indexes.join() !== referenceIndexes.join()) problems.push(`indexes: ${indexes.join(', ')}`);
    const integrity = sqlite.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
    const orphans = sqlite.pragma('foreign_key_check') as unknown[];
    if (orphans.length > 0) problems.push(`foreign_key_check: ${orphans.length} rows`);
    const rows = sqlite
      .prepare(
        'SELECT r.source_file AS file, (SELECT COUNT(*) FROM cell c WHERE c.report_id = r.id) AS cells, (SELECT COUNT(*) FROM finding f WHERE f.report_id = r.id) AS findings FROM report r',
      )
      .all() as { file: string; cells: number; findings: number }[];
    for (const r of rows) {
      const whole = reference.get(r.file);
      if (!whole || whole.cells !== r.cells || whole.findings !== r.findings)
        problems.push(`${r.file}: ${r.cells} cells, ${r.findings} findings; whole: ${JSON.stringify(whole)}`);
    }
    return { problems, reports: rows.length };
  } finally {
    sqlite.close();
  }
}

describe('crash safety (SQLite, WAL)', () => {
  it(`holds only whole reports after each of ${KILLS} SIGKILLs at random moments of an ingest, and a last run completes it`, async () => {
    const db = await freshDatabase('killed.db');
    const random = rng(7);
    const progress: number[] = [];
    let stored = 0;
    for (let i = 0; i < KILLS; i++) {
      const child = ingestProcess(db);
      // Each run first passes over the files stored before (skipped by hash), then stores new ones: it is killed a
      // random number of files into the new ones, and a random moment later — in the middle of a batch or its commit.
      await filesDone(child, stored + 1 + Math.floor(random() * 3 * BATCH));
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 150)));
      expect(child.exitCode, `run ${i + 1} was still running when killed`).toBeNull();
      child.kill('SIGKILL');
      await exited(child);
      const { problems, reports } = damage(db);
      expect(problems, `after kill ${i + 1}`).toEqual([]);
      progress.push(reports);
      stored = reports;
    }
    // Each run went on from what the runs before it committed.
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress[KILLS - 1]).toBeLessThan(REPORTS);

    const last = ingestProcess(db);
    expect(await exited(last)).toBe(0);
    expect(damage(db)).toEqual({ problems: [], reports: REPORTS });
    // Every index built, none left to build.
    expect(indexesOf(db)).toEqual({ built: referenceIndexes, toBuild: [] });
  }, 600_000);

  it('builds the indexes of a bulk load killed with them dropped when the database is next opened', async () => {
    const db = await freshDatabase('bulk-killed.db');
    // 1,600 files into an empty database: a bulk load, killed in its middle.
    const child = ingestProcess(db);
    await filesDone(child, 4 * BATCH);
    expect(child.exitCode).toBeNull();
    child.kill('SIGKILL');
    await exited(child);
    expect(indexesOf(db).toBuild).toEqual([...DEFERRABLE].sort());
    expect(damage(db).problems).toEqual([]);
    await (await openDatabase(db)).destroy();
    expect(indexesOf(db)).toEqual({ built: referenceIndexes, toBuild: [] });
  }, 600_000);
});

describe('serving while ingesting', () => {
  it('answers every request during an ingest from one snapshot of whole reports, without error', async () => {
    const db = await freshDatabase('served.db');
    const ds = await openDatabase(db);
    const { apollo: server, context } = createApi(await gongkaiSchema(), ds);
    await server.start();
    const child = ingestProcess(db);
    let running = true;
    const done = exited(child).then((code) => {
      running = false;
      return code;
    });
    const seen: number[] = [];
    try {
      for (;;) {
        const stillRunning = running;
        // A page of reports, their findings, and the number of cells: three statements, one snapshot.
        const res = await server.executeOperation(
          {
            query:
              '{ reports(first: 500) { totalCount nodes { sourceFile findings { code } } } facts(first: 1) { totalCount } }',
          },
          { contextValue: await context() },
        );
        if (res.body.kind !== 'single') throw new Error('expected a single result');
        const { data, errors } = res.body.singleResult as { data: any; errors?: unknown[] };
        expect(errors).toBeUndefined();
        const { totalCount, nodes } = data.reports;
        expect(nodes).toHaveLength(Math.min(totalCount, 500));
        for (const r of nodes)
          expect([r.sourceFile, r.findings.length]).toEqual([r.sourceFile, reference.get(r.sourceFile)!.findings]);
        // While the first 500 reports are all there is, every cell stored belongs to one of them, whole.
        if (totalCount <= 500)
          expect(data.facts.totalCount).toBe(
            nodes.reduce((n: number, r: any) => n + reference.get(r.sourceFile)!.cells, 0),
          );
        seen.push(totalCount);
        if (!stillRunning) break;
        await new Promise((resolve) => setTimeout(resolve, 10)); // lets the child's exit be noticed
      }
      expect(await done).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await server.stop();
      await ds.destroy();
    }
    // Many answers, while the count grew batch by batch, up to every report.
    expect(new Set(seen.filter((n) => n > 0 && n < REPORTS)).size).toBeGreaterThan(5);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[seen.length - 1]).toBe(REPORTS);
  }, 600_000);

  it('streams each export and large GraphQL answer in chunks from one snapshot: no bucket twice while reports arrive mid-order', async () => {
    const db = await freshDatabase('exported.db');
    const ds = await openDatabase(db);
    const server = await serve(ds, 0, '127.0.0.1');
    const { chunk, rows: bound } = BUCKET_LIMITS;
    // Small chunks: many statements per export, so batches commit between them; GraphQL streams past 300 buckets.
    BUCKET_LIMITS.chunk = 200;
    BUCKET_LIMITS.rows = 300;
    const child = ingestProcess(db);
    let running = true;
    const done = exited(child).then((code) => {
      running = false;
      return code;
    });
    const url = `${server.url.replace(/\/graphql$/, '')}/export/dispositions.json?groupBy=YEAR,AGENCY`;
    const sizes: number[] = [];
    try {
      while (running) {
        // Buckets by year, then agency: an agency's first year arriving lands before the buckets of later years, so
        // chunks read at different moments would repeat a bucket or skip one.
        const rows = (await (await fetch(url)).json()) as { year: number; agencyId: number; category: string }[];
        const keys = rows.map((r) => `${r.year} ${r.agencyId} ${r.category}`);
        expect(new Set(keys).size).toBe(keys.length);
        sizes.push(rows.length);
        const streamed = (await (
          await fetch(server.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              query: '{ dispositionBreakdown(groupBy: [YEAR, AGENCY]) { year agencyId category } }',
            }),
          })
        ).json()) as { data: { dispositionBreakdown: typeof rows } };
        const streamedKeys = streamed.data.dispositionBreakdown.map((r) => `${r.year} ${r.agencyId} ${r.category}`);
        expect(new Set(streamedKeys).size).toBe(streamedKeys.length);
        sizes.push(streamedKeys.length);
      }
      expect(await done).toBe(0);
    } finally {
      Object.assign(BUCKET_LIMITS, { chunk, rows: bound });
      child.kill('SIGKILL');
      await server.close();
      await ds.destroy();
    }
    expect(new Set(sizes.filter((n) => n > 0)).size).toBeGreaterThan(2);
  }, 600_000);
});
