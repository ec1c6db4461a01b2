/** Storing one parsed report: its agency, the report, its cells and findings, and the checks across years. */
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { acrossYears, cellKey, equations } from '../format';
import { insertRows, run, type SqlType } from '../model/bulk';
import { squeeze } from '../parser/text';
import type { Finding as ParsedFinding, ParsedReport } from '../parser/types';
import { violation } from '../parser/validate';
import { failure } from './read';
import { storeScorecardFacts } from './scorecard';
import type { FileResult } from './results';

export const unchanged = async (db: DataSource | EntityManager, sha256: string) =>
  idOf(await run<{ id: unknown }>(db, 'SELECT id FROM report WHERE sha256 = ?', [sha256]));

export const notStored = (file: string, e: unknown): FileResult => failure(file, `not stored: ${(e as Error).message}`);

/** Stores one parsed report in one transaction: all of it, or (on any error) nothing. */
export function storeReport(ds: DataSource, parsed: ParsedReport, sha256: string): Promise<FileResult> {
  return ds.transaction((em) => store(em, parsed, path.basename(parsed.source), sha256, parsed.source));
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
  await storeScorecardFacts(em, reportId, agencyId, parsed);
  const findings = [...parsed.findings, ...(await crossYearFindings(em, agencyId, parsed))];
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

/**
 * The format's rules across years (carry_continuity, …): this report against the same agency's report of the year
 * before, where that one is stored. Only the cells the rules read are fetched, by the report index.
 */
async function crossYearFindings(em: EntityManager, agencyId: number, parsed: ParsedReport): Promise<ParsedFinding[]> {
  const eqs = equations(
    parsed.format,
    new Set(parsed.cells.filter((c) => c.table === 'applications').map((c) => c.row)),
  ).filter(acrossYears);
  if (eqs.length === 0) return [];
  const year = parsed.year - 1;
  const before = new Map<string, number | null>();
  const rows = await run<{ table_key: string; row_key: string; column_key: string; value: unknown }>(
    em,
    'SELECT c.table_key, c.row_key, c.column_key, c.value FROM cell c JOIN report r ON r.id = c.report_id WHERE r.agency_id = ? AND r.year = ?',
    [agencyId, year],
  );
  if (rows.length === 0) return [];
  for (const c of rows)
    before.set(cellKey(c.table_key, c.row_key, c.column_key), c.value === null ? null : Number(c.value));
  const now = new Map(parsed.cells.map((c) => [cellKey(c.table, c.row, c.column), c]));
  const out: ParsedFinding[] = [];
  for (const eq of eqs) {
    const f = violation(
      eq,
      (key, previousYear) => (previousYear ? before.get(key) : now.get(key)?.value),
      now.get([...eq.lhs, ...eq.rhs].find((t) => !t.previousYear)!.key)?.line ?? null,
      (key, previousYear) => (previousYear ? `${year}:${key}` : key),
    );
    if (f) out.push(f);
  }
  return out;
}
