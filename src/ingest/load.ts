/** Loads parsed reports into the database: each report all or nothing (a savepoint in a batch transaction), idempotent, replacing changed files. */
import path from 'node:path';
import type { DataSource, QueryRunner } from 'typeorm';
import type { ParsedReport } from '../parser/types';
import { isPostgres } from '../model/bulk';
import { parseHere, prepare, type Parser, type Prepared } from './read';
import type { FileResult, Origin, Summary } from './results';
import { notStored, repoint, store, storeReport, type StoreOptions } from './store';
import { walk } from './walk';

export { parseHere, type Parser } from './read';
export type { FileResult, Origin, Outcome, Summary, VersionNote } from './results';
export { storeReport } from './store';
export { countFiles, walk } from './walk';

export async function loadFile(ds: DataSource, file: string, parse: Parser = parseHere): Promise<FileResult> {
  const p = await prepare(ds, file, parse);
  if (!('parsed' in p)) {
    if (p.outcome === 'unchanged' && p.reportId !== undefined) await repoint(ds, p.reportId, p.file);
    return p;
  }
  try {
    return await storeReport(ds, p.parsed, p.sha256);
  } catch (e) {
    return notStored(p.file, e);
  }
}

export interface LoadOptions {
  /** Called after each file, with how many files were done. */
  onFile?: (r: FileResult, done: number) => void;
  /** Where parsing happens (default: this thread). */
  parse?: Parser;
  /** Reports per transaction (default 1,000): smaller batches show new reports to readers sooner, larger ones load faster. */
  batchReports?: number;
  /** Make each new version current even when it is clearly worse than the current one. */
  force?: boolean;
  /** Downloaded files (by path): where each came from. */
  origins?: ReadonlyMap<string, Origin>;
}

/** Files read and parsed ahead of the one being stored: enough to keep a parser pool busy, few enough to stay small. */
const READ_AHEAD = 16;

/** A batch is committed after this many reports (unless told otherwise) or this many milliseconds, whichever comes first. */
export const BATCH_REPORTS = 1000;
const BATCH_MS = 2000;

/**
 * Stores reports in batches: one transaction per batch, one savepoint per report inside it. Each report is all or
 * nothing (a failure rolls back to its savepoint and the batch goes on); a crash loses at most the batch not yet
 * committed — whole reports, never a part of one — which the next ingest loads again. One commit per batch instead
 * of per report is what makes the covering slice index affordable (BENCHMARKS.md).
 */
class BatchWriter {
  private runner: QueryRunner | undefined;
  private results: FileResult[] = [];
  private openedAt = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly committed: (results: FileResult[]) => void,
    private readonly batchReports = BATCH_REPORTS,
    private readonly force = false,
  ) {}

  async add(p: Prepared): Promise<void> {
    if ('parsed' in p) this.results.push(await this.store(p));
    else {
      if (p.outcome === 'unchanged' && p.reportId !== undefined)
        await repoint((await this.transaction()).manager, p.reportId, p.file);
      this.results.push(p);
    }
    if (this.results.length >= this.batchReports || Date.now() - this.openedAt >= BATCH_MS) await this.commit();
  }

  private async transaction(): Promise<QueryRunner> {
    if (!this.runner) {
      this.runner = this.ds.createQueryRunner();
      await this.runner.connect();
      await this.runner.startTransaction();
      this.openedAt = Date.now();
    }
    return this.runner;
  }

  private async store(p: { file: string; sha256: string; parsed: ParsedReport; origin?: Origin }): Promise<FileResult> {
    const runner = await this.transaction();
    await runner.startTransaction(); // a savepoint
    try {
      const opts: StoreOptions = { origin: p.origin, force: this.force };
      const name = p.origin?.name ?? path.basename(p.parsed.source);
      const r = await store(runner.manager, p.parsed, name, p.sha256, p.file, opts);
      await runner.commitTransaction(); // releases the savepoint
      return r;
    } catch (e) {
      await runner.rollbackTransaction(); // back to the savepoint: nothing of this report remains
      return notStored(p.file, e);
    }
  }

  async commit(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    if (runner) {
      try {
        await runner.commitTransaction();
      } catch (e) {
        await runner.rollbackTransaction().catch(() => undefined);
        this.results = this.results.map((r) =>
          r.outcome === 'loaded' || r.outcome === 'replaced' || r.outcome === 'worse' ? notStored(r.file, e) : r,
        );
      } finally {
        await runner.release();
      }
    }
    this.committed(this.results);
    this.results = [];
  }
}

/**
 * Fresh planner statistics after a load, so the API's plans fit the data (an approximate ANALYZE on SQLite: fast).
 * On PostgreSQL VACUUM too: it marks the new pages all-visible, without which the covering index cannot answer alone.
 */
async function refreshStatistics(ds: DataSource): Promise<void> {
  if (isPostgres(ds)) await ds.query('VACUUM (ANALYZE) agency, report, cell, finding');
  else {
    await ds.query('PRAGMA analysis_limit = 1000');
    await ds.query('ANALYZE');
  }
}

/**
 * Loads files in walk order. Reading and parsing run ahead of storing (in parallel with a worker pool); storing is
 * sequential, so ids follow file order. Results (and onFile) come as their batch commits.
 */
export async function loadPaths(ds: DataSource, paths: string[], opts: LoadOptions = {}): Promise<Summary> {
  const parse = opts.parse ?? parseHere;
  const summary: Summary = {
    loaded: 0,
    replaced: 0,
    worse: 0,
    unchanged: 0,
    failed: 0,
    cells: 0,
    findings: 0,
    failures: [],
  };
  let done = 0;
  // Agency and year of each report this run stored: a second file for one of them is reported as such.
  const stored = new Set<string>();
  const writer = new BatchWriter(
    ds,
    (results) => {
      for (const r of results) {
        const v = r.version;
        if (v) {
          const key = `${v.agencyId}/${v.year}`;
          if (v.previous) v.sameBatch = stored.has(key);
          stored.add(key);
        }
        summary[r.outcome]++;
        summary.cells += r.cells;
        summary.findings += r.findings;
        if (r.outcome === 'failed') summary.failures.push(r);
        opts.onFile?.(r, ++done);
      }
    },
    opts.batchReports,
    opts.force,
  );
  const ahead: Promise<Prepared>[] = [];
  for await (const file of walk(paths)) {
    const p = prepare(ds, file, parse, opts.origins?.get(file));
    p.catch(() => undefined); // taken in order below; never an unhandled rejection meanwhile
    ahead.push(p);
    if (ahead.length >= READ_AHEAD) await writer.add(await ahead.shift()!);
  }
  while (ahead.length > 0) await writer.add(await ahead.shift()!);
  await writer.commit();
  if (summary.loaded + summary.replaced > 0) await refreshStatistics(ds);
  return summary;
}
