/** The paginated lists: agencies, reports and facts (one row per cell, for BI tools). */
import type { DataSource } from 'typeorm';
import { TABLE_KEYS, type FormatKey, type LevelKey, type TableKey } from '../format';
import { Agency, Finding, Report } from '../model/entities';
import { check } from './errors';
import { whereAgencies, whereCells, whereReports, type ReportFilter } from './filter';
import { keysetPage, type Page, type PageArgs, type PageLimits } from './pagination';
import { PLACE_LEVELS, placesOf, type Places } from './places';
import { num } from './sql';

export function agencies(
  ds: DataSource,
  filter: ReportFilter | null | undefined,
  page: PageArgs,
): Promise<Page<Agency>> {
  const qb = whereAgencies(ds.getRepository(Agency).createQueryBuilder('a'), filter);
  return keysetPage(
    qb,
    ['a.id'],
    (a: Agency) => [a.id],
    (q) => q.getMany(),
    page,
  );
}

export function reports(
  ds: DataSource,
  filter: ReportFilter | null | undefined,
  page: PageArgs,
): Promise<Page<Report>> {
  const qb = whereReports(ds.getRepository(Report).createQueryBuilder('r').innerJoin('r.agency', 'a'), filter);
  return keysetPage(
    qb,
    ['r.year', 'r.agency_id'],
    (r: Report) => [r.year, r.agencyId],
    (q) => q.getMany(),
    page,
  );
}

export interface Fact extends Places {
  agencyId: number;
  agencyName: string;
  agencyFullName: string;
  divisionCode: string | null;
  level: LevelKey | null;
  reportId: number;
  year: number;
  format: FormatKey;
  table: TableKey;
  row: string;
  rowLabel: string;
  column: string;
  columnLabel: string;
  /** null: printed blank. */
  value: number | null;
  raw: string;
  sourceFile: string;
  line: number;
  page: number | null;
  gridTable: number | null;
  gridRow: number | null;
  gridColumn: number | null;
  /** The cell's id: the last part of the sort key. */
  cellId: number;
}

export const FACT_LIMITS = { default: 100, cap: 5000 } satisfies PageLimits;

export function facts(
  ds: DataSource,
  filter: ReportFilter | null | undefined,
  table: TableKey | null | undefined,
  page: PageArgs,
): Promise<Page<Fact>> {
  check(!table || TABLE_KEYS.includes(table), `table must be one of ${TABLE_KEYS.join(', ')}`);
  const qb = ds
    .createQueryBuilder()
    .select([
      'c.id AS "cellId"',
      'a.id AS "agencyId"',
      'a.name AS "agencyName"',
      'a.full_name AS "agencyFullName"',
      'a.division_code AS "divisionCode"',
      ...PLACE_LEVELS.map((l) => `a.${l}_code AS "${l}Code"`),
      'a.level AS level',
    ])
    .addSelect(['r.id AS "reportId"', 'r.year AS year', 'r.format AS format', 'r.source_file AS "sourceFile"'])
    .addSelect([
      'c.table_key AS "table"',
      'c.row_key AS "row"',
      'dr.label AS "rowLabel"',
      'c.column_key AS "column"',
      'dc.label AS "columnLabel"',
    ])
    .addSelect([
      'c.value AS value',
      'c.raw AS raw',
      'c.line AS line',
      'c.page AS page',
      'c.grid_table AS "gridTable"',
      'c.grid_row AS "gridRow"',
      'c.grid_column AS "gridColumn"',
    ])
    .from('cell', 'c')
    .leftJoin('dimension', 'dr', "dr.table_key = c.table_key AND dr.kind = 'row' AND dr.key = c.row_key")
    .leftJoin('dimension', 'dc', "dc.table_key = c.table_key AND dc.kind = 'column' AND dc.key = c.column_key");
  whereCells(qb, filter, { agency: true, report: true });
  if (table) qb.andWhere('c.table_key = :table', { table });
  // In cell order, which is ingest order: report by report, each in printed order. Keyed by the cell id alone, a page
  // is a range of the primary key, however deep.
  return keysetPage(
    qb,
    ['c.id'],
    (f: Fact) => [f.cellId],
    async (q) => (await q.getRawMany()).map(toFact),
    page,
    FACT_LIMITS,
  );
}

function toFact(raw: Record<string, unknown>): Fact {
  const f = raw as unknown as Fact;
  return {
    ...f,
    ...(placesOf(raw) as Places),
    agencyId: num(f.agencyId)!,
    reportId: num(f.reportId)!,
    year: num(f.year)!,
    cellId: num(f.cellId)!,
    line: num(f.line)!,
    page: num(f.page),
    gridTable: num(f.gridTable),
    gridRow: num(f.gridRow),
    gridColumn: num(f.gridColumn),
    value: num(f.value),
  };
}

/** Findings of the reports the filter selects, in report and finding order (codes: only these). */
export function findings(
  ds: DataSource,
  filter: ReportFilter | null | undefined,
  codes: readonly string[] | null | undefined,
  page: PageArgs,
): Promise<Page<Finding>> {
  const qb = whereReports(
    ds
      .getRepository(Finding)
      .createQueryBuilder('f')
      .innerJoin('report', 'r', 'r.id = f.report_id')
      .innerJoin('agency', 'a', 'a.id = r.agency_id'),
    filter,
  );
  if (codes?.length) qb.andWhere('f.code IN (:...codes)', { codes });
  return keysetPage(
    qb,
    ['f.id'],
    (f: Finding) => [f.id],
    (q) => q.getMany(),
    page,
    FACT_LIMITS,
  );
}
