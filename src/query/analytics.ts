/**
 * The aggregations. Each is one SQL statement that groups in the database (GROUP BY, window sums); JavaScript only
 * coerces the numbers and divides where a rate is asked for. Buckets are flat and come in a deterministic order.
 */
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import {
  APPLICANT_COLUMNS,
  FORMAT_KEYS,
  FORMATS,
  allRules,
  dimensions,
  handlingRows,
  type FormatKey,
  type LevelKey,
  cellsOf,
  evaluate,
  metric,
  refKey,
  type MetricDef,
  allHandlingRows,
} from '../format';
import { check } from './errors';
import { whereCells, whereReports, type ReportFilter } from './filter';
import { keyLiteral, nullsLast, num, whereIdIn } from './sql';

export const GROUP_BY = ['YEAR', 'AGENCY', 'REGION', 'LEVEL', 'APPLICANT'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export const DISPOSITION_DETAIL = ['CATEGORY', 'ROW'] as const;
export type DispositionDetail = (typeof DISPOSITION_DETAIL)[number];

/** What every aggregation takes: the filter and the dimensions of its buckets. */
export interface BucketArgs {
  filter?: ReportFilter | null;
  groupBy?: readonly GroupBy[] | null;
}

/** The bucket key fields each grouping fills (the others are absent from its buckets). */
export const GROUP_KEY_FIELDS: Record<GroupBy, string[]> = {
  YEAR: ['year'],
  AGENCY: ['agencyId', 'agencyName'],
  REGION: ['region'],
  LEVEL: ['level'],
  APPLICANT: ['applicant'],
};

/** The key fields a bucket can carry; those of dimensions not grouped by are absent. */
export interface BucketKey {
  year?: number;
  agencyId?: number;
  agencyName?: string;
  region?: string | null;
  level?: LevelKey | null;
  applicant?: string;
}

interface Dim {
  /** SQL expression → output alias. */
  select: [string, string][];
  /** Output aliases (quoted) to order by, in the outer query. */
  order: string[];
  /** Reads the agency table (joined only then). */
  agency?: boolean;
}

/** Where a grouping reads the year and the agency: the columns copied on the cell, or the report's own. */
type Base = 'cell' | 'report';

function dims(base: Base): Record<GroupBy, Dim> {
  const at = base === 'cell' ? 'c' : 'r';
  return {
    YEAR: { select: [[`${at}.year`, 'year']], order: ['"year"'] },
    // The agency's name is joined after grouping (see ordered()), not once per cell.
    AGENCY: { select: [[`${at}.agency_id`, 'agencyId']], order: ['"agencyId"'] },
    REGION: { select: [['a.region', 'region']], order: nullsLast('"region"'), agency: true },
    LEVEL: { select: [['a.level', 'level']], order: nullsLast('"level"'), agency: true },
    // The applicant is the table column, in printed order.
    APPLICANT: {
      select: [
        ['c.column_key', 'applicant'],
        [dimensionOrder('applications', 'column', 'c.column_key'), 'applicantOrder'],
      ],
      order: ['"applicantOrder"'],
    },
  };
}

export function grouping(groupBy: readonly GroupBy[] | null = [], allowed: readonly GroupBy[], base: Base = 'cell') {
  groupBy ??= [];
  check(new Set(groupBy).size === groupBy.length, 'groupBy lists a dimension twice');
  for (const g of groupBy) check(allowed.includes(g), `groupBy ${g} does not apply here; use ${allowed.join(', ')}`);
  const all = dims(base);
  const chosen = GROUP_BY.filter((g) => groupBy.includes(g)).map((g) => all[g]);
  const exprs = chosen.flatMap((d) => d.select.map(([e]) => e));
  return {
    /** The output aliases of the key columns. */
    aliases: chosen.flatMap((d) => d.select.map(([, alias]) => alias)),
    has: (g: GroupBy) => groupBy.includes(g),
    needsAgency: chosen.some((d) => d.agency),
    select<T extends object>(qb: SelectQueryBuilder<T>) {
      for (const d of chosen) for (const [e, alias] of d.select) qb.addSelect(e, alias);
      for (const e of exprs) qb.addGroupBy(e);
      // Without GROUP BY, SQL answers an empty selection with one row of NULLs; no rows means no bucket.
      return qb.having('COUNT(*) > 0');
    },
    exprs,
    order: chosen.flatMap((d) => d.order),
  };
}

/** `CASE expr WHEN key THEN value … END` from the format description: labels and orders without a join per cell. */
function caseOf(expr: string, values: [key: string, value: string | number][]): string {
  const whens = values
    .map(([k, v]) => `WHEN ${keyLiteral(k)} THEN ${typeof v === 'number' ? v : keyLiteral(v)}`)
    .join(' ');
  return `CASE ${expr} ${whens} END`;
}

const dimensionOrder = (table: string, kind: 'row' | 'column', expr: string) =>
  caseOf(
    expr,
    dimensions()
      .filter((d) => d.table === table && d.kind === kind)
      .map((d) => [d.key, d.order]),
  );

const rowCategory = (expr: string) =>
  caseOf(
    expr,
    dimensions()
      .filter((d) => d.table === 'applications' && d.kind === 'row' && d.category)
      .map((d) => [d.key, d.category!]),
  );

/** Cells of one table of the filtered reports (`cell c`; `agency a` and `report r` joined only where needed). */
function cellsQuery(
  ds: DataSource,
  filter: ReportFilter | null | undefined,
  table: string,
  need: { agency?: boolean } = {},
): SelectQueryBuilder<object> {
  const qb = ds
    .createQueryBuilder()
    .from('cell', 'c')
    .where(`c.table_key = ${keyLiteral(table)}`);
  return whereCells(qb, filter, need);
}

/**
 * The second step of a two-step aggregation: the first sums cells in one pass over the covering slice index (grouped
 * by the bucket keys and by row or column, in index order), this one works on its few rows (`rs`). Returns a query
 * over them already grouped by the bucket keys, and those keys as SQL.
 */
function rollUp(ds: DataSource, g: ReturnType<typeof grouping>, first: SelectQueryBuilder<object>) {
  const keys = g.aliases.map((a) => `rs."${a}"`);
  const qb = ds.createQueryBuilder().from(`(${first.getQuery()})`, 'rs').setParameters(first.getParameters());
  g.aliases.forEach((a, i) => qb.addSelect(keys[i], a).addGroupBy(keys[i]));
  return { qb, partition: keys.length > 0 ? `PARTITION BY ${keys.join(', ')}` : '' };
}

interface Outer {
  /** Output aliases (quoted) or expressions over them to order by. */
  order: string[];
  where?: string;
  /** Columns computed over the buckets' aliases: alias → expression. */
  select?: Record<string, string>;
  limit?: number;
}

/**
 * Runs a grouped query wrapped twice — computed columns, then order — so both databases can order by output columns
 * and by expressions over them (PostgreSQL does not allow output aliases inside ORDER BY expressions). Buckets keyed
 * by agency get its name here, once per bucket.
 */
export async function ordered(qb: SelectQueryBuilder<object>, outer: Outer): Promise<Record<string, unknown>[]> {
  const [sql, params] = qb.getQueryAndParameters();
  const byAgency = qb.expressionMap.selects.some((s) => s.aliasName === 'agencyId');
  const select = [
    'buckets.*',
    ...(byAgency ? ['an.name AS "agencyName"'] : []),
    ...Object.entries(outer.select ?? {}).map(([alias, e]) => `${e} AS "${alias}"`),
  ].join(', ');
  const join = byAgency ? ' LEFT JOIN agency an ON an.id = buckets."agencyId"' : '';
  const where = outer.where ? ` WHERE ${outer.where}` : '';
  const orderBy = outer.order.length > 0 ? ` ORDER BY ${outer.order.join(', ')}` : '';
  const limit = outer.limit !== undefined ? ` LIMIT ${outer.limit}` : '';
  return (await qb.connection.query(
    `SELECT * FROM (SELECT ${select} FROM (${sql}) buckets${join}${where}) computed${orderBy}${limit}`,
    params,
  )) as Record<string, unknown>[];
}

export function bucketKey(row: Record<string, unknown>): BucketKey {
  const key: BucketKey = {};
  if ('year' in row) key.year = num(row.year)!;
  if ('agencyId' in row) {
    key.agencyId = num(row.agencyId)!;
    key.agencyName = row.agencyName as string;
  }
  if ('region' in row) key.region = row.region as string | null;
  if ('level' in row) key.level = row.level as LevelKey | null;
  if ('applicant' in row) key.applicant = row.applicant as string;
  return key;
}

const ratio = (top: number | null, bottom: number | null) =>
  top === null || bottom === null || bottom === 0 ? null : top / bottom;

// ---------------------------------------------------------------------------------------------------------------
// 办理结果: how requests were handled

export interface DispositionBucket extends BucketKey {
  /** The handling category (granted, denied, unable, …) or the row key, as asked by `detail`. */
  category: string | null;
  row: string | null;
  count: number | null;
  /** The printed 总计 (total_handled) of the bucket: the denominator of `share`. */
  handled: number | null;
  share: number | null;
  /** Reports whose printed 总计 (total_handled) is in the bucket's denominator. */
  reports: number;
}

export const BUCKET_ORDER = ['KEY', 'COUNT_DESC', 'SHARE_DESC'] as const;
export type BucketOrder = (typeof BUCKET_ORDER)[number];

export interface DispositionArgs extends BucketArgs {
  detail?: DispositionDetail;
  /** Only these handling rows; the denominator stays the bucket's total handled. */
  rows?: readonly string[] | null;
  /** KEY: by the grouping keys, then the printed order of the detail; or largest count / share first (ties by key). */
  orderBy?: BucketOrder;
  /** At most this many buckets (after ordering): the top N. */
  first?: number | null;
}

const MAX_BUCKETS = 100_000;

/**
 * Counts of handling outcomes. Without APPLICANT the printed 总计 column is summed; reports that print no total column
 * count only in APPLICANT breakdowns (their totals are not made up from the parts).
 */
export async function dispositionBreakdown(ds: DataSource, args: DispositionArgs = {}): Promise<DispositionBucket[]> {
  const { filter, groupBy, detail = 'CATEGORY', orderBy = 'KEY' } = args;
  const rows = args.rows ?? allHandlingRows();
  const first = args.first ?? undefined;
  const g = grouping(groupBy, GROUP_BY);
  check(
    first === undefined || (Number.isInteger(first) && first >= 1 && first <= MAX_BUCKETS),
    `first must be between 1 and ${MAX_BUCKETS}`,
  );
  check(rows.length > 0, 'rows is an empty list: leave it out to mean every handling row');
  for (const r of rows)
    check(allHandlingRows().includes(r), `rows: ${r} is not a handling row (granted … other_other)`);
  const columns = g.has('APPLICANT') ? APPLICANT_COLUMNS.map((c) => c.key) : ['total'];
  // Two steps: the cells are summed per bucket and row (one pass over the covering slice index), then the few
  // resulting rows are rolled up into categories, with the bucket's total_handled as the denominator.
  const perRow = cellsQuery(ds, filter, 'applications', { agency: g.needsAgency })
    .andWhere('c.column_key IN (:...columns)', { columns })
    .andWhere('c.row_key IN (:...rows)', { rows: [...rows, 'total_handled'] });
  g.select(perRow)
    .addSelect('c.row_key', 'row')
    .addSelect('SUM(c.value)', 'count')
    .addSelect('COUNT(c.value)', 'cells')
    .addGroupBy('c.row_key');
  const { qb, partition } = rollUp(ds, g, perRow);
  const detailExpr = detail === 'ROW' ? 'rs."row"' : rowCategory('rs."row"');
  qb.addSelect(detailExpr, 'detail')
    .addSelect(`MIN(${dimensionOrder('applications', 'row', 'rs."row"')})`, 'detailOrder')
    .addSelect('SUM(rs."count")', 'count')
    .addSelect(`SUM(SUM(CASE WHEN rs."row" = 'total_handled' THEN rs."count" END)) OVER (${partition})`, 'handled')
    // total_handled rows form their own group (detail NULL / 'total_handled'); the window sums them per bucket, the outer WHERE drops them.
    .addSelect(`SUM(SUM(CASE WHEN rs."row" = 'total_handled' THEN rs."cells" END)) OVER (${partition})`, 'reports')
    .addGroupBy(detailExpr);
  const keyOrder = [...g.order, '"detailOrder"'];
  const buckets = await ordered(qb, {
    select: { share: 'CASE WHEN "handled" <> 0 THEN CAST("count" AS double precision) / "handled" END' },
    where: `"detail" IS NOT NULL AND "detail" <> 'total_handled'`,
    order:
      orderBy === 'KEY'
        ? keyOrder
        : [
            ...nullsLast(`"${orderBy === 'COUNT_DESC' ? 'count' : 'share'}"`).map((e, i) =>
              i === 1 ? `${e} DESC` : e,
            ),
            ...keyOrder,
          ],
    limit: first,
  });
  return buckets.map((row) => ({
    ...bucketKey(row),
    category: detail === 'CATEGORY' ? (row.detail as string) : null,
    row: detail === 'ROW' ? (row.detail as string) : null,
    count: num(row.count),
    handled: num(row.handled),
    share: num(row.share),
    reports: num(row.reports)!,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// 政府集中采购 (format 2019 only)

export interface ProcurementBucket extends BucketKey {
  projects: number | null;
  amount_wan: number | null;
  /** Reports that print the procurement row. */
  reports: number;
  /** Of those, reports whose amount had no unit (taken as 万元, with a unit_assumed finding). */
  reportsUnitAssumed: number;
}

export const NOT_BY_APPLICANT = GROUP_BY.filter((g) => g !== 'APPLICANT');

export async function procurementTotals(
  ds: DataSource,
  { filter, groupBy }: BucketArgs = {},
): Promise<ProcurementBucket[]> {
  const g = grouping(groupBy, NOT_BY_APPLICANT);
  const assumed =
    "(SELECT DISTINCT report_id FROM finding WHERE code = 'unit_assumed' AND table_key = 'proactive' AND row_key = 'procurement')";
  const qb = cellsQuery(ds, filter, 'proactive', { agency: g.needsAgency })
    .andWhere("c.row_key = 'procurement'")
    .leftJoin(assumed, 'ua', 'ua.report_id = c.report_id');
  g.select(qb)
    .addSelect("SUM(CASE WHEN c.column_key = 'projects' THEN c.value END)", 'projects')
    .addSelect("SUM(CASE WHEN c.column_key = 'amount_wan' THEN c.value END)", 'amount_wan')
    .addSelect('COUNT(DISTINCT c.report_id)', 'reports')
    .addSelect('COUNT(DISTINCT ua.report_id)', 'reportsUnitAssumed');
  const rows = await ordered(qb, { order: g.order });
  return rows.map((row) => ({
    ...bucketKey(row),
    projects: num(row.projects),
    amount_wan: num(row.amount_wan),
    reports: num(row.reports)!,
    reportsUnitAssumed: num(row.reportsUnitAssumed)!,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// 行政复议、行政诉讼

export interface ReviewLitigationBucket extends BucketKey {
  /** review, litigation_direct or litigation_after_review. */
  kind: string;
  upheld: number | null;
  corrected: number | null;
  other: number | null;
  pending: number | null;
  total: number | null;
  /** corrected / (total − pending); null when that is 0 or blank. */
  correctionRate: number | null;
  /** Reports that print this kind's total. */
  reports: number;
}

const REVIEW_COLUMNS = FORMATS['2021'].tables.review_litigation.columns.map((c) => c.key);

export async function reviewLitigation(
  ds: DataSource,
  { filter, groupBy }: BucketArgs = {},
): Promise<ReviewLitigationBucket[]> {
  const g = grouping(groupBy, NOT_BY_APPLICANT);
  const perCell = cellsQuery(ds, filter, 'review_litigation', { agency: g.needsAgency });
  g.select(perCell)
    .addSelect('c.row_key', 'kind')
    .addSelect('c.column_key', 'col')
    .addSelect('SUM(c.value)', 'sum')
    .addSelect('COUNT(c.value)', 'cells');
  perCell.addGroupBy('c.row_key').addGroupBy('c.column_key');
  const { qb } = rollUp(ds, g, perCell);
  qb.addSelect('rs."kind"', 'kind')
    .addGroupBy('rs."kind"')
    .addSelect(`MIN(${dimensionOrder('review_litigation', 'row', 'rs."kind"')})`, 'kindOrder')
    .addSelect(`SUM(CASE WHEN rs."col" = 'total' THEN rs."cells" END)`, 'reports');
  for (const col of REVIEW_COLUMNS) qb.addSelect(`SUM(CASE WHEN rs."col" = ${keyLiteral(col)} THEN rs."sum" END)`, col);
  const rows = await ordered(qb, { order: [...g.order, '"kindOrder"'] });
  return rows.map((row) => {
    const [upheld, corrected, other, pending, total] = REVIEW_COLUMNS.map((c) => num(row[c]));
    return {
      ...bucketKey(row),
      kind: row.kind as string,
      upheld,
      corrected,
      other,
      pending,
      total,
      correctionRate: ratio(corrected, total === null || pending === null ? null : total - pending),
      reports: num(row.reports)!,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Data quality: which consistency rules the reports break

export interface DataQualityBucket extends BucketKey {
  rule: string;
  reportsChecked: number;
  reportsViolating: number;
  share: number | null;
}

export async function dataQuality(ds: DataSource, { filter, groupBy }: BucketArgs = {}): Promise<DataQualityBucket[]> {
  const g = grouping(groupBy, NOT_BY_APPLICANT, 'report');
  const violations = "(SELECT DISTINCT report_id, rule FROM finding WHERE code = 'rule_violation')";
  const qb = whereReports(
    ds
      .createQueryBuilder()
      .from('report', 'r')
      .innerJoin('agency', 'a', 'a.id = r.agency_id')
      .leftJoin(violations, 'v', 'v.report_id = r.id'),
    filter,
  );
  g.select(qb).addSelect('COUNT(DISTINCT r.id)', 'reportsChecked');
  for (const rule of allRules())
    qb.addSelect(`COUNT(DISTINCT CASE WHEN v.rule = ${keyLiteral(rule.key)} THEN v.report_id END)`, `v_${rule.key}`);
  const rows = await ordered(qb, { order: g.order });
  return rows.flatMap((row) => {
    const reportsChecked = num(row.reportsChecked)!;
    return allRules().map((rule) => {
      const reportsViolating = num(row[`v_${rule.key}`])!;
      return {
        ...bucketKey(row),
        rule: rule.key,
        reportsChecked,
        reportsViolating,
        share: ratio(reportsViolating, reportsChecked),
      };
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Agencies compared across years

export interface Comparison {
  agencyId: number;
  agencyName: string;
  year: number;
  /** null: the agency has no report for the year. */
  reportId: number | null;
  format: FormatKey | null;
  metric: string;
  value: number | null;
  previousValue: number | null;
  /** value − the previous year's value, where both exist. */
  change: number | null;
}

export const COMPARE_LIMITS = { agencies: 100, years: 30, metrics: 50 };

export interface CompareArgs {
  agencyIds: readonly number[];
  years: readonly number[];
  metrics: readonly string[];
}

export async function compareAgencies(
  ds: DataSource,
  { agencyIds, years, metrics: metricKeys }: CompareArgs,
): Promise<Comparison[]> {
  check(agencyIds.length > 0, 'agencyIds is empty: name at least one agency');
  check(years.length > 0, 'years is empty: name at least one year');
  check(metricKeys.length > 0, 'metrics is empty: name at least one metric (see the metrics query)');
  check(agencyIds.length <= COMPARE_LIMITS.agencies, `at most ${COMPARE_LIMITS.agencies} agencies at a time`);
  check(years.length <= COMPARE_LIMITS.years, `at most ${COMPARE_LIMITS.years} years at a time`);
  check(metricKeys.length <= COMPARE_LIMITS.metrics, `at most ${COMPARE_LIMITS.metrics} metrics at a time`);
  const metrics = metricKeys.map((k) => {
    const m = metric(k);
    check(m, `unknown metric "${k}"; the metrics query lists the keys`);
    return m;
  });
  const refs = [...new Map(metrics.flatMap(cellsOf).map((t) => [refKey(t), t])).values()];
  const allYears = [...new Set(years.flatMap((y) => [y, y - 1]))];

  // One row per report: the cells the metrics read, pivoted into columns by conditional aggregation.
  const qb = ds
    .createQueryBuilder()
    .select('r.id', 'reportId')
    .addSelect('r.agency_id', 'agencyId')
    .addSelect('r.year', 'year')
    .addSelect('r.format', 'format')
    .from('report', 'r')
    .leftJoin('cell', 'c', 'c.report_id = r.id')
    .where('r.year IN (:...allYears)', { allYears })
    .groupBy('r.id')
    .addGroupBy('r.agency_id')
    .addGroupBy('r.year')
    .addGroupBy('r.format');
  whereIdIn(qb, 'r.agency_id', 'agencyIds', agencyIds);
  refs.forEach((t, i) =>
    qb.addSelect(
      `MAX(CASE WHEN c.table_key = ${keyLiteral(t.table)} AND c.row_key = ${keyLiteral(t.row)} AND c.column_key = ${keyLiteral(t.column)} THEN c.value END)`,
      `t${i}`,
    ),
  );
  const names = ds.createQueryBuilder().select('a.id', 'id').addSelect('a.name', 'name').from('agency', 'a');
  whereIdIn(names, 'a.id', 'ids', agencyIds);
  const [rows, agencies] = await Promise.all([
    qb.getRawMany<Record<string, unknown>>(),
    names.getRawMany<{ id: unknown; name: string }>(),
  ]);
  const agencyName = new Map(agencies.map((a) => [num(a.id)!, a.name]));
  for (const id of agencyIds) check(agencyName.has(id), `no agency with id ${id}`);

  const byReport = new Map<string, { id: number; format: FormatKey; cells: Map<string, number | null> }>();
  for (const row of rows) {
    const cells = new Map(refs.map((t, i) => [refKey(t), num(row[`t${i}`])]));
    byReport.set(`${num(row.agencyId)}:${num(row.year)}`, {
      id: num(row.reportId)!,
      format: row.format as FormatKey,
      cells,
    });
  }
  const value = (agencyId: number, year: number, m: MetricDef) => {
    const r = byReport.get(`${agencyId}:${year}`);
    return r ? evaluate(m, r.format, (ref) => r.cells.get(ref)) : null;
  };
  const sortedYears = [...new Set(years)].sort((a, b) => a - b);
  return [...new Set(agencyIds)].flatMap((agencyId) =>
    sortedYears.flatMap((year) =>
      metrics.map((m) => {
        const report = byReport.get(`${agencyId}:${year}`);
        const v = value(agencyId, year, m);
        const previous = value(agencyId, year - 1, m);
        return {
          agencyId,
          agencyName: agencyName.get(agencyId)!,
          year,
          reportId: report?.id ?? null,
          format: report?.format ?? null,
          metric: m.key,
          value: v,
          previousValue: previous,
          change: v === null || previous === null ? null : v - previous,
        };
      }),
    ),
  );
}
