/** Storing one parsed report: its agency (agencies.ts), the report, its cells and findings, and the checks across years. */
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { WriteTransaction } from '../model/transaction';
import type { FormatKey } from '../format';
import { insertRows, run, type SqlType } from '../model/bulk';
import { type PendingSummaries, renewSummaries } from '../model/summary';
import type { ParsedReport } from '../parser/types';
import { acrossYearsOf, agencyFor, checkAcrossYears, identityOf, nameAfterLatest, type Printed } from './agencies';
import { FINDING_COLUMNS, findingRow } from './findings';
import type { Overrides } from './overrides';
import { failure } from './read';
import { storeScorecardFacts } from './scorecard';
import type { FileResult, Origin, VersionNote } from './results';
import { completeness, statsOf, worseThan, type VersionStats } from './versions';

export const unchanged = async (db: DataSource | EntityManager, sha256: string) =>
  idOf(await run<{ id: unknown }>(db, 'SELECT id FROM report WHERE sha256 = ?', [sha256]));

/**
 * A file whose bytes are stored already (unchanged) may have moved since: the report then points at where it is now,
 * so its original can still be downloaded.
 */
export async function repoint(db: DataSource | EntityManager, reportId: number, file: string): Promise<void> {
  const where = path.resolve(file);
  await run(db, 'UPDATE report SET source_path = ? WHERE id = ? AND (source_path IS NULL OR source_path <> ?)', [
    where,
    reportId,
    where,
  ]);
}

export const notStored = (file: string, e: unknown): FileResult => failure(file, `not stored: ${(e as Error).message}`);

/** Stores one parsed report in one transaction: all of it, or (on any error, a failed COMMIT too) nothing. */
export async function storeReport(
  ds: DataSource,
  parsed: ParsedReport,
  sha256: string,
  opts: StoreOptions = {},
): Promise<FileResult> {
  const tx = await WriteTransaction.begin(ds);
  try {
    const r = await store(tx.manager, parsed, path.basename(parsed.source), sha256, parsed.source, opts);
    await tx.commit();
    return r;
  } catch (e) {
    await tx.abandon();
    throw e;
  }
}

/** What a store wrote, to look it up by: the current report it made, or else the version it recorded (by its bytes). */
export interface Written {
  reportId?: number;
  sha256: string;
}

/** Whether the database holds it (committed: asked on a connection out of any transaction). */
export async function isHeld(ds: DataSource, w: Written): Promise<boolean> {
  // With the sha256: a report id rolled back is given again to the next report stored.
  const rows =
    w.reportId !== undefined
      ? await run(ds, 'SELECT id FROM report WHERE id = ? AND sha256 = ?', [w.reportId, w.sha256])
      : await run(ds, 'SELECT id FROM report_version WHERE sha256 = ?', [w.sha256]);
  return rows.length > 0;
}

export const CELL_COLUMNS: [string, SqlType][] = [
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
/** A parsed cell as a row of the cell table, in CELL_COLUMNS order. */
export const cellRow = (reportId: number, year: number, agencyId: number, c: ParsedReport['cells'][number]) => [
  reportId,
  year,
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
];
/** The longest narrative section in UTF-8 bytes, as the databases' octet_length measures stored text. */
const longestSection = (sections: ParsedReport['sections']) =>
  Math.max(0, ...Object.values(sections).map((t) => (t === null ? 0 : Buffer.byteLength(t, 'utf8'))));

const idOf = (rows: { id: unknown }[]) => (rows.length > 0 ? Number(rows[0].id) : undefined);

export interface StoreOptions {
  /** Where a downloaded file came from (its URL is kept as the report's source_url). */
  origin?: Origin;
  /** Make the new version current even when it is clearly worse than the current one. */
  force?: boolean;
  /** The user's agency identities (data/agencies.csv). */
  overrides?: Overrides;
  /** The batch this store is part of, which renews the summary rows of its reports together (else: renewed here). */
  summaries?: PendingSummaries;
}

/**
 * Stores a report as a new version of its agency and year. It becomes current (the `report` row, with its cells and
 * findings, replacing the version that was) unless it is clearly worse than the current version (versions.ts): then
 * only the version is recorded, and the current report stays, unless `force`.
 */
export async function store(
  em: EntityManager,
  parsed: ParsedReport,
  sourceFile: string,
  sha256: string,
  file: string,
  opts: StoreOptions = {},
): Promise<FileResult> {
  // Checked again here: the same bytes twice in one batch are both past prepare() before either is stored.
  const same = await unchanged(em, sha256);
  if (same !== undefined) return { file, outcome: 'unchanged', reportId: same, cells: 0, findings: 0 };
  const { agency: a } = parsed;
  const printed: Printed = { ...a };
  const agencyId = await agencyFor(em, identityOf(printed, opts.overrides ?? new Map()), printed);
  // This report against the year before (the year after's against this one once it is stored, below).
  const across = await acrossYearsOf(em, agencyId, parsed);
  const findings = [...parsed.findings, ...across.findings];
  const stats = statsOf(parsed, findings);
  // Every version of the agency and year, read once: the current one, the one with these bytes, the last number.
  const versions = await run<Record<string, unknown>>(
    em,
    'SELECT id, version, sha256, report_id, source_file, source_url, format, cells, errors, warnings, infos, tables_found, completeness FROM report_version WHERE agency_id = ? AND year = ?',
    [agencyId, parsed.year],
  );
  const current = await currentVersion(
    em,
    versions.find((v) => v.report_id !== null),
  );
  const worse = current ? worseThan(stats, current.stats) : [];
  // The same bytes may be a version already: one kept but not made current.
  const kept = versions.find((v) => v.sha256 === sha256);
  const known = { id: kept && Number(kept.id), last: Math.max(0, ...versions.map((v) => Number(v.version))) };
  const note: VersionNote = {
    agencyId,
    agency: a.name,
    year: parsed.year,
    version: 0,
    cells: stats.cells,
    findings: findings.length,
    previous: current && {
      file: current.file,
      cells: current.stats.cells,
      findings: current.stats.errors + current.stats.warnings + current.stats.infos,
    },
    ...(worse.length > 0 ? { worse, forced: opts.force === true } : {}),
  };
  const version = {
    sourceFile,
    sourceUrl: opts.origin?.url ?? null,
    archivePath: opts.origin?.archivePath ?? null,
    sha256,
    parsed,
    stats,
  };
  if (worse.length > 0 && !opts.force) {
    note.version = await recordVersion(em, agencyId, known, null, version);
    return { file, outcome: 'worse', cells: 0, findings: 0, version: note };
  }
  // The version that was current goes, its cells and findings with it (ON DELETE CASCADE); its version row stays.
  if (current) await run(em, 'DELETE FROM report WHERE id = ?', [current.reportId]);

  const reportId = idOf(
    await run<{ id: unknown }>(
      em,
      'INSERT INTO report (agency_id, year, agency_name, agency_full_name, division_code, organ_kind, organ_name, candidates, format, published_on, source_file, source_path, source_url, source_kind, encoding, sha256, ingested_at, cells_found, cells_expected, overview, problems, other, section_bytes, rules_checked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
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
        path.resolve(file),
        version.sourceUrl,
        parsed.sourceKind,
        parsed.encoding,
        sha256,
        new Date().toISOString(),
        parsed.completeness.found,
        parsed.completeness.expected,
        parsed.sections.overview,
        parsed.sections.problems,
        parsed.sections.other,
        longestSection(parsed.sections),
        // Which rules could be checked on this report: what dataQuality counts its shares over.
        [...(parsed.rulesChecked ?? []), ...across.checked].join(','),
      ],
    ),
  )!;
  await insertRows(
    em,
    'cell',
    CELL_COLUMNS,
    parsed.cells.map((c) => cellRow(reportId, parsed.year, agencyId, c)),
  );
  await storeScorecardFacts(em, reportId, agencyId, parsed, sha256);
  await insertRows(
    em,
    'finding',
    FINDING_COLUMNS,
    findings.map((f) => findingRow(reportId, f)),
  );
  // What the aggregations read of it (model/summary.ts); the next year's report renews its own in checkAcrossYears.
  await renewSummaries(em, reportId, opts.summaries);
  note.version = await recordVersion(em, agencyId, known, reportId, version);
  await checkAcrossYears(em, agencyId, parsed.year + 1, opts.summaries);
  await nameAfterLatest(em, agencyId);
  return {
    file,
    outcome: current ? 'replaced' : 'loaded',
    reportId,
    cells: parsed.cells.length,
    findings: findings.length,
    version: note,
  };
}

interface CurrentVersion {
  reportId: number;
  /** Its URL, or its file name. */
  file: string;
  stats: VersionStats;
}

/** The current version (its row of report_version), with its stats. */
async function currentVersion(
  em: EntityManager,
  v: Record<string, unknown> | undefined,
): Promise<CurrentVersion | undefined> {
  if (v === undefined) return undefined;
  const reportId = Number(v.report_id);
  return {
    reportId,
    file: String(v.source_url ?? v.source_file),
    stats: {
      cells: Number(v.cells),
      errors: Number(v.errors),
      warnings: Number(v.warnings),
      infos: Number(v.infos),
      tablesFound: Number(v.tables_found),
      // Versions stored before versions were kept have no completeness: it is read from their cells.
      completeness:
        v.completeness === null
          ? completeness(
              v.format as FormatKey,
              await run<{ table: string; row: string; column: string }>(
                em,
                'SELECT table_key AS "table", row_key AS "row", column_key AS "column" FROM cell WHERE report_id = ?',
                [reportId],
              ),
            )
          : Number(v.completeness),
    },
  };
}

/**
 * Records a version (or updates the one with the same bytes, `known.id`) after the `known.last` of its agency and year;
 * `reportId` set makes it the current one. Its number.
 */
async function recordVersion(
  em: EntityManager,
  agencyId: number,
  known: { id: number | undefined; last: number },
  reportId: number | null,
  v: {
    sourceFile: string;
    sourceUrl: string | null;
    archivePath: string | null;
    sha256: string;
    parsed: ParsedReport;
    stats: VersionStats;
  },
): Promise<number> {
  const { stats: s, parsed: p } = v;
  const counts = [s.cells, s.errors, s.warnings, s.infos, s.tablesFound, s.completeness];
  if (known.id !== undefined) {
    const rows = await run<{ version: unknown }>(
      em,
      'UPDATE report_version SET report_id = ?, cells = ?, errors = ?, warnings = ?, infos = ?, tables_found = ?, completeness = ? WHERE id = ? RETURNING version',
      [reportId, ...counts, known.id],
    );
    return Number(rows[0].version);
  }
  const version = known.last + 1;
  await run(
    em,
    'INSERT INTO report_version (agency_id, year, version, report_id, source_file, source_url, sha256, archive_path, source_kind, format, cells, errors, warnings, infos, tables_found, completeness, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [
      agencyId,
      p.year,
      version,
      reportId,
      v.sourceFile,
      v.sourceUrl,
      v.sha256,
      v.archivePath,
      p.sourceKind,
      p.format,
      ...counts,
      new Date().toISOString(),
    ],
  );
  return version;
}
