/** The paginated lists: agencies, reports and facts (one row per cell, for BI tools). */
import type { DataSource } from 'typeorm';
import { TABLE_KEYS, type FormatKey, type LevelKey, type TableKey } from '../format';
import { Agency, Finding, Report } from '../model/entities';
import { check } from './errors';
import { whereAgencies, whereCells, whereReports, type ReportFilter } from './filter';
import { keysetPage, type Page, type PageArgs, type PageLimits } from './pagination';
import { nameOf, PLACE_LEVELS, type Places } from './places';
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

/** Fact fields read from the agency, from the report, and the labels (each a join); the rest are on the cell. */
const AGENCY_FIELDS = new Set<keyof Fact>([
  'agencyName',
  'agencyFullName',
  'divisionCode',
  'level',
  ...PLACE_LEVELS.flatMap((l) => [`${l}Code`, `${l}Name`] as const),
]);
const REPORT_FIELDS = new Set<keyof Fact>(['format', 'sourceFile']);

/**
 * A page of facts. `fields`: the fields the caller reads (GraphQL's selection); the statement selects those and joins
 * only the tables they come from — the agency, the report, the labels — the others are left undefined. Without it,
 * every field.
 */
export function facts(
  ds: DataSource,
  filter: ReportFilter | null | undefined,
  table: TableKey | null | undefined,
  page: PageArgs,
  fields?: ReadonlySet<string>,
): Promise<Page<Fact>> {
  check(!table || TABLE_KEYS.includes(table), `table must be one of ${TABLE_KEYS.join(', ')}`);
  const wants = (f: keyof Fact) => !fields || fields.has(f);
  const agency = [...AGENCY_FIELDS].some(wants);
  const report = [...REPORT_FIELDS].some(wants);
  // The cell carries its agency, report and year: none of the three needs a join.
  const qb = ds
    .createQueryBuilder()
    .select([
      'c.id AS "cellId"',
      'c.agency_id AS "agencyId"',
      'c.report_id AS "reportId"',
      'c.year AS year',
      'c.table_key AS "table"',
      'c.row_key AS "row"',
      'c.column_key AS "column"',
      'c.value AS value',
      'c.raw AS raw',
      'c.line AS line',
      'c.page AS page',
      'c.grid_table AS "gridTable"',
      'c.grid_row AS "gridRow"',
      'c.grid_column AS "gridColumn"',
    ])
    .from('cell', 'c');
  if (agency)
    qb.addSelect([
      'a.name AS "agencyName"',
      'a.full_name AS "agencyFullName"',
      'a.division_code AS "divisionCode"',
      ...PLACE_LEVELS.map((l) => `a.${l}_code AS "${l}Code"`),
      'a.level AS level',
    ]);
  if (report) qb.addSelect(['r.format AS format', 'r.source_file AS "sourceFile"']);
  if (wants('rowLabel'))
    qb.addSelect('dr.label', 'rowLabel').leftJoin(
      'dimension',
      'dr',
      "dr.table_key = c.table_key AND dr.kind = 'row' AND dr.key = c.row_key",
    );
  if (wants('columnLabel'))
    qb.addSelect('dc.label', 'columnLabel').leftJoin(
      'dimension',
      'dc',
      "dc.table_key = c.table_key AND dc.kind = 'column' AND dc.key = c.column_key",
    );
  whereCells(qb, filter, { agency, report });
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

const code = (raw: Record<string, unknown>, level: string) => raw[`${level}Code`] as string | null | undefined;
const named = (c: string | null | undefined) => (c === undefined ? undefined : nameOf(c ?? null));

/** One literal of fixed shape per row (no spreads: see analytics.ts Bucket); fields not selected stay undefined. */
function toFact(raw: Record<string, unknown>): Fact {
  const [province, city, county, township] = PLACE_LEVELS.map((l) => code(raw, l));
  return {
    agencyId: num(raw.agencyId)!,
    agencyName: raw.agencyName as string,
    agencyFullName: raw.agencyFullName as string,
    divisionCode: raw.divisionCode as string | null,
    provinceCode: province === undefined ? (undefined as never) : (province ?? null),
    provinceName: named(province) as string | null,
    cityCode: city === undefined ? (undefined as never) : (city ?? null),
    cityName: named(city) as string | null,
    countyCode: county === undefined ? (undefined as never) : (county ?? null),
    countyName: named(county) as string | null,
    townshipCode: township === undefined ? (undefined as never) : (township ?? null),
    townshipName: named(township) as string | null,
    level: raw.level as LevelKey | null,
    reportId: num(raw.reportId)!,
    year: num(raw.year)!,
    format: raw.format as FormatKey,
    table: raw.table as TableKey,
    row: raw.row as string,
    rowLabel: raw.rowLabel as string,
    column: raw.column as string,
    columnLabel: raw.columnLabel as string,
    value: num(raw.value),
    raw: raw.raw as string,
    sourceFile: raw.sourceFile as string,
    line: num(raw.line)!,
    page: num(raw.page),
    gridTable: num(raw.gridTable),
    gridRow: num(raw.gridRow),
    gridColumn: num(raw.gridColumn),
    cellId: num(raw.cellId)!,
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
