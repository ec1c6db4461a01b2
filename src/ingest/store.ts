/** Storing one parsed report: its agency, the report, its cells and findings, and the checks across years. */
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { APPLICANT_COLUMNS, APPLICATIONS_TOTAL_COLUMN } from '../format';
import { insertRows, run, type SqlType } from '../model/bulk';
import { WriteTransaction } from '../model/transaction';
import { squeeze } from '../parser/text';
import { finding as makeFinding, type Finding as ParsedFinding, type ParsedReport } from '../parser/types';
import { failure } from './read';
import type { FileResult } from './results';

const APPLICATION_COLUMNS = [...APPLICANT_COLUMNS, APPLICATIONS_TOTAL_COLUMN].map((c) => c.key);

export const unchanged = async (db: DataSource | EntityManager, sha256: string) =>
  idOf(await run<{ id: unknown }>(db, 'SELECT id FROM report WHERE sha256 = ?', [sha256]));

export const notStored = (file: string, e: unknown): FileResult => failure(file, `not stored: ${(e as Error).message}`);

/** Stores one parsed report in one transaction: all of it, or (on any error, a failed COMMIT too) nothing. */
export async function storeReport(ds: DataSource, parsed: ParsedReport, sha256: string): Promise<FileResult> {
  const tx = await WriteTransaction.begin(ds);
  try {
    const r = await store(tx.manager, parsed, path.basename(parsed.source), sha256, parsed.source);
    await tx.commit();
    return r;
  } catch (e) {
    await tx.abandon();
    throw e;
  }
}

/** Which of these reports the database holds (committed: asked on a connection out of any transaction). */
export async function heldReports(
  ds: DataSource,
  reports: { reportId: number; sha256: string }[],
): Promise<Set<number>> {
  const held = new Set<number>();
  for (const r of reports) {
    // The sha256 too: a report id rolled back is given again to the next report stored.
    const rows = await run(ds, 'SELECT id FROM report WHERE id = ? AND sha256 = ?', [r.reportId, r.sha256]);
    if (rows.length > 0) held.add(r.reportId);
  }
  return held;
}

const CELL_COLUMNS: [string, SqlType][] = [
  ['report_id', 'integer'],
  ['year', 'integer'],
  ['agency_id', 'integer'],
  ['table_key', 'varchar'],
  ['row_key', 'varchar'],
  ['column_key', 'varchar'],
  ['value', 'double precision'],
  ['raw', 'varchar'],
  ['line', 'integer'],
  ['page', 'integer'],
  ['grid_table', 'integer'],
  ['grid_row', 'integer'],
  ['grid_column', 'integer'],
];
const FINDING_COLUMNS: [string, SqlType][] = [
  ['report_id', 'integer'],
  ['code', 'varchar'],
  ['severity', 'varchar'],
  ['message', 'text'],
  ['line', 'integer'],
  ['table_key', 'varchar'],
  ['row_key', 'varchar'],
  ['column_key', 'varchar'],
  ['rule', 'varchar'],
  ['expected', 'double precision'],
  ['actual', 'double precision'],
  ['cells', 'text'],
];

const idOf = (rows: { id: unknown }[]) => (rows.length > 0 ? Number(rows[0].id) : undefined);

export async function store(
  em: EntityManager,
  parsed: ParsedReport,
  sourceFile: string,
  sha256: string,
  file: string,
): Promise<FileResult> {
  // Checked again here: the same bytes twice in one batch are both past prepare() before either is stored.
  const same = await unchanged(em, sha256);
  if (same !== undefined) return { file, outcome: 'unchanged', reportId: same, cells: 0, findings: 0 };
  const { agency: a } = parsed;
  const key = squeeze(a.fullName);
  const agencyId =
    idOf(await run<{ id: unknown }>(em, 'SELECT id FROM agency WHERE key = ?', [key])) ??
    idOf(
      await run<{ id: unknown }>(
        em,
        'INSERT INTO agency (key, name, full_name, region, level) VALUES (?, ?, ?, ?, ?) RETURNING id',
        [key, a.name, a.fullName, a.region, a.level],
      ),
    )!;
  // The same agency's report for the same year is replaced; its cells and findings go with it (ON DELETE CASCADE).
  const previous = idOf(
    await run<{ id: unknown }>(em, 'DELETE FROM report WHERE agency_id = ? AND year = ? RETURNING id', [
      agencyId,
      parsed.year,
    ]),
  );

  const reportId = idOf(
    await run<{ id: unknown }>(
      em,
      'INSERT INTO report (agency_id, year, format, published_on, source_file, source_kind, encoding, sha256, ingested_at, overview, problems, other) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
      [
        agencyId,
        parsed.year,
        parsed.format,
        parsed.publishedOn,
        sourceFile,
        parsed.sourceKind,
        parsed.encoding,
        sha256,
        new Date().toISOString(),
        parsed.sections.overview,
        parsed.sections.problems,
        parsed.sections.other,
      ],
    ),
  )!;
  await insertRows(
    em,
    'cell',
    CELL_COLUMNS,
    parsed.cells.map((c) => [
      reportId,
      parsed.year,
      agencyId,
      c.table,
      c.row,
      c.column,
      c.value,
      c.raw.slice(0, 200),
      c.line,
      c.page ?? null,
      c.at?.table ?? null,
      c.at?.row ?? null,
      c.at?.column ?? null,
    ]),
  );
  const findings = [...parsed.findings, ...(await carryContinuity(em, agencyId, parsed))];
  await insertRows(
    em,
    'finding',
    FINDING_COLUMNS,
    findings.map((f) => findingRow(reportId, f)),
  );
  return {
    file,
    outcome: previous !== undefined ? 'replaced' : 'loaded',
    reportId,
    cells: parsed.cells.length,
    findings: findings.length,
  };
}

function findingRow(reportId: number, f: ParsedFinding): unknown[] {
  return [
    reportId,
    f.code,
    f.severity,
    f.message,
    f.line,
    f.table ?? null,
    f.row ?? null,
    f.column ?? null,
    f.rule ?? null,
    f.expected ?? null,
    f.actual ?? null,
    f.cells?.join(',') ?? null,
  ];
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
    const over = parsed.cells.find(
      (c) => c.table === 'applications' && c.row === 'carried_over' && c.column === f.column_key,
    );
    if (!over || over.value === null || before === null || over.value === before) continue;
    out.push(
      makeFinding(
        'rule_violation',
        `carry_continuity: carried_over (${parsed.year}) = carried_forward (${year}) (${f.column_key}): ${before} ≠ ${over.value}`,
        over.line,
        {
          table: 'applications',
          row: 'carried_over',
          column: f.column_key,
          rule: 'carry_continuity',
          expected: before,
          actual: over.value,
          cells: [`applications/carried_over/${f.column_key}`, `${year}:applications/carried_forward/${f.column_key}`],
        },
      ),
    );
  }
  return out;
}
