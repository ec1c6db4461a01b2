/** Loads parsed reports into the database: each report all or nothing (a savepoint in a batch transaction), idempotent, replacing changed files. */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { megabytes } from '../ingest/documents';
import { parseFile } from '../ingest/parse';
import { squeeze } from '../ingest/text';
import { finding as makeFinding, type Finding as ParsedFinding, type ParsedReport } from '../ingest/types';
import { APPLICANT_COLUMNS, APPLICATIONS_TOTAL_COLUMN } from '../ingest/format';
import { insertRows, isPostgres, run, type SqlType } from './bulk';

const APPLICATION_COLUMNS = [...APPLICANT_COLUMNS, APPLICATIONS_TOTAL_COLUMN].map((c) => c.key);

export type Outcome = 'loaded' | 'replaced' | 'unchanged' | 'failed';

export interface FileResult {
  file: string;
  outcome: Outcome;
  reportId?: number;
  cells: number;
  findings: number;
  error?: string;
}

export interface Summary {
  loaded: number;
  replaced: number;
  unchanged: number;
  failed: number;
  cells: number;
  findings: number;
  /** The files that failed (the others are only counted, so memory stays flat however many files there are). */
  failures: FileResult[];
}

/** The files a folder is searched for; what each is, is then told by its content. Files named directly are always read. */
const REPORT_EXTENSIONS = new Set(['.txt', '.text', '.htm', '.html', '.shtml', '.xhtml', '.docx', '.doc', '.pdf']);

/**
 * Files named on the command line, and the report files inside folders (recursively, in name order, symbolic links
 * followed), one at a time. Whatever cannot be walked is yielded anyway, so that loadFile reports it and the batch goes on.
 */
export async function* walk(paths: string[]): AsyncGenerator<string> {
  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch {
      yield p;
      continue;
    }
    if (!s.isDirectory()) {
      yield p;
      continue;
    }
    let entries;
    try {
      entries = (await readdir(p, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      yield p; // an unreadable folder: reported as a file that cannot be read
      continue;
    }
    const folders: string[] = [];
    for (const e of entries) {
      const full = path.join(p, e.name);
      if (e.isDirectory()) folders.push(full);
      else if (REPORT_EXTENSIONS.has(path.extname(e.name).toLowerCase())) yield full; // files, links (even broken), pipes: prepare() tells
      else if (e.isSymbolicLink() && (await stat(full).then((t) => t.isDirectory(), () => false))) folders.push(full);
    }
    yield* walk(folders);
  }
}

/** How many files walk() will yield (for progress and ETA). */
export async function countFiles(paths: string[]): Promise<number> {
  let n = 0;
  for await (const _ of walk(paths)) n++;
  return n;
}

/** Parses a report file's bytes: in this thread, or in a pool of worker threads (see parse-pool.ts). */
export type Parser = (bytes: Buffer, source: string) => Promise<ParsedReport>;

export const parseHere: Parser = async (bytes, source) => parseFile(bytes, source);

type Prepared = FileResult | { file: string; sha256: string; parsed: ParsedReport };

/** Files larger than this are not read at all: no report is this large, and reading one would only fill memory. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

const failure = (file: string, error: string): FileResult => ({ file, outcome: 'failed', cells: 0, findings: 0, error: `${file}: ${error}` });

/** Reads, hashes and parses one file; everything but storing it. */
async function prepare(ds: DataSource, file: string, parse: Parser): Promise<Prepared> {
  let bytes: Buffer;
  try {
    // Checked before reading: a named pipe would block the read forever, a huge file would fill memory.
    const s = await stat(file);
    if (s.isDirectory()) return failure(file, 'cannot read: a folder that cannot be listed');
    if (!s.isFile()) return failure(file, 'not a regular file (a pipe, socket or device); not read');
    if (s.size > MAX_FILE_BYTES) return failure(file, `too large: ${megabytes(s.size)} (files over ${megabytes(MAX_FILE_BYTES)} are not read)`);
    bytes = await readFile(file);
  } catch (e) {
    return failure(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const same = await unchanged(ds, sha256);
  if (same !== undefined) return { file, outcome: 'unchanged', reportId: same, cells: 0, findings: 0 };
  try {
    return { file, sha256, parsed: await parse(bytes, file) };
  } catch (e) {
    return { file, outcome: 'failed', cells: 0, findings: 0, error: (e as Error).message };
  }
}

const unchanged = async (db: DataSource | EntityManager, sha256: string) => idOf(await run<{ id: unknown }>(db, 'SELECT id FROM report WHERE sha256 = ?', [sha256]));

const notStored = (file: string, e: unknown): FileResult => failure(file, `not stored: ${(e as Error).message}`);

export async function loadFile(ds: DataSource, file: string, parse: Parser = parseHere): Promise<FileResult> {
  const p = await prepare(ds, file, parse);
  if (!('parsed' in p)) return p;
  try {
    return await storeReport(ds, p.parsed, p.sha256);
  } catch (e) {
    return notStored(p.file, e);
  }
}

/** Stores one parsed report in one transaction: all of it, or (on any error) nothing. */
export function storeReport(ds: DataSource, parsed: ParsedReport, sha256: string): Promise<FileResult> {
  return ds.transaction((em) => store(em, parsed, path.basename(parsed.source), sha256, parsed.source));
}

const CELL_COLUMNS: [string, SqlType][] = [
  ['report_id', 'integer'], ['year', 'integer'], ['agency_id', 'integer'], ['table_key', 'varchar'], ['row_key', 'varchar'], ['column_key', 'varchar'],
  ['value', 'double precision'], ['raw', 'varchar'], ['line', 'integer'], ['page', 'integer'], ['grid_table', 'integer'], ['grid_row', 'integer'], ['grid_column', 'integer'],
];
const FINDING_COLUMNS: [string, SqlType][] = [
  ['report_id', 'integer'], ['code', 'varchar'], ['severity', 'varchar'], ['message', 'text'], ['line', 'integer'], ['table_key', 'varchar'], ['row_key', 'varchar'],
  ['column_key', 'varchar'], ['rule', 'varchar'], ['expected', 'double precision'], ['actual', 'double precision'], ['cells', 'text'],
];

const idOf = (rows: { id: unknown }[]) => (rows.length > 0 ? Number(rows[0].id) : undefined);

async function store(em: EntityManager, parsed: ParsedReport, sourceFile: string, sha256: string, file: string): Promise<FileResult> {
  // Checked again here: the same bytes twice in one batch are both past prepare() before either is stored.
  const same = await unchanged(em, sha256);
  if (same !== undefined) return { file, outcome: 'unchanged', reportId: same, cells: 0, findings: 0 };
  const { agency: a } = parsed;
  const key = squeeze(a.fullName);
  const agencyId =
    idOf(await run<{ id: unknown }>(em, 'SELECT id FROM agency WHERE key = ?', [key])) ??
    idOf(await run<{ id: unknown }>(em, 'INSERT INTO agency (key, name, full_name, region, level) VALUES (?, ?, ?, ?, ?) RETURNING id', [key, a.name, a.fullName, a.region, a.level]))!;
  // The same agency's report for the same year is replaced; its cells and findings go with it (ON DELETE CASCADE).
  const previous = idOf(await run<{ id: unknown }>(em, 'DELETE FROM report WHERE agency_id = ? AND year = ? RETURNING id', [agencyId, parsed.year]));

  const reportId = idOf(
    await run<{ id: unknown }>(
      em,
      'INSERT INTO report (agency_id, year, format, published_on, source_file, source_kind, encoding, sha256, ingested_at, overview, problems, other) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
      [agencyId, parsed.year, parsed.format, parsed.publishedOn, sourceFile, parsed.sourceKind, parsed.encoding, sha256, new Date().toISOString(), parsed.sections.overview, parsed.sections.problems, parsed.sections.other],
    ),
  )!;
  await insertRows(em, 'cell', CELL_COLUMNS, parsed.cells.map((c) => [reportId, parsed.year, agencyId, c.table, c.row, c.column, c.value, c.raw.slice(0, 200), c.line, c.page ?? null, c.at?.table ?? null, c.at?.row ?? null, c.at?.column ?? null]));
  const findings = [...parsed.findings, ...(await carryContinuity(em, agencyId, parsed))];
  await insertRows(em, 'finding', FINDING_COLUMNS, findings.map((f) => findingRow(reportId, f)));
  return { file, outcome: previous !== undefined ? 'replaced' : 'loaded', reportId, cells: parsed.cells.length, findings: findings.length };
}

function findingRow(reportId: number, f: ParsedFinding): unknown[] {
  return [reportId, f.code, f.severity, f.message, f.line, f.table ?? null, f.row ?? null, f.column ?? null, f.rule ?? null, f.expected ?? null, f.actual ?? null, f.cells?.join(',') ?? null];
}

/** carry_continuity: this year's carried_over against the same agency's carried_forward of the year before. */
async function carryContinuity(em: EntityManager, agencyId: number, parsed: ParsedReport): Promise<ParsedFinding[]> {
  const year = parsed.year - 1;
  const forward = await run<{ column_key: string; value: unknown }>(
    em,
    // Every key of the slice index given (the columns listed), so it is one seek per column on both databases, with
    // or without statistics — a planner guessing on a fresh table must not scan every carried_forward ever stored.
    `SELECT c.column_key, c.value FROM cell c WHERE c.table_key = 'applications' AND c.column_key IN (${APPLICATION_COLUMNS.map(() => '?').join(', ')}) AND c.row_key = 'carried_forward' AND c.year = ? AND c.agency_id = ? ORDER BY c.id`,
    [...APPLICATION_COLUMNS, year, agencyId],
  );
  const out: ParsedFinding[] = [];
  for (const f of forward) {
    const before = f.value === null ? null : Number(f.value);
    const over = parsed.cells.find((c) => c.table === 'applications' && c.row === 'carried_over' && c.column === f.column_key);
    if (!over || over.value === null || before === null || over.value === before) continue;
    out.push(
      makeFinding('rule_violation', `carry_continuity: carried_over (${parsed.year}) = carried_forward (${year}) (${f.column_key}): ${before} ≠ ${over.value}`, over.line, {
        table: 'applications',
        row: 'carried_over',
        column: f.column_key,
        rule: 'carry_continuity',
        expected: before,
        actual: over.value,
        cells: [`applications/carried_over/${f.column_key}`, `${year}:applications/carried_forward/${f.column_key}`],
      }),
    );
  }
  return out;
}

export interface LoadOptions {
  /** Called after each file, with how many files were done. */
  onFile?: (r: FileResult, done: number) => void;
  /** Where parsing happens (default: this thread). */
  parse?: Parser;
  /** Reports per transaction (default 1,000): smaller batches show new reports to readers sooner, larger ones load faster. */
  batchReports?: number;
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
  ) {}

  async add(p: Prepared): Promise<void> {
    if ('parsed' in p) this.results.push(await this.store(p));
    else this.results.push(p);
    if (this.results.length >= this.batchReports || Date.now() - this.openedAt >= BATCH_MS) await this.commit();
  }

  private async store(p: { file: string; sha256: string; parsed: ParsedReport }): Promise<FileResult> {
    if (!this.runner) {
      this.runner = this.ds.createQueryRunner();
      await this.runner.connect();
      await this.runner.startTransaction();
      this.openedAt = Date.now();
    }
    const runner = this.runner;
    await runner.startTransaction(); // a savepoint
    try {
      const r = await store(runner.manager, p.parsed, path.basename(p.parsed.source), p.sha256, p.file);
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
        this.results = this.results.map((r) => (r.outcome === 'loaded' || r.outcome === 'replaced' ? notStored(r.file, e) : r));
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
  const summary: Summary = { loaded: 0, replaced: 0, unchanged: 0, failed: 0, cells: 0, findings: 0, failures: [] };
  let done = 0;
  const writer = new BatchWriter(ds, (results) => {
    for (const r of results) {
      summary[r.outcome]++;
      summary.cells += r.cells;
      summary.findings += r.findings;
      if (r.outcome === 'failed') summary.failures.push(r);
      opts.onFile?.(r, ++done);
    }
  }, opts.batchReports);
  const ahead: Promise<Prepared>[] = [];
  for await (const file of walk(paths)) {
    const p = prepare(ds, file, parse);
    p.catch(() => undefined); // taken in order below; never an unhandled rejection meanwhile
    ahead.push(p);
    if (ahead.length >= READ_AHEAD) await writer.add(await ahead.shift()!);
  }
  while (ahead.length > 0) await writer.add(await ahead.shift()!);
  await writer.commit();
  if (summary.loaded + summary.replaced > 0) await refreshStatistics(ds);
  return summary;
}
