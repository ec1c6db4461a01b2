/**
 * The one filter every query takes (GraphQL arguments and export query parameters alike), turned into SQL conditions
 * on `report r` and `agency a`. Every value is bound as a parameter; nothing the caller sends is spliced into SQL.
 */
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { FORMAT_KEYS, LEVEL_KEYS, allRules, type FormatKey, type LevelKey } from '../format';
import { gazetteer } from '../divisions/gazetteer';
import { check } from './errors';
import { interruptible } from './sql';

export interface ReportFilter {
  /** Report years, as a list … */
  years?: number[] | null;
  /** … or a range (inclusive); both may be given. */
  yearFrom?: number | null;
  yearTo?: number | null;
  agencyIds?: number[] | null;
  /** Part of the agency's full name. */
  nameContains?: string | null;
  /** A division code of the gazetteer: agencies in it and everything under it ("3208": 淮安市 and its counties …). */
  division?: string | null;
  /** Agencies in the province, prefecture-level city or county of this name (江苏省 or 江苏; 淮安市; 洪泽区). */
  province?: string | null;
  city?: string | null;
  county?: string | null;
  level?: LevelKey | null;
  format?: FormatKey | null;
  /** Reports with (true) or without (false) any finding. */
  hasFindings?: boolean | null;
  /** Reports with a rule_violation finding for this rule key. */
  violatesRule?: string | null;
  /**
   * Reports breaking none of these rules. Lists leave the others out; aggregations keep them in their buckets as
   * left out (reportsExcluded), so that a bucket still says what it is made of.
   */
  excludeViolations?: string[] | null;
}

const MAX_TEXT = 200;

/**
 * Entries of any list argument: far more agencies or years than one question names, and far fewer than the SQL
 * variables one statement may bind (32,766 on SQLite): past it, "too many SQL variables" would be the server's error.
 */
export const MAX_LIST_ENTRIES = 1000;

export function checkListSize(name: string, list: readonly unknown[] | null | undefined): void {
  check(
    (list?.length ?? 0) <= MAX_LIST_ENTRIES,
    `${name}: at most ${MAX_LIST_ENTRIES} entries (got ${list?.length}); ask in parts`,
  );
}

/** C0 controls and DEL: in no agency's name; NUL ends a string for SQLite's LIKE (matching everything) and is refused by PostgreSQL. */
const CONTROL = /[\u0000-\u001f\u007f]/;

export function validateFilter(f: ReportFilter = {}): void {
  checkListSize('years', f.years);
  checkListSize('agencyIds', f.agencyIds);
  check(!f.years || f.years.length > 0, 'years is an empty list: leave it out to mean every year');
  check(!f.agencyIds || f.agencyIds.length > 0, 'agencyIds is an empty list: leave it out to mean every agency');
  check(
    f.yearFrom == null || f.yearTo == null || f.yearFrom <= f.yearTo,
    `yearFrom (${f.yearFrom}) is after yearTo (${f.yearTo}): swap them`,
  );
  check(!f.format || FORMAT_KEYS.includes(f.format), `format must be one of ${FORMAT_KEYS.join(', ')}`);
  check(!f.level || LEVEL_KEYS.includes(f.level), `level must be one of ${LEVEL_KEYS.join(', ')}`);
  check(
    !f.violatesRule || allRules().some((r) => r.key === f.violatesRule),
    `violatesRule must be one of ${allRules()
      .map((r) => r.key)
      .join(', ')}`,
  );
  checkListSize('excludeViolations', f.excludeViolations);
  for (const rule of f.excludeViolations ?? [])
    check(
      allRules().some((r) => r.key === rule),
      `excludeViolations: ${rule} is not a rule`,
    );
  for (const k of ['nameContains', 'division', 'province', 'city', 'county'] as const) {
    check((f[k]?.length ?? 0) <= MAX_TEXT, `${k} is longer than ${MAX_TEXT} characters`);
    check(!CONTROL.test(f[k] ?? ''), `${k}: a control character (such as NUL) is in no name; remove it`);
  }
  if (f.division) divisionColumn(f.division);
  for (const k of PLACE_FILTERS) if (f[k]) placeCodes(k, f[k]);
}

/** The agency column holding a division code of the code's length: 2 province, 4 city, 6 county, 9 township. */
const CODE_COLUMNS: Record<number, string> = {
  2: 'a.province_code',
  4: 'a.city_code',
  6: 'a.county_code',
  9: 'a.township_code',
};

function divisionColumn(code: string): string {
  check(
    CODE_COLUMNS[code.length] !== undefined && gazetteer().byCode(code) !== undefined,
    `division: "${code}" is no division code of the gazetteer (2, 4, 6 or 9 digits: "32", "3208", "320813")`,
  );
  return CODE_COLUMNS[code.length];
}

const PLACE_FILTERS = ['province', 'city', 'county'] as const;
const PLACE_LEVELS: Record<(typeof PLACE_FILTERS)[number], string[]> = {
  province: ['province'],
  city: ['prefecture'],
  county: ['county', 'zone'],
};

/** The codes of the divisions of that level answering to a name (several: 朝阳区 is in 北京 and in 长春). */
function placeCodes(kind: (typeof PLACE_FILTERS)[number], name: string): string[] {
  const codes = gazetteer()
    .byName(name.replace(/\s+/g, ''))
    .filter((m) => m.kind !== 'local' && PLACE_LEVELS[kind].includes(m.division.level))
    .map((m) => m.division.code);
  check(codes.length > 0, `${kind}: no ${kind} of the gazetteer is named "${name}"`);
  return codes;
}

interface Condition {
  /** The table the condition needs joined: the agency, the report, or none (it reads columns the cell carries too). */
  on: 'agency' | 'report' | 'any';
  sql: string;
  params?: ObjectLiteral;
  /** A subquery run for each row. */
  subquery?: true;
}

/** Where the columns every query can filter on are found: on the report and agency, or copied on the cell. */
interface Columns {
  year: string;
  agencyId: string;
  reportId: string;
}

const ON_REPORT: Columns = { year: 'r.year', agencyId: 'r.agency_id', reportId: 'r.id' };
const ON_CELL: Columns = { year: 'c.year', agencyId: 'c.agency_id', reportId: 'c.report_id' };
const ON_SUMMARY: Columns = { year: 'x.year', agencyId: 'x.agency_id', reportId: 'x.report_id' };

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function conditions(f: ReportFilter, at: Columns): Condition[] {
  const out: Condition[] = [];
  if (f.agencyIds)
    out.push({ on: 'any', sql: `${at.agencyId} IN (:...f_agencyIds)`, params: { f_agencyIds: f.agencyIds } });
  if (f.nameContains)
    out.push({
      on: 'agency',
      sql: "a.full_name LIKE :f_name ESCAPE '\\'",
      params: { f_name: `%${escapeLike(f.nameContains)}%` },
    });
  if (f.division)
    out.push({ on: 'agency', sql: `${divisionColumn(f.division)} = :f_division`, params: { f_division: f.division } });
  for (const k of PLACE_FILTERS) {
    const name = f[k];
    if (name)
      out.push({ on: 'agency', sql: `a.${k}_code IN (:...f_${k})`, params: { [`f_${k}`]: placeCodes(k, name) } });
  }
  if (f.level) out.push({ on: 'agency', sql: 'a.level = :f_level', params: { f_level: f.level } });
  if (f.years) out.push({ on: 'any', sql: `${at.year} IN (:...f_years)`, params: { f_years: f.years } });
  if (f.yearFrom != null) out.push({ on: 'any', sql: `${at.year} >= :f_yearFrom`, params: { f_yearFrom: f.yearFrom } });
  if (f.yearTo != null) out.push({ on: 'any', sql: `${at.year} <= :f_yearTo`, params: { f_yearTo: f.yearTo } });
  if (f.format) out.push({ on: 'report', sql: 'r.format = :f_format', params: { f_format: f.format } });
  if (f.hasFindings != null)
    out.push({
      on: 'any',
      subquery: true,
      sql: `${f.hasFindings ? '' : 'NOT '}EXISTS (SELECT 1 FROM finding hf WHERE hf.report_id = ${at.reportId})`,
    });
  if (f.violatesRule) {
    out.push({
      on: 'any',
      subquery: true,
      sql: `EXISTS (SELECT 1 FROM finding vf WHERE vf.report_id = ${at.reportId} AND vf.code = 'rule_violation' AND vf.rule = :f_rule)`,
      params: { f_rule: f.violatesRule },
    });
  }
  if (f.excludeViolations?.length) {
    out.push({
      on: 'any',
      subquery: true,
      sql: `NOT EXISTS (SELECT 1 FROM finding xf WHERE xf.report_id = ${at.reportId} AND xf.code = 'rule_violation' AND xf.rule IN (:...f_exclude))`,
      params: { f_exclude: f.excludeViolations },
    });
  }
  return out;
}

/** Restricts a query on `report r` (and `agency a`, joined by the caller or, with `join`, here) to the reports the filter selects. */
export function whereReports<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  filter?: ReportFilter | null,
  /** Given, `agency a` is not joined yet: it is joined where the filter or the caller (`agency: true`) reads it. */
  join?: { agency: boolean },
): SelectQueryBuilder<T> {
  const f = filter ?? {};
  validateFilter(f);
  const all = conditions(f, ON_REPORT);
  if (join && (join.agency || all.some((c) => c.on === 'agency'))) qb.innerJoin('agency', 'a', 'a.id = r.agency_id');
  for (const c of all) qb.andWhere(c.sql, c.params);
  return qb;
}

/**
 * Restricts a query on `cell c` to the cells of the reports the filter selects, joining `agency a` and `report r`
 * only when a condition (or the caller, through `need`) needs them: most filters read the year and agency the cell carries.
 */
export function whereCells<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  filter?: ReportFilter | null,
  need: { agency?: boolean; report?: boolean } = {},
): SelectQueryBuilder<T> {
  const { joined, subquery } = whereCopied(qb, filter, ON_CELL, need);
  // A scan that does more for each cell than read the index (a join, a subquery) may run long: it looks at its time
  // bound (sql.ts). A plain index scan is bounded by the index's size, and stays as lean as it is.
  return joined || subquery ? interruptible(qb) : qb;
}

/**
 * The same over summary rows `x` (model/summary.ts), which carry their report's year and agency as cells do. A few
 * rows per report: no scan long enough to need the time bound's look at the clock.
 */
export function whereSummary<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  filter?: ReportFilter | null,
  need: { agency?: boolean; report?: boolean } = {},
): SelectQueryBuilder<T> {
  whereCopied(qb, filter, ON_SUMMARY, need);
  return qb;
}

/** Filters rows that copy their report's year and agency (`at`), joining the report and agency only when needed. */
function whereCopied<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  filter: ReportFilter | null | undefined,
  at: Columns,
  need: { agency?: boolean; report?: boolean },
) {
  const f = filter ?? {};
  validateFilter(f);
  const all = conditions(f, at);
  const joinReport = need.report || all.some((c) => c.on === 'report');
  const joinAgency = need.agency || all.some((c) => c.on === 'agency');
  if (joinReport) qb.innerJoin('report', 'r', `r.id = ${at.reportId}`);
  if (joinAgency) qb.innerJoin('agency', 'a', `a.id = ${at.agencyId}`);
  for (const c of all) qb.andWhere(c.sql, c.params);
  return { joined: joinReport || joinAgency, subquery: all.some((c) => c.subquery) };
}

/** Restricts a query on `agency a` to agencies with at least one report the filter selects. */
export function whereAgencies<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  filter?: ReportFilter | null,
): SelectQueryBuilder<T> {
  const f = filter ?? {};
  validateFilter(f);
  const all = conditions(f, ON_REPORT);
  for (const c of all.filter((c) => c.on === 'agency')) qb.andWhere(c.sql, c.params);
  const onReports = all.filter((c) => c.on !== 'agency');
  if (onReports.length > 0) {
    qb.andWhere(
      `EXISTS (SELECT 1 FROM report r WHERE r.agency_id = a.id AND ${onReports.map((c) => c.sql).join(' AND ')})`,
    );
    for (const c of onReports) if (c.params) qb.setParameters(c.params);
  }
  return qb;
}
