/**
 * The aggregations. Each is one SQL statement that groups in the database (GROUP BY, window sums); JavaScript only
 * coerces the numbers and divides where a rate is asked for. Buckets are flat and come in a deterministic order.
 */
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import {
  APPLICANT_COLUMNS,
  allRules,
  dimensions,
  type FormatKey,
  type LevelKey,
  cellsOf,
  evaluateParts,
  type MetricStatus,
  metric,
  refKey,
  type MetricDef,
  allHandlingRows,
  orderedKeys,
} from '../format';
import {
  PROCUREMENT_COUNTS,
  REVIEW_OUTCOMES,
  YUAN_PER_WAN,
  caseOf,
  dispositionParts,
  handledOn,
  procurementStanding,
  reviewStanding,
  rowCategories,
  unitAssumed,
  violatesStored,
} from '../model/summary';
import { keyOf } from '../model/rollup';
import { STATUS, addAccounting, constantRows, rulesOn, violatesAny, type Accounting } from './accounting';
import { type AnswerSize, wholeAnswerBound } from './chunks';
import { check } from './errors';
import { checkListSize, validateFilter, whereCells, whereReports, whereSummary, type ReportFilter } from './filter';
import { nameOf } from './places';
import { keyLiteral, nullsLast, num, whereIdIn } from './sql';

export const GROUP_BY = ['YEAR', 'AGENCY', 'PROVINCE', 'CITY', 'COUNTY', 'LEVEL', 'APPLICANT'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export const DISPOSITION_DETAIL = ['CATEGORY', 'ROW'] as const;
export type DispositionDetail = (typeof DISPOSITION_DETAIL)[number];

/**
 * Which rows a bucket aggregation reads (internal: not in GraphQL). `rollup`, the default, reads the rollups of the
 * summary rows per year and standing (model/rollup.ts) where they answer — a breakdown of dispositions or of review
 * and litigation over every report or some years, by year or applicant, no rule excluded — and is `summary`
 * otherwise. `summary` reads the summary rows stored per report (model/summary.ts) wherever the arguments allow —
 * dispositions by CATEGORY over every handling row, review and litigation, procurement — and the cells otherwise
 * (dispositions with `rows:` or detail ROW: a subset of rows changes which sets a report must print, which the summary
 * rows do not keep). `cells` always reads the cells: the reference the other paths are compared with
 * (test/summary-paths.test.ts) and timed against (the bench).
 */
export type AggregationPath = 'cells' | 'summary' | 'rollup';

/** What every aggregation takes: the filter and the dimensions of its buckets. */
export interface BucketArgs {
  filter?: ReportFilter | null;
  groupBy?: readonly GroupBy[] | null;
  /** Internal: see AggregationPath. */
  path?: AggregationPath;
  /** Internal: what the GraphQL execution may do with a large answer, and learns of it (query/chunks.ts). */
  answer?: AnswerSize;
}

/** The bucket key fields each grouping fills (the others are absent from its buckets). */
export const GROUP_KEY_FIELDS: Record<GroupBy, string[]> = {
  YEAR: ['year'],
  AGENCY: ['agencyId', 'agencyName'],
  PROVINCE: ['provinceCode', 'provinceName'],
  CITY: ['cityCode', 'cityName'],
  COUNTY: ['countyCode', 'countyName'],
  LEVEL: ['level'],
  APPLICANT: ['applicant'],
};

/** The key fields a bucket can carry; those of dimensions not grouped by are absent. */
export interface BucketKey {
  year?: number;
  agencyId?: number;
  agencyName?: string;
  /** The agency's province, prefecture-level city, county (code and name; null where it has none, or no division). */
  provinceCode?: string | null;
  provinceName?: string | null;
  cityCode?: string | null;
  cityName?: string | null;
  countyCode?: string | null;
  countyName?: string | null;
  level?: LevelKey | null;
  applicant?: string;
}

/** Grouped by a division level: its code on the agency; the name comes from the gazetteer. */
const DIVISION_GROUPS = [
  ['PROVINCE', 'province'],
  ['CITY', 'city'],
  ['COUNTY', 'county'],
] as const;

interface Dim {
  /** SQL expression → output alias. */
  select: [string, string][];
  /** Output aliases (quoted) to order by, in the outer query. */
  order: string[];
  /** Reads the agency table (joined only then). */
  agency?: boolean;
}

/**
 * Where a grouping reads the year and the agency: the columns copied on the cell or summary row, or the report's own;
 * or a rollup row's (model/rollup.ts), which keeps the province of procurement's.
 */
type Base = 'cell' | 'report' | 'summary' | 'rollup';

function dims(base: Base): Record<GroupBy, Dim> {
  const at = { cell: 'c', report: 'r', summary: 'x', rollup: 'x' }[base];
  // On reports, the applicant comes from the list of applicant columns crossed with them (perReport(), below).
  const column = { cell: 'c.column_key', report: 'ap.col', summary: 'x.column_key', rollup: 'x.column_key' }[base];
  const province: Partial<Record<GroupBy, Dim>> =
    base === 'rollup'
      ? { PROVINCE: { select: [[keyOf('province_code'), 'provinceCode']], order: nullsLast('"provinceCode"') } }
      : {};
  return {
    YEAR: { select: [[`${at}.year`, 'year']], order: ['"year"'] },
    // The agency's name is joined after grouping (see ordered()), not once per cell.
    AGENCY: { select: [[`${at}.agency_id`, 'agencyId']], order: ['"agencyId"'] },
    ...(Object.fromEntries(
      DIVISION_GROUPS.map(([g, level]) => [
        g,
        { select: [[`a.${level}_code`, `${level}Code`]], order: nullsLast(`"${level}Code"`), agency: true },
      ]),
    ) as Record<(typeof DIVISION_GROUPS)[number][0], Dim>),
    LEVEL: { select: [['a.level', 'level']], order: nullsLast('"level"'), agency: true },
    // The applicant is the table column, in printed order.
    APPLICANT: {
      select: [
        [column, 'applicant'],
        [dimensionOrder('applications', 'column', column), 'applicantOrder'],
      ],
      order: ['"applicantOrder"'],
    },
    ...province,
  };
}

export function grouping(groupBy: readonly GroupBy[] | null = [], allowed: readonly GroupBy[], base: Base = 'cell') {
  groupBy ??= [];
  check(new Set(groupBy).size === groupBy.length, 'groupBy lists a dimension twice');
  for (const g of groupBy) check(allowed.includes(g), `groupBy ${g} does not apply here; use ${allowed.join(', ')}`);
  const all = dims(base);
  // In the order asked for: the first dimension sorts first.
  const chosen = groupBy.map((g) => all[g]);
  const exprs = chosen.flatMap((d) => d.select.map(([e]) => e));
  return {
    /** The output aliases of the key columns. */
    aliases: chosen.flatMap((d) => d.select.map(([, alias]) => alias)),
    has: (g: GroupBy) => groupBy.includes(g),
    needsAgency: chosen.some((d) => d.agency),
    /** Selects the key columns, without grouping (a query of one row per report). */
    keys<T extends object>(qb: SelectQueryBuilder<T>) {
      for (const d of chosen) for (const [e, alias] of d.select) qb.addSelect(e, alias);
      return qb;
    },
    select<T extends object>(qb: SelectQueryBuilder<T>) {
      for (const d of chosen) for (const [e, alias] of d.select) qb.addSelect(e, alias);
      for (const e of exprs) qb.addGroupBy(e);
      // Without GROUP BY, SQL answers an empty selection with one row of NULLs; no rows means no bucket.
      return qb.having('COUNT(*) > 0');
    },
    exprs,
    /** Over the output aliases: for a query wrapped around the grouped one (ordered()). */
    order: chosen.flatMap((d) => d.order),
    /**
     * The same order over the key expressions, for the query that selects them: PostgreSQL does not resolve output
     * aliases inside ORDER BY expressions (nullsLast's CASE), SQLite does.
     */
    orderByKeys: chosen.flatMap((d) =>
      d.order.map((o) => d.select.reduce((text, [e, alias]) => text.replaceAll(`"${alias}"`, e), o)),
    ),
  };
}

const dimensionOrder = (table: string, kind: 'row' | 'column', expr: string) =>
  caseOf(
    expr,
    dimensions()
      .filter((d) => d.table === table && d.kind === kind)
      .map((d) => [d.key, d.order]),
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
 * The second step of a bucket aggregation: the first gives one row per report (and detail), with its standing; this
 * one groups them (`b`) by the bucket keys.
 */
function byBucket(ds: DataSource, g: ReturnType<typeof grouping>, perReport: SelectQueryBuilder<object>) {
  const qb = ds.createQueryBuilder().from(`(${perReport.getQuery()})`, 'b').setParameters(perReport.getParameters());
  for (const a of g.aliases) qb.addSelect(`b."${a}"`, a).addGroupBy(`b."${a}"`);
  return qb;
}

interface Outer {
  /** Output aliases (quoted) or expressions over them to order by. */
  order: string[];
  where?: string;
  /** Columns computed over the buckets' aliases: alias → expression. */
  select?: Record<string, string>;
  limit?: number;
  /** The execution's bound and chunk (query/chunks.ts). */
  answer?: AnswerSize;
}

/**
 * Runs a grouped query wrapped twice — computed columns, then order — so both databases can order by output columns
 * and by expressions over them (PostgreSQL does not allow output aliases inside ORDER BY expressions). Buckets keyed
 * by agency get its name here, once per bucket answered.
 */
export async function ordered(qb: SelectQueryBuilder<object>, outer: Outer): Promise<Record<string, unknown>[]> {
  const [sql, params] = qb.getQueryAndParameters();
  const byAgency = qb.expressionMap.selects.some((s) => s.aliasName === 'agencyId');
  const select = ['buckets.*', ...Object.entries(outer.select ?? {}).map(([alias, e]) => `${e} AS "${alias}"`)].join(
    ', ',
  );
  const where = outer.where ? ` WHERE ${outer.where}` : '';
  const orderBy = outer.order.length > 0 ? ` ORDER BY ${outer.order.join(', ')}` : '';
  // In chunks (an export, a streamed answer: chunks.ts), the chunk's rows of the answer; else the answer, read one row
  // past the bound.
  const { answer } = outer;
  const chunk = answer?.chunk;
  const first = outer.limit ?? Infinity;
  const bound = wholeAnswerBound(answer);
  // Admitted for what one chunk costs and asked alone over HTTP: streamed (server/stream.ts), whose chunks compute it;
  // computed here too, it would be computed twice.
  if (answer?.inChunks && answer.streamable && !chunk) {
    answer.refused = true;
    check(false, 'this answer is estimated to be too large to be held whole: it is streamed');
  }
  const count = chunk ? Math.min(chunk.size, first - chunk.offset) : Math.min(first, bound + 1);
  if (count <= 0) {
    if (chunk) chunk.rows = 0;
    return [];
  }
  const body = `SELECT ${select} FROM (${sql}) buckets${where}`;
  // The agency's name, looked up for the buckets answered only (not for all 20,000 of a top 100); in a query of its
  // own, as the agency's columns (level) would make the order's names ambiguous.
  const named = (q: string) =>
    byAgency
      ? `SELECT * FROM (SELECT q.*, an.name AS "agencyName" FROM (${q}) q LEFT JOIN agency an ON an.id = q."agencyId") named`
      : q;
  const read = async (): Promise<Record<string, unknown>[]> => {
    // A chunk after another read on from the statement the first opened, where the database holds it (chunks.ts).
    const all = `${named(`SELECT * FROM (${body}) computed`)}${orderBy}${Number.isFinite(first) ? ` LIMIT ${first}` : ''}`;
    const onward = chunk?.reading && (await chunk.reading.rows(qb.connection, all, params, chunk.offset, count));
    if (onward) return onward;
    const limit = Number.isFinite(count) ? ` LIMIT ${count}${chunk ? ` OFFSET ${chunk.offset}` : ''}` : '';
    const page = `SELECT * FROM (${body}) computed${orderBy}${limit}`;
    return qb.connection.query(byAgency ? `${named(page)}${orderBy}` : page, params);
  };
  const rows = await read();
  if (chunk) chunk.rows = rows.length;
  if (answer && !chunk && rows.length > bound) answer.refused = true;
  check(
    chunk || rows.length <= bound,
    `this answer has more than ${bound} buckets: ask for the top ones (orderBy, first), narrow the filter or group by less; or ask for this field alone in a request to /graphql, which then streams it, or download it whole from the export (/export/<dataset>.csv with the same arguments)`,
  );
  return rows;
}

type Row = Record<string, unknown>;

/** A division code of a grouped row (null where the agency has none), undefined where the row is not grouped by it. */
const codeOf = (row: Row, column: string) => (column in row ? ((row[column] as string | null) ?? null) : undefined);

/**
 * A bucket: its keys as own fields, every one of them present (undefined where not grouped by) and always in this
 * order, then each aggregation's measures set by its subclass's constructor. All buckets of an answer thus share one
 * hidden class: built with object spreads instead (`{ ...key, count, ...counts }`, keys present or absent
 * by grouping) 24,000 buckets took 1.3 s; as these objects, ~10 ms. Resolvers and exports read the fields by name, so
 * an undefined key answers null exactly as an absent one did.
 */
export class Bucket implements BucketKey {
  year: number | undefined;
  agencyId: number | undefined;
  agencyName: string | undefined;
  provinceCode: string | null | undefined;
  provinceName: string | null | undefined;
  cityCode: string | null | undefined;
  cityName: string | null | undefined;
  countyCode: string | null | undefined;
  countyName: string | null | undefined;
  level: LevelKey | null | undefined;
  applicant: string | undefined;
  constructor(row: Row) {
    const byAgency = 'agencyId' in row;
    this.year = 'year' in row ? num(row.year)! : undefined;
    this.agencyId = byAgency ? num(row.agencyId)! : undefined;
    this.agencyName = byAgency ? (row.agencyName as string) : undefined;
    this.provinceCode = codeOf(row, 'provinceCode');
    this.provinceName = this.provinceCode === undefined ? undefined : nameOf(this.provinceCode);
    this.cityCode = codeOf(row, 'cityCode');
    this.cityName = this.cityCode === undefined ? undefined : nameOf(this.cityCode);
    this.countyCode = codeOf(row, 'countyCode');
    this.countyName = this.countyCode === undefined ? undefined : nameOf(this.countyCode);
    this.level = 'level' in row ? (row.level as LevelKey | null) : undefined;
    this.applicant = 'applicant' in row ? (row.applicant as string) : undefined;
  }
}

/** The key fields of a grouped row (see Bucket). */
export const bucketKey = (row: Row): BucketKey => new Bucket(row);

/** A bucket that accounts for its reports (accounting.ts), fields set in one order. */
class AccountedBucket extends Bucket implements Accounting {
  reports: number;
  reportsUsed: number;
  reportsBlank: number;
  reportsMissing: number;
  reportsNotPrinted: number;
  reportsExcluded: number;
  reportsViolating: number;
  constructor(row: Row) {
    super(row);
    this.reports = num(row.reports)!;
    this.reportsUsed = num(row.reportsUsed)!;
    this.reportsBlank = num(row.reportsBlank)!;
    this.reportsMissing = num(row.reportsMissing)!;
    this.reportsNotPrinted = num(row.reportsNotPrinted)!;
    this.reportsExcluded = num(row.reportsExcluded)!;
    this.reportsViolating = num(row.reportsViolating)!;
  }
}

const ratio = (top: number | null, bottom: number | null) =>
  top === null || bottom === null || bottom === 0 ? null : top / bottom;

// ---------------------------------------------------------------------------------------------------------------
// 办理结果: how requests were handled

export interface DispositionBucket extends BucketKey, Accounting {
  /** The handling category (granted, denied, unable, …): the bucket's, or with detail ROW its row's. */
  category: string | null;
  /** With detail ROW: the handling row. */
  row: string | null;
  /** The outcome, summed over the reports used. */
  count: number | null;
  /** Their printed 总计 (total_handled): the denominator of `share`. */
  handled: number | null;
  share: number | null;
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
 * Reports × (applicant column) × detail, one row each, with the report's standing (accounting.ts): the base of the
 * bucket aggregations on the cell path. `cells` is a per-report subquery `x` (report_id, col, detail, sums and
 * counts) joined on them.
 */
function perReport(ds: DataSource, filter: ReportFilter | null | undefined, g: ReturnType<typeof grouping>) {
  const { excludeViolations, ...rest } = filter ?? {};
  // The agency only where a grouping or the filter reads it: a lookup per report otherwise spent for nothing.
  const qb = whereReports(ds.createQueryBuilder().from('report', 'r'), rest, { agency: g.needsAgency });
  g.keys(qb);
  const excluded = excludeViolations?.length ? violatesAny(excludeViolations) : '0';
  return { qb, excluded };
}

/**
 * The same base on the summary path: the summary rows `x` of the filtered reports (model/summary.ts), whose stored
 * standing is overridden by the rules the query excludes (read from the stored rule outcomes). Or, where the rollups
 * answer (`rollup`: its table), their rows, each standing for `w` reports of one standing.
 */
function perSummary(
  ds: DataSource,
  table: string,
  filter: ReportFilter | null | undefined,
  g: ReturnType<typeof grouping>,
  alsoExcluded = '',
) {
  validateFilter(filter ?? {});
  const { excludeViolations, ...rest } = filter ?? {};
  const qb = whereSummary(ds.createQueryBuilder().from(table, 'x'), rest, { agency: g.needsAgency });
  g.keys(qb);
  const excluded = `${excludeViolations?.length ? violatesStored(excludeViolations, 'x.report_id') : '0'} = 1${alsoExcluded}`;
  const status =
    excluded === '0 = 1' ? 'x.status' : `CASE WHEN ${excluded} THEN '${STATUS.excluded}' ELSE x.status END`;
  return qb.addSelect(status, 'status').addSelect('x.violating', 'violating');
}

/** The rollup rows `x` (model/rollup.ts) standing for the filtered reports, each for `w` of them. */
function perRollup(
  ds: DataSource,
  table: string,
  filter: ReportFilter | null | undefined,
  g: ReturnType<typeof grouping>,
  alsoExcluded = '',
) {
  return perSummary(ds, table, filter, g, alsoExcluded).andWhere('x.reports > 0').addSelect('x.reports', 'w');
}

/** Filter fields the rollups answer: they keep years, not agencies, formats or findings. */
const ROLLUP_FILTERS = new Set<string>(['years', 'yearFrom', 'yearTo']);

/**
 * Whether the rollups answer an aggregation: on the default path, filtered by year at most (no rule excluded: they
 * keep a report's flag for its table's rules, not which), grouped by the dimensions the rollup keeps at most.
 */
function rollupAnswers(
  path: AggregationPath | undefined,
  filter: ReportFilter | null | undefined,
  groupBy: readonly GroupBy[] | null | undefined,
  kept: readonly GroupBy[] = ['YEAR', 'APPLICANT'],
) {
  if ((path ?? 'rollup') !== 'rollup') return false;
  const given = Object.entries(filter ?? {}).filter(
    ([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0),
  );
  return given.every(([k]) => ROLLUP_FILTERS.has(k)) && (groupBy ?? []).every((d) => kept.includes(d));
}

/**
 * Counts of handling outcomes, per bucket and detail, over the reports that print every cell the bucket reads — the
 * detail's rows and the 总计 (total_handled) of the same column — neither blank nor missing; the others are counted
 * by reason. Without APPLICANT the printed 总计 column is read; a report that prints none (seed 001) is missing there.
 * By CATEGORY over every handling row it reads the summary rows (or their rollups); by ROW the summary rows of the 总计
 * column, when not by APPLICANT; otherwise (`rows:` by CATEGORY, by ROW and APPLICANT) the cells.
 */
export async function dispositionBreakdown(ds: DataSource, args: DispositionArgs = {}): Promise<DispositionBucket[]> {
  const { filter, groupBy, detail = 'CATEGORY', orderBy = 'KEY' } = args;
  const rows = args.rows ?? allHandlingRows();
  const first = args.first ?? undefined;
  // The summary rows keep every handling row by category, for every column; and each row of the 总计 column alone.
  const byRow = detail === 'ROW' && !(groupBy ?? []).includes('APPLICANT');
  const summary = args.path !== 'cells' && ((detail === 'CATEGORY' && !args.rows) || byRow);
  const g = grouping(groupBy, GROUP_BY, summary ? 'summary' : 'report');
  check(
    first === undefined || (Number.isInteger(first) && first >= 1 && first <= MAX_BUCKETS),
    `first must be between 1 and ${MAX_BUCKETS}`,
  );
  check(rows.length > 0, 'rows is an empty list: leave it out to mean every handling row');
  checkListSize('rows', rows);
  for (const r of rows)
    check(allHandlingRows().includes(r), `rows: ${r} is not a handling row (granted … other_other)`);
  const columns = g.has('APPLICANT') ? APPLICANT_COLUMNS.map((c) => c.key) : ['total'];
  const rowCategoryOf = rowCategories();
  const parts = dispositionParts(rows, detail);
  const order = new Map(
    dimensions()
      .filter((d) => d.table === 'applications' && d.kind === 'row')
      .map((d) => [d.key, d.order]),
  );
  const detailOrder = (key: string) =>
    Math.min(
      ...rows.filter((r) => (detail === 'ROW' ? r === key : rowCategoryOf.get(r) === key)).map((r) => order.get(r)!),
    );

  const rollup = summary && !byRow && rollupAnswers(args.path, filter, groupBy);
  let base: SelectQueryBuilder<object>;
  if (summary) {
    // By ROW a report's standing on a row depends on that row alone: the same whichever rows are asked for.
    const [table, detailColumn] = byRow
      ? ['summary_disposition_row', 'x.row_key']
      : ['summary_disposition', 'x.category'];
    base = (rollup ? perRollup(ds, 'rollup_disposition', filter, g) : perSummary(ds, table, filter, g))
      .andWhere(
        byRow
          ? `x.row_key IN (${rows.map(keyLiteral).join(', ')})`
          : `x.column_key IN (${columns.map(keyLiteral).join(', ')})`,
      )
      .addSelect(detailColumn, 'detail')
      .addSelect(
        caseOf(
          detailColumn,
          parts.details.map((d) => [d, detailOrder(d)]),
        ),
        'detailOrder',
      )
      .addSelect('x.s', 's')
      .addSelect('x.h', 'h');
  } else {
    // By ROW, each report's one cell of the row and column, found as its 总计 is (below) by the slice index's whole
    // key: a subquery both databases merge into the join, instead of grouping the cells of every report first and
    // looking each report up in the result (top 100 by one row at 100,000 reports: 173 → 138 ms for the statement).
    const oneCell = detail === 'ROW';
    // (By ROW the join on the report selects the cells: the filter need not be repeated.)
    const cells = cellsQuery(ds, oneCell ? null : filter, 'applications')
      .select('c.report_id', 'report_id')
      .addSelect('c.column_key', 'col')
      .addSelect(parts.detailExpr, 'detail')
      .andWhere('c.column_key IN (:...columns)', { columns })
      .andWhere('c.row_key IN (:...rows)', { rows });
    if (oneCell) cells.addSelect('c.year', 'year').addSelect('c.agency_id', 'agency_id');
    else cells.groupBy('c.report_id').addGroupBy('c.column_key').addGroupBy(parts.detailExpr);
    for (const [e, alias] of oneCell ? parts.cellCounts : parts.counts) cells.addSelect(e, alias);
    const { qb, excluded } = perReport(ds, filter, g);
    base = qb
      .innerJoin(`(${constantRows(columns.map((col) => ({ col })))})`, 'ap', '1 = 1')
      .innerJoin(
        `(${constantRows(parts.details.map((d) => ({ detail: d, detailOrder: detailOrder(d) })))})`,
        'd',
        '1 = 1',
      )
      .leftJoin(
        `(${cells.getQuery()})`,
        'x',
        `x.report_id = r.id AND x.col = ap.col AND x.detail = d."detail"${oneCell ? ' AND x.year = r.year AND x.agency_id = r.agency_id' : ''}`,
      )
      // The cell's own year and agency (kept with the report's: agencies.ts re-links both) complete the slice index's
      // key, so the 总计 is one seek instead of a scan of the report's ~200 cells (ix_cell_report): 254 → 24 ms for the
      // top 100 by one row at 20,000 reports (BENCHMARKS.md).
      .leftJoin('cell', 'h', `${handledOn('ap.col')} AND h.year = r.year AND h.agency_id = r.agency_id`)
      .setParameters(cells.getParameters())
      .addSelect('d."detail"', 'detail')
      .addSelect('d."detailOrder"', 'detailOrder')
      .addSelect('x.s', 's')
      .addSelect('h.value', 'h')
      .addSelect(`CASE WHEN ${excluded} = 1 THEN '${STATUS.excluded}' ${parts.standing} END`, 'status')
      .addSelect(violatesAny(rulesOn(allRules(), 'applications')), 'violating');
  }

  const qb = byBucket(ds, g, base);
  qb.addSelect('b."detail"', 'detail')
    .addSelect('MIN(b."detailOrder")', 'detailOrder')
    .addSelect(`SUM(CASE WHEN b."status" = '${STATUS.used}' THEN b."s" END)`, 'count')
    .addSelect(`SUM(CASE WHEN b."status" = '${STATUS.used}' THEN b."h" END)`, 'handled')
    .addGroupBy('b."detail"');
  addAccounting(qb, 'b', rollup);
  const keyOrder = [...g.order, '"detailOrder"'];
  const buckets = await ordered(qb, {
    answer: args.answer,
    where: PRINTED_SOMEWHERE,
    select: { share: 'CASE WHEN "handled" <> 0 THEN CAST("count" AS double precision) / "handled" END' },
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
  return buckets.map(
    (row) =>
      new Disposition(
        row,
        detail === 'CATEGORY' ? (row.detail as string) : (rowCategoryOf.get(row.detail as string) ?? null),
        detail === 'ROW' ? (row.detail as string) : null,
      ),
  );
}

class Disposition extends AccountedBucket implements DispositionBucket {
  category: string | null;
  row: string | null;
  count: number | null;
  handled: number | null;
  share: number | null;
  constructor(r: Row, category: string | null, row: string | null) {
    super(r);
    this.category = category;
    this.row = row;
    this.count = num(r.count);
    this.handled = num(r.handled);
    this.share = num(r.share);
  }
}

/** A bucket none of whose reports' formats prints what it sums is no bucket (not a bucket of nulls). */
const PRINTED_SOMEWHERE = '"reportsNotPrinted" < "reports"';

// ---------------------------------------------------------------------------------------------------------------
// 政府集中采购 (format 2019 only)

export interface ProcurementBucket extends BucketKey, Accounting {
  /** 政府集中采购项目数 of the reports used. */
  projects: number | null;
  /** Their amount, 万元, exact to the 元 (summed in whole 元: the same digits on every database). */
  amount_wan: number | null;
  /** Of amount_wan: amounts printed with a unit (万元, or 元 converted). */
  amount_wan_stated: number | null;
  /** Of amount_wan: amounts printed without a unit, taken as 万元 (unit_assumed): perhaps 元, 10,000 times too large. */
  amount_wan_assumed: number | null;
  /** Reports used whose amount had no unit. */
  reportsUnitAssumed: number;
}

export interface ProcurementArgs extends BucketArgs {
  /** Leave out (as reportsExcluded) the reports whose amount had no unit. */
  excludeAssumedUnits?: boolean | null;
}

export const NOT_BY_APPLICANT = GROUP_BY.filter((g) => g !== 'APPLICANT');

const wan = (yuan: number | null) => (yuan === null ? null : yuan / YUAN_PER_WAN);

export async function procurementTotals(
  ds: DataSource,
  { filter, groupBy, excludeAssumedUnits, path, answer }: ProcurementArgs = {},
): Promise<ProcurementBucket[]> {
  const summary = path !== 'cells';
  // The rollup keeps the province, and whether the unit was assumed (a key: excludeAssumedUnits is answered too).
  const rollup = summary && rollupAnswers(path, filter, groupBy, ['YEAR', 'PROVINCE']);
  const g = grouping(groupBy, NOT_BY_APPLICANT, rollup ? 'rollup' : summary ? 'summary' : 'report');
  const alsoExcluded = (assumed: string) => (excludeAssumedUnits ? ` OR ${assumed} = 1` : '');
  let base: SelectQueryBuilder<object>;
  if (summary) {
    base = (
      rollup
        ? perRollup(ds, 'rollup_procurement', filter, g, alsoExcluded('x.assumed'))
        : perSummary(ds, 'summary_procurement', filter, g, alsoExcluded('x.assumed'))
    )
      .addSelect('x.projects', 'projects')
      .addSelect('x.yuan', 'yuan')
      .addSelect('x.assumed', 'assumed');
  } else {
    const cells = cellsQuery(ds, filter, 'proactive')
      .select('c.report_id', 'report_id')
      .andWhere("c.row_key = 'procurement'")
      .andWhere("c.column_key IN ('projects', 'amount_wan')")
      .groupBy('c.report_id');
    for (const [e, alias] of PROCUREMENT_COUNTS) cells.addSelect(e, alias);
    const { qb, excluded } = perReport(ds, filter, g);
    base = qb
      .leftJoin(`(${cells.getQuery()})`, 'x', 'x.report_id = r.id')
      .setParameters(cells.getParameters())
      .addSelect('x.projects', 'projects')
      .addSelect('x.yuan', 'yuan')
      .addSelect(unitAssumed(), 'assumed')
      .addSelect(
        `CASE WHEN ${excluded} = 1${alsoExcluded(unitAssumed())} THEN '${STATUS.excluded}' ${procurementStanding()} END`,
        'status',
      )
      .addSelect(violatesAny(rulesOn(allRules(), 'proactive')), 'violating');
  }
  const qb = byBucket(ds, g, base);
  const used = `b."status" = '${STATUS.used}'`;
  qb.addSelect(`SUM(CASE WHEN ${used} THEN b."projects" END)`, 'projects')
    .addSelect(`SUM(CASE WHEN ${used} THEN b."yuan" END)`, 'yuan')
    .addSelect(`SUM(CASE WHEN ${used} AND b."assumed" = 0 THEN b."yuan" END)`, 'yuanStated')
    .addSelect(`SUM(CASE WHEN ${used} AND b."assumed" = 1 THEN b."yuan" END)`, 'yuanAssumed')
    .addSelect(`SUM(CASE WHEN ${used} THEN b."assumed"${rollup ? ' * b."w"' : ''} ELSE 0 END)`, 'reportsUnitAssumed');
  addAccounting(qb, 'b', rollup);
  const rows = await ordered(qb, { answer, where: PRINTED_SOMEWHERE, order: g.order });
  return rows.map((row) => new Procurement(row));
}

class Procurement extends AccountedBucket implements ProcurementBucket {
  projects: number | null;
  amount_wan: number | null;
  amount_wan_stated: number | null;
  amount_wan_assumed: number | null;
  reportsUnitAssumed: number;
  constructor(r: Row) {
    super(r);
    this.projects = num(r.projects);
    this.amount_wan = wan(num(r.yuan));
    this.amount_wan_stated = wan(num(r.yuanStated));
    this.amount_wan_assumed = wan(num(r.yuanAssumed));
    this.reportsUnitAssumed = num(r.reportsUnitAssumed)!;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 行政复议、行政诉讼

export interface ReviewLitigationBucket extends BucketKey, Accounting {
  /** review, litigation_direct or litigation_after_review. */
  kind: string;
  upheld: number | null;
  corrected: number | null;
  other: number | null;
  pending: number | null;
  total: number | null;
  /** corrected: the numerator of correctionRate. */
  correctionNumerator: number | null;
  /** Concluded cases, upheld + corrected + other (not total − pending: a printed total can contradict its parts). */
  correctionDenominator: number | null;
  /** correctionNumerator / correctionDenominator; null when that is 0 or no report is used. */
  correctionRate: number | null;
}

/**
 * Review and litigation outcomes per kind, over the reports that print all five cells of the kind (blank and missing
 * cells leave the report out, by reason). The correction rate counts concluded cases from their parts.
 */
export async function reviewLitigation(
  ds: DataSource,
  { filter, groupBy, path, answer }: BucketArgs = {},
): Promise<ReviewLitigationBucket[]> {
  const summary = path !== 'cells';
  const g = grouping(groupBy, NOT_BY_APPLICANT, summary ? 'summary' : 'report');
  const kinds = orderedKeys('review_litigation', 'row');
  const rollup = summary && rollupAnswers(path, filter, groupBy);
  let base: SelectQueryBuilder<object>;
  if (summary) {
    base = (rollup ? perRollup(ds, 'rollup_review', filter, g) : perSummary(ds, 'summary_review', filter, g))
      .addSelect('x.kind', 'kind')
      .addSelect(
        caseOf(
          'x.kind',
          kinds.map((k, i) => [k, i]),
        ),
        'kindOrder',
      );
    for (const col of REVIEW_OUTCOMES) base.addSelect(`x.${col}`, col);
  } else {
    const cells = cellsQuery(ds, filter, 'review_litigation')
      .select('c.report_id', 'report_id')
      .addSelect('c.row_key', 'kind')
      .addSelect('COUNT(c.value)', 'nn')
      .addSelect('COUNT(*)', 'n')
      .andWhere('c.column_key IN (:...outcomes)', { outcomes: REVIEW_OUTCOMES })
      .groupBy('c.report_id')
      .addGroupBy('c.row_key');
    for (const col of REVIEW_OUTCOMES)
      cells.addSelect(`SUM(CASE WHEN c.column_key = ${keyLiteral(col)} THEN c.value END)`, col);
    const { qb, excluded } = perReport(ds, filter, g);
    base = qb
      .innerJoin(`(${constantRows(kinds.map((kind, i) => ({ kind, kindOrder: i })))})`, 'k', '1 = 1')
      .leftJoin(`(${cells.getQuery()})`, 'x', 'x.report_id = r.id AND x.kind = k."kind"')
      .setParameters(cells.getParameters())
      .addSelect('k."kind"', 'kind')
      .addSelect('k."kindOrder"', 'kindOrder')
      .addSelect(`CASE WHEN ${excluded} = 1 THEN '${STATUS.excluded}' ${reviewStanding} END`, 'status')
      .addSelect(violatesAny(rulesOn(allRules(), 'review_litigation')), 'violating');
    for (const col of REVIEW_OUTCOMES) base.addSelect(`x."${col}"`, col);
  }
  const qb = byBucket(ds, g, base);
  qb.addSelect('b."kind"', 'kind').addSelect('MIN(b."kindOrder")', 'kindOrder').addGroupBy('b."kind"');
  for (const col of REVIEW_OUTCOMES)
    qb.addSelect(`SUM(CASE WHEN b."status" = '${STATUS.used}' THEN b."${col}" END)`, col);
  addAccounting(qb, 'b', rollup);
  const rows = await ordered(qb, { answer, order: [...g.order, '"kindOrder"'] });
  return rows.map((row) => new ReviewLitigation(row));
}

class ReviewLitigation extends AccountedBucket implements ReviewLitigationBucket {
  kind: string;
  upheld: number | null;
  corrected: number | null;
  other: number | null;
  pending: number | null;
  total: number | null;
  correctionNumerator: number | null;
  correctionDenominator: number | null;
  correctionRate: number | null;
  constructor(r: Row) {
    super(r);
    this.kind = r.kind as string;
    this.upheld = num(r.upheld);
    this.corrected = num(r.corrected);
    this.other = num(r.other);
    this.pending = num(r.pending);
    this.total = num(r.total);
    const { upheld, corrected, other } = this;
    const concluded = upheld === null || corrected === null || other === null ? null : upheld + corrected + other;
    this.correctionNumerator = corrected;
    this.correctionDenominator = concluded;
    this.correctionRate = ratio(corrected, concluded);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Data quality: which consistency rules the reports break

export interface DataQualityBucket extends BucketKey {
  rule: string;
  /** Reports in the bucket. */
  reports: number;
  /** Of those, the reports on which the rule could be checked (every cell of one of its equations printed; for a rule
   * across years, the year before stored too). */
  reportsChecked: number;
  reportsViolating: number;
  /** reportsViolating / reportsChecked: never over reports where nothing could be checked. */
  share: number | null;
  /** Reports of which every cell the format expects was read. */
  reportsFullyRead: number;
  /** The mean over the bucket's reports of cells found / cells expected. */
  meanCompleteness: number | null;
  cellsFound: number;
  cellsExpected: number;
}

export async function dataQuality(
  ds: DataSource,
  { filter, groupBy, answer }: BucketArgs = {},
): Promise<DataQualityBucket[]> {
  const g = grouping(groupBy, NOT_BY_APPLICANT, 'report');
  // One row per report that breaks a rule, a column per rule: the report rows are not repeated, so they can be summed.
  const flags = allRules()
    .map((rule) => `MAX(CASE WHEN rule = ${keyLiteral(rule.key)} THEN 1 ELSE 0 END) AS v_${rule.key}`)
    .join(', ');
  const violations = `(SELECT report_id, ${flags} FROM finding WHERE code = 'rule_violation' GROUP BY report_id)`;
  const qb = whereReports(
    ds
      .createQueryBuilder()
      .from('report', 'r')
      .innerJoin('agency', 'a', 'a.id = r.agency_id')
      .leftJoin(violations, 'v', 'v.report_id = r.id'),
    filter,
  );
  g.select(qb)
    .addSelect('COUNT(*)', 'reports')
    .addSelect('SUM(CASE WHEN r.cells_found = r.cells_expected THEN 1 ELSE 0 END)', 'reportsFullyRead')
    .addSelect('AVG(1.0 * r.cells_found / NULLIF(r.cells_expected, 0))', 'meanCompleteness')
    .addSelect('SUM(r.cells_found)', 'cellsFound')
    .addSelect('SUM(r.cells_expected)', 'cellsExpected');
  for (const rule of allRules()) {
    qb.addSelect(
      `SUM(CASE WHEN (',' || COALESCE(r.rules_checked, '') || ',') LIKE '%,${rule.key},%' THEN 1 ELSE 0 END)`,
      `c_${rule.key}`,
    );
    qb.addSelect(`COALESCE(SUM(v.v_${rule.key}), 0)`, `v_${rule.key}`);
  }
  const rows = await ordered(qb, { answer, order: g.order });
  return rows.flatMap((row) => allRules().map((rule) => new DataQuality(row, rule.key)));
}

class DataQuality extends Bucket implements DataQualityBucket {
  rule: string;
  reports: number;
  reportsChecked: number;
  reportsViolating: number;
  share: number | null;
  reportsFullyRead: number;
  meanCompleteness: number | null;
  cellsFound: number;
  cellsExpected: number;
  constructor(r: Row, rule: string) {
    super(r);
    this.rule = rule;
    this.reports = num(r.reports)!;
    this.reportsChecked = num(r[`c_${rule}`])!;
    this.reportsViolating = num(r[`v_${rule}`])!;
    this.share = ratio(this.reportsViolating, this.reportsChecked);
    this.reportsFullyRead = num(r.reportsFullyRead)!;
    this.meanCompleteness = num(r.meanCompleteness);
    this.cellsFound = num(r.cellsFound)!;
    this.cellsExpected = num(r.cellsExpected)!;
  }
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
  /** The parts of value, and why it is null (MetricStatus; null: no report that year). */
  numerator: number | null;
  denominator: number | null;
  status: MetricStatus | null;
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
  refs.forEach((t, i) => {
    const at = `c.table_key = ${keyLiteral(t.table)} AND c.row_key = ${keyLiteral(t.row)} AND c.column_key = ${keyLiteral(t.column)}`;
    // The value, and whether the cell was printed at all: a blank is not a cell the parser did not find.
    qb.addSelect(`MAX(CASE WHEN ${at} THEN c.value END)`, `t${i}`).addSelect(
      `COUNT(CASE WHEN ${at} THEN 1 END)`,
      `p${i}`,
    );
  });
  const names = ds.createQueryBuilder().select('a.id', 'id').addSelect('a.name', 'name').from('agency', 'a');
  whereIdIn(names, 'a.id', 'ids', agencyIds);
  const [rows, agencies] = await Promise.all([
    qb.getRawMany<Record<string, unknown>>(),
    names.getRawMany<{ id: unknown; name: string }>(),
  ]);
  const agencyName = new Map(agencies.map((a) => [num(a.id)!, a.name]));
  for (const id of agencyIds) check(agencyName.has(id), `no agency with id ${id}`);

  const byReport = new Map<string, { id: number; format: FormatKey; cells: Map<string, number | null | undefined> }>();
  for (const row of rows) {
    const cells = new Map(refs.map((t, i) => [refKey(t), num(row[`p${i}`]) ? num(row[`t${i}`]) : undefined]));
    byReport.set(`${num(row.agencyId)}:${num(row.year)}`, {
      id: num(row.reportId)!,
      format: row.format as FormatKey,
      cells,
    });
  }
  const parts = (agencyId: number, year: number, m: MetricDef) => {
    const r = byReport.get(`${agencyId}:${year}`);
    return r ? evaluateParts(m, r.format, (ref) => r.cells.get(ref)) : null;
  };
  const sortedYears = [...new Set(years)].sort((a, b) => a - b);
  return [...new Set(agencyIds)].flatMap((agencyId) =>
    sortedYears.flatMap((year) =>
      metrics.map((m) => {
        const report = byReport.get(`${agencyId}:${year}`);
        const now = parts(agencyId, year, m);
        const v = now?.value ?? null;
        const previous = parts(agencyId, year - 1, m)?.value ?? null;
        return {
          agencyId,
          agencyName: agencyName.get(agencyId)!,
          year,
          reportId: report?.id ?? null,
          format: report?.format ?? null,
          metric: m.key,
          value: v,
          numerator: now?.numerator ?? null,
          denominator: now?.denominator ?? null,
          status: now?.status ?? null,
          previousValue: previous,
          change: v === null || previous === null ? null : v - previous,
        };
      }),
    ),
  );
}
