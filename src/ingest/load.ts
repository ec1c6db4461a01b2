/** Loads parsed reports into the database: each report all or nothing (a savepoint in a batch transaction), idempotent, replacing changed files. */
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { ParsedReport } from '../parser/types';
import { isPostgres, run } from '../model/bulk';
import { DeferredIndexes } from '../model/indexes';
import { PendingSummaries } from '../model/summary';
import { WriteTransaction } from '../model/transaction';
import { parseHere, prepare, type Parser, type Prepared } from './read';
import type { FileResult, Origin, Summary } from './results';
import { relink } from './agencies';
import type { Overrides } from './overrides';
import { isHeld, notStored, repoint, store, storeReport, type StoreOptions, type Written } from './store';
import { countFiles, type FilePath, walk } from './walk';

export { parseHere, type Parser } from './read';
export type { FileResult, Origin, Outcome, Summary, VersionNote } from './results';
export { relink } from './agencies';
export { OverrideError, OVERRIDES_FILE, readOverrides, type Overrides } from './overrides';
export { storeReport } from './store';
export { countFiles, walk } from './walk';

export async function loadFile(
  ds: DataSource,
  file: FilePath,
  parse: Parser = parseHere,
  overrides: Overrides = new Map(),
): Promise<FileResult> {
  const p = await prepare(ds, file, parse);
  if (!('parsed' in p)) {
    if (p.outcome === 'unchanged' && p.reportId !== undefined) await repoint(ds, p.reportId, p.file);
    return p;
  }
  try {
    return await storeReport(ds, p.parsed, p.sha256, { overrides });
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
  /** The user's agency identities (data/agencies.csv): stored reports are re-linked to them first, new ones follow them. */
  overrides?: Overrides;
  /** Drop the query-only indexes for the load and build them after (default: by the rule of isBulk). */
  bulk?: boolean;
  /** How many files `paths` hold, if counted already (for the rule of isBulk). */
  files?: number;
}

/** The fewest files a load must bring for it to be a bulk load. */
export const BULK_FILES = 1000;

/**
 * A bulk load drops the indexes that only serve queries (model/indexes.ts) and builds them after: when it brings at
 * least BULK_FILES files and at least as many as the reports stored. Building an index over all cells costs about
 * a fifth of keeping it up for the same number of cells, so a load of as many reports as are stored comes out well
 * ahead; a small load into a large database keeps its indexes up as it goes (and queries meanwhile stay fast).
 */
async function isBulk(ds: DataSource, paths: string[], opts: LoadOptions): Promise<boolean> {
  if (opts.bulk !== undefined) return opts.bulk;
  const files = opts.files ?? (await countFiles(paths));
  if (files < BULK_FILES) return false;
  const [{ n }] = await run<{ n: unknown }>(ds, 'SELECT COUNT(*) AS n FROM report');
  return files >= Number(n);
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
 * A batch that does not commit (a full disk, an I/O error; or rolled back by the database itself half-way) fails all
 * its reports, each by name, and the next batch starts on a connection out of any transaction. What the summary
 * then says is stored is asked of the database, not assumed.
 */
class BatchWriter {
  private tx: WriteTransaction | undefined;
  private results: FileResult[] = [];
  /** What this batch wrote: where it is in results, and what to look it up by. */
  private written: ({ at: number } & Written)[] = [];
  /** Reports written by batches that did not commit: a file found "unchanged" against one of them was not stored. */
  private readonly lost = new Set<number>();
  private openedAt = 0;
  /** The reports whose summary rows this batch renews before it commits. */
  private readonly summaries = new PendingSummaries();

  constructor(
    private readonly ds: DataSource,
    private readonly committed: (results: FileResult[]) => void,
    private readonly batchReports = BATCH_REPORTS,
    private readonly force = false,
    private readonly overrides: Overrides = new Map(),
  ) {}

  async add(p: Prepared): Promise<void> {
    if ('parsed' in p) await this.store(p);
    else {
      // An unchanged file read from another place: the report points at where it is now (its original, served).
      if (p.outcome === 'unchanged' && p.reportId !== undefined) {
        const reportId = p.reportId;
        const r = await (await this.transaction()).savepoint((em) => repoint(em, reportId, p.file));
        if (!r.ok && r.transactionLost) await this.settle(r.error);
      }
      this.results.push(this.stillUnchanged(p));
    }
    if (this.results.length >= this.batchReports || Date.now() - this.openedAt >= BATCH_MS) await this.commit();
  }

  private stillUnchanged(r: FileResult): FileResult {
    if (r.outcome !== 'unchanged' || !this.lost.has(r.reportId!)) return r;
    return notStored(r.file, new Error('its identical copy was in a batch that did not commit'));
  }

  private async transaction(): Promise<WriteTransaction> {
    if (!this.tx) {
      this.tx = await WriteTransaction.begin(this.ds);
      this.openedAt = Date.now();
    }
    return this.tx;
  }

  private async store(p: { file: string; sha256: string; parsed: ParsedReport; origin?: Origin }): Promise<void> {
    const tx = await this.transaction();
    const opts: StoreOptions = {
      origin: p.origin,
      force: this.force,
      overrides: this.overrides,
      summaries: this.summaries,
    };
    const name = p.origin?.name ?? path.basename(p.parsed.source);
    const r = await tx.savepoint((em) => store(em, p.parsed, name, p.sha256, p.file, opts));
    if (r.ok) {
      if (r.value.outcome !== 'unchanged')
        this.written.push({ at: this.results.length, reportId: r.value.reportId, sha256: p.sha256 });
      this.results.push(r.value);
      return;
    }
    this.results.push(notStored(p.file, r.error));
    if (r.transactionLost) await this.settle(r.error);
  }

  async commit(): Promise<void> {
    if (this.tx) {
      try {
        // A failure here fails the batch as a failed COMMIT does: each of its reports by name.
        await this.summaries.flush(this.tx.manager);
        await this.tx.commit();
        this.tx = undefined;
        this.written = [];
      } catch (e) {
        await this.settle(e);
      }
    }
    this.committed(this.results);
    this.results = [];
  }

  /** After a COMMIT that failed or a transaction the database rolled back: what the batch wrote and is not held fails. */
  private async settle(cause: unknown): Promise<void> {
    const tx = this.tx!;
    this.tx = undefined;
    this.summaries.clear();
    await tx.abandon();
    for (const w of this.written) {
      if (await isHeld(this.ds, w)) continue;
      if (w.reportId !== undefined) this.lost.add(w.reportId);
      this.results[w.at] = notStored(this.results[w.at].file, cause);
    }
    this.results = this.results.map((r) => this.stillUnchanged(r));
    this.written = [];
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
 * Stores the next prepared file, then lets the files read ahead move on. On SQLite every statement of a store
 * resolves at once (better-sqlite3 is synchronous), so without a turn of the event loop between reports no file read
 * and no parsed report arrives while a batch is written: the read-ahead drained, then the writer waited for the
 * reader and the parser in turn (a quarter of a 1,000-report ingest idle).
 */
async function storeNext(writer: BatchWriter, ahead: Promise<Prepared>[]): Promise<void> {
  await writer.add(await ahead.shift()!);
  await new Promise(setImmediate);
}

/**
 * Loads files in walk order. Reading and parsing run ahead of storing (in parallel with a worker pool); storing is
 * sequential, so ids follow file order. Results (and onFile) come as their batch commits.
 */
export async function loadPaths(ds: DataSource, paths: string[], opts: LoadOptions = {}): Promise<Summary> {
  const parse = opts.parse ?? parseHere;
  const overrides = opts.overrides ?? new Map();
  await relink(ds, overrides);
  const summary: Summary = {
    loaded: 0,
    replaced: 0,
    worse: 0,
    unchanged: 0,
    failed: 0,
    cells: 0,
    findings: 0,
    failures: [],
    warnings: [],
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
    overrides,
  );
  const deferred = (await isBulk(ds, paths, opts)) ? await DeferredIndexes.drop(ds) : undefined;
  try {
    const ahead: Promise<Prepared>[] = [];
    for await (const file of walk(paths)) {
      const p = prepare(ds, file, parse, typeof file === 'string' ? opts.origins?.get(file) : undefined);
      p.catch(() => undefined); // taken in order below; never an unhandled rejection meanwhile
      ahead.push(p);
      if (ahead.length >= READ_AHEAD) await storeNext(writer, ahead);
    }
    while (ahead.length > 0) await storeNext(writer, ahead);
    await writer.commit();
  } finally {
    // Whether or not the load went through. Indexes not built now (a full disk) are built at the next open.
    await deferred
      ?.restore()
      .catch((e: Error) => summary.warnings.push(`indexes not built again yet (the next open will): ${e.message}`));
  }
  if (summary.loaded + summary.replaced > 0) {
    // Statistics only speed queries up: on a full disk the reports stored stay stored, and the next ingest refreshes them.
    await refreshStatistics(ds).catch((e: Error) =>
      summary.warnings.push(`planner statistics not refreshed: ${e.message}`),
    );
  }
  return summary;
}
