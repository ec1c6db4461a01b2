/** Loads parsed reports into the database: one transaction per report, idempotent, replacing changed files. */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { parseBytes } from '../ingest/parse';
import { squeeze } from '../ingest/text';
import { finding as makeFinding, type Finding as ParsedFinding, type ParsedReport } from '../ingest/types';
import { Agency, Cell, Finding, Report } from './entities';

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

// Rows per INSERT: SQLite allows 32,766 bound parameters, PostgreSQL 65,535; a cell row binds 7.
const BATCH = 500;

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
  const same = await ds.getRepository(Report).findOne({ where: { sha256 }, select: { id: true } });
  if (same) return { file, outcome: 'unchanged', reportId: same.id, cells: 0, findings: 0 };

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

async function store(em: EntityManager, parsed: ParsedReport, sourceFile: string, sha256: string, file: string): Promise<FileResult> {
  const key = squeeze(parsed.agency.fullName);
  let agency = await em.findOne(Agency, { where: { key } });
  if (!agency) {
    agency = await em.save(em.create(Agency, { key, name: parsed.agency.name, fullName: parsed.agency.fullName, region: parsed.agency.region, level: parsed.agency.level }));
  }
  const previous = await em.findOne(Report, { where: { agencyId: agency.id, year: parsed.year }, select: { id: true } });
  if (previous) await em.delete(Report, { id: previous.id }); // cells and findings go with it (ON DELETE CASCADE)

  const report = await em.save(
    em.create(Report, {
      agencyId: agency.id,
      year: parsed.year,
      format: parsed.format,
      publishedOn: parsed.publishedOn,
      sourceFile,
      sha256,
      ingestedAt: new Date().toISOString(),
      overview: parsed.sections.overview,
      problems: parsed.sections.problems,
      other: parsed.sections.other,
    }),
  );
  const cells = parsed.cells.map((c) => ({ reportId: report.id, tableKey: c.table, rowKey: c.row, columnKey: c.column, value: c.value, raw: c.raw.slice(0, 200), line: c.line }));
  await insertBatches(em, Cell, cells);
  const findings = [...parsed.findings, ...(await carryContinuity(em, agency.id, parsed))];
  await insertBatches(em, Finding, findings.map((f) => findingRow(report.id, f)));
  return { file, outcome: previous ? 'replaced' : 'loaded', reportId: report.id, cells: cells.length, findings: findings.length };
}

function findingRow(reportId: number, f: ParsedFinding) {
  return {
    reportId,
    code: f.code,
    severity: f.severity,
    message: f.message,
    line: f.line,
    tableKey: f.table ?? null,
    rowKey: f.row ?? null,
    columnKey: f.column ?? null,
    rule: f.rule ?? null,
    expected: f.expected ?? null,
    actual: f.actual ?? null,
    cells: f.cells?.join(',') ?? null,
  };
}

async function insertBatches<T extends object>(em: EntityManager, entity: new () => T, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await em.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + BATCH)).updateEntity(false).execute();
  }
}

/** carry_continuity: this year's carried_over against the same agency's carried_forward of the year before. */
async function carryContinuity(em: EntityManager, agencyId: number, parsed: ParsedReport): Promise<ParsedFinding[]> {
  const before = await em.findOne(Report, { where: { agencyId, year: parsed.year - 1 }, select: { id: true, year: true } });
  if (!before) return [];
  const forward = await em.find(Cell, { where: { reportId: before.id, tableKey: 'applications', rowKey: 'carried_forward' } });
  const out: ParsedFinding[] = [];
  for (const f of forward) {
    const over = parsed.cells.find((c) => c.table === 'applications' && c.row === 'carried_over' && c.column === f.columnKey);
    if (!over || over.value === null || f.value === null || over.value === f.value) continue;
    out.push(
      makeFinding('rule_violation', `carry_continuity: carried_over (${parsed.year}) = carried_forward (${before.year}) (${f.columnKey}): ${f.value} ≠ ${over.value}`, over.line, {
        table: 'applications',
        row: 'carried_over',
        column: f.columnKey,
        rule: 'carry_continuity',
        expected: f.value,
        actual: over.value,
        cells: [`applications/carried_over/${f.columnKey}`, `${before.year}:applications/carried_forward/${f.columnKey}`],
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
