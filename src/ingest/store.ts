/** Storing one parsed report: its agency (agencies.ts), the report, its cells and findings, and the checks across years. */
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { insertRows, run, type SqlType } from '../model/bulk';
import type { ParsedReport } from '../parser/types';
import { agencyFor, checkAcrossYears, identityOf, nameAfterLatest, type Printed } from './agencies';
import { FINDING_COLUMNS, findingRow } from './findings';
import type { Overrides } from './overrides';
import { failure } from './read';
import type { FileResult } from './results';

export const unchanged = async (db: DataSource | EntityManager, sha256: string) =>
  idOf(await run<{ id: unknown }>(db, 'SELECT id FROM report WHERE sha256 = ?', [sha256]));

export const notStored = (file: string, e: unknown): FileResult => failure(file, `not stored: ${(e as Error).message}`);

/** Stores one parsed report in one transaction: all of it, or (on any error) nothing. */
export function storeReport(
  ds: DataSource,
  parsed: ParsedReport,
  sha256: string,
  overrides: Overrides = new Map(),
): Promise<FileResult> {
  return ds.transaction((em) => store(em, parsed, path.basename(parsed.source), sha256, parsed.source, overrides));
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
const idOf = (rows: { id: unknown }[]) => (rows.length > 0 ? Number(rows[0].id) : undefined);

export async function store(
  em: EntityManager,
  parsed: ParsedReport,
  sourceFile: string,
  sha256: string,
  file: string,
  overrides: Overrides = new Map(),
): Promise<FileResult> {
  // Checked again here: the same bytes twice in one batch are both past prepare() before either is stored.
  const same = await unchanged(em, sha256);
  if (same !== undefined) return { file, outcome: 'unchanged', reportId: same, cells: 0, findings: 0 };
  const { agency: a } = parsed;
  const printed: Printed = { ...a };
  const agencyId = await agencyFor(em, identityOf(printed, overrides), printed);
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
      'INSERT INTO report (agency_id, year, agency_name, agency_full_name, division_code, organ_kind, organ_name, candidates, format, published_on, source_file, source_kind, encoding, sha256, ingested_at, overview, problems, other) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
      [
        agencyId,
        parsed.year,
        a.name,
        a.fullName,
        a.divisionCode,
        a.organ?.kind ?? null,
        a.organ?.name ?? null,
        a.candidates.join(','),
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
  // Which rules could be checked on this report (what dataQuality counts its shares over); the rules across years
  // are added by checkAcrossYears.
  await run(em, 'UPDATE report SET rules_checked = ? WHERE id = ?', [(parsed.rulesChecked ?? []).join(','), reportId]);
  await insertRows(
    em,
    'finding',
    FINDING_COLUMNS,
    parsed.findings.map((f) => findingRow(reportId, f)),
  );
  // Across years, both ways: this report against the year before, and the year after's against this one.
  const carried = await checkAcrossYears(em, agencyId, parsed.year);
  await checkAcrossYears(em, agencyId, parsed.year + 1);
  await nameAfterLatest(em, agencyId);
  return {
    file,
    outcome: previous !== undefined ? 'replaced' : 'loaded',
    reportId,
    cells: parsed.cells.length,
    findings: parsed.findings.length + carried,
  };
}
