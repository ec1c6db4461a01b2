/** Loads parsed reports into the database: one transaction per report, idempotent, replacing changed files. */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { parseBytes } from '../ingest/parse';
import { squeeze } from '../ingest/text';
import { finding as makeFinding, type Finding as ParsedFinding, type ParsedReport } from '../ingest/types';
import { insertRows, run, type SqlType } from './bulk';

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
  files: FileResult[];
}

const REPORT_EXTENSIONS = new Set(['.txt']);

/** Files named on the command line, and the report files inside folders (recursively, in name order). */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch {
      out.push(p); // reported as a failure of its own by loadFile, so the batch goes on
      continue;
    }
    if (s.isDirectory()) {
      const entries = (await readdir(p, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
      const files = entries.filter((e) => e.isFile() && REPORT_EXTENSIONS.has(path.extname(e.name).toLowerCase())).map((e) => path.join(p, e.name));
      const dirs = entries.filter((e) => e.isDirectory()).map((e) => path.join(p, e.name));
      out.push(...files, ...(await expandPaths(dirs)));
    } else out.push(p);
  }
  return out;
}

export async function loadFile(ds: DataSource, file: string): Promise<FileResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    return { file, outcome: 'failed', cells: 0, findings: 0, error: `${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const same = idOf(await run<{ id: unknown }>(ds, 'SELECT id FROM report WHERE sha256 = ?', [sha256]));
  if (same !== undefined) return { file, outcome: 'unchanged', reportId: same, cells: 0, findings: 0 };

  let parsed: ParsedReport;
  try {
    parsed = parseBytes(bytes, file);
  } catch (e) {
    return { file, outcome: 'failed', cells: 0, findings: 0, error: (e as Error).message };
  }
  try {
    return await storeReport(ds, parsed, sha256);
  } catch (e) {
    return { file, outcome: 'failed', cells: 0, findings: 0, error: `${file}: not stored: ${(e as Error).message}` };
  }
}

/** Stores one parsed report in one transaction: all of it, or (on any error) nothing. */
export function storeReport(ds: DataSource, parsed: ParsedReport, sha256: string): Promise<FileResult> {
  return ds.transaction((em) => store(em, parsed, path.basename(parsed.source), sha256, parsed.source));
}

const CELL_COLUMNS: [string, SqlType][] = [['report_id', 'integer'], ['table_key', 'varchar'], ['row_key', 'varchar'], ['column_key', 'varchar'], ['value', 'double precision'], ['raw', 'varchar'], ['line', 'integer']];
const FINDING_COLUMNS: [string, SqlType][] = [
  ['report_id', 'integer'], ['code', 'varchar'], ['severity', 'varchar'], ['message', 'text'], ['line', 'integer'], ['table_key', 'varchar'], ['row_key', 'varchar'],
  ['column_key', 'varchar'], ['rule', 'varchar'], ['expected', 'double precision'], ['actual', 'double precision'], ['cells', 'text'],
];

const idOf = (rows: { id: unknown }[]) => (rows.length > 0 ? Number(rows[0].id) : undefined);

async function store(em: EntityManager, parsed: ParsedReport, sourceFile: string, sha256: string, file: string): Promise<FileResult> {
  const { agency: a } = parsed;
  const key = squeeze(a.fullName);
  const agencyId =
    idOf(await run<{ id: unknown }>(em, 'SELECT id FROM agency WHERE key = ?', [key])) ??
    idOf(await run<{ id: unknown }>(em, 'INSERT INTO agency (key, name, full_name, region, level) VALUES (?, ?, ?, ?, ?) RETURNING id', [key, a.name, a.fullName, a.region, a.level]))!;
  const previous = idOf(await run<{ id: unknown }>(em, 'SELECT id FROM report WHERE agency_id = ? AND year = ?', [agencyId, parsed.year]));
  if (previous !== undefined) await run(em, 'DELETE FROM report WHERE id = ?', [previous]); // cells and findings go with it (ON DELETE CASCADE)

  const reportId = idOf(
    await run<{ id: unknown }>(
      em,
      'INSERT INTO report (agency_id, year, format, published_on, source_file, sha256, ingested_at, overview, problems, other) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
      [agencyId, parsed.year, parsed.format, parsed.publishedOn, sourceFile, sha256, new Date().toISOString(), parsed.sections.overview, parsed.sections.problems, parsed.sections.other],
    ),
  )!;
  await insertRows(em, 'cell', CELL_COLUMNS, parsed.cells.map((c) => [reportId, c.table, c.row, c.column, c.value, c.raw.slice(0, 200), c.line]));
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
    "SELECT c.column_key, c.value FROM cell c JOIN report r ON r.id = c.report_id WHERE r.agency_id = ? AND r.year = ? AND c.table_key = 'applications' AND c.row_key = 'carried_forward' ORDER BY c.id",
    [agencyId, year],
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
  onFile?: (r: FileResult, index: number, total: number) => void;
}

export async function loadPaths(ds: DataSource, paths: string[], opts: LoadOptions = {}): Promise<Summary> {
  const files = await expandPaths(paths);
  const summary: Summary = { loaded: 0, replaced: 0, unchanged: 0, failed: 0, cells: 0, findings: 0, files: [] };
  for (const [i, file] of files.entries()) {
    const r = await loadFile(ds, file);
    summary[r.outcome]++;
    summary.cells += r.cells;
    summary.findings += r.findings;
    summary.files.push(r);
    opts.onFile?.(r, i, files.length);
  }
  return summary;
}
