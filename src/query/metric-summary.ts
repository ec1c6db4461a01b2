/**
 * A catalogue metric aggregated over buckets: pooled (Σ numerator / Σ denominator over the reports where the metric
 * has a value), with its parts, the reports used and left out by reason, and the distribution of the per-report
 * values (min, quartiles, median, max) — "how does this county compare with the province's median".
 */
import type { DataSource } from 'typeorm';
import {
  allRules,
  cellsOf,
  evaluateParts,
  metric,
  refKey,
  type MetricDef,
  type MetricParts,
  type MetricStatus,
} from '../format';
import { STATUS, rulesOn, violatesAny, type Accounting } from './accounting';
import { type BucketArgs, type BucketKey, GROUP_BY, bucketKey, grouping } from './analytics';
import { check } from './errors';
import { type ReportFilter, whereReports } from './filter';
import { keyLiteral, num } from './sql';

export interface MetricSummaryArgs extends BucketArgs {
  metrics: readonly string[];
}

export interface MetricSummaryBucket extends BucketKey, Accounting {
  metric: string;
  /** Pooled: Σ numerator / Σ denominator over the reports used (a count: Σ numerator). */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Left out: the denominator is 0 (the value is undefined, not 0). */
  reportsZeroDenominator: number;
  /** The per-report values of the reports used: smallest, quartiles (linear interpolation), median, largest. */
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
}

export const SUMMARY_LIMITS = { metrics: 20 };

/** The p-quantile of sorted values, interpolating linearly between order statistics (R's type 7, numpy's default). */
function quantile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** A report's standing for one metric: its parts, or left out by the query (excludeViolations). */
type Standing = Omit<MetricParts, 'status'> & { status: MetricStatus | typeof STATUS.excluded; violating: number };

const LEFT_OUT: Record<Exclude<MetricStatus, 'ok'>, keyof Accounting | 'reportsZeroDenominator'> = {
  blank: 'reportsBlank',
  missing: 'reportsMissing',
  not_in_format: 'reportsNotPrinted',
  zero_denominator: 'reportsZeroDenominator',
};

/** One row per report the filter selects: its bucket keys, identity and each metric's standing on it. */
async function perReport(ds: DataSource, args: MetricSummaryArgs) {
  const { filter, groupBy, metrics: keys } = args;
  check(keys.length > 0, 'metrics is empty: name at least one metric (see the metrics query)');
  check(keys.length <= SUMMARY_LIMITS.metrics, `at most ${SUMMARY_LIMITS.metrics} metrics at a time`);
  const metrics = keys.map((k) => {
    const m = metric(k);
    check(m, `unknown metric "${k}"; the metrics query lists the keys`);
    return m;
  });
  const g = grouping(
    groupBy,
    GROUP_BY.filter((d) => d !== 'APPLICANT'),
    'report',
  );
  const refs = [...new Map(metrics.flatMap(cellsOf).map((t) => [refKey(t), t])).values()];
  const tables = [...new Set(refs.map((r) => r.table))];
  const { excludeViolations, ...rest } = filter ?? {};
  // One row per report: its bucket keys, format, standing, and the cells the metrics read (value, and whether printed).
  const qb = whereReports(
    ds
      .createQueryBuilder()
      .from('report', 'r')
      .innerJoin('agency', 'a', 'a.id = r.agency_id')
      .leftJoin('cell', 'c', `c.report_id = r.id AND c.table_key IN (${tables.map(keyLiteral).join(', ')})`),
    rest,
  );
  g.keys(qb)
    .addSelect('r.id', 'reportId')
    .addSelect('r.agency_id', 'reportAgencyId')
    .addSelect('a.name', 'reportAgencyName')
    .addSelect('r.year', 'reportYear')
    .addSelect('r.format', 'format')
    .addSelect(excludeViolations?.length ? violatesAny(excludeViolations) : '0', 'excluded')
    .addSelect(violatesAny(tables.flatMap((t) => rulesOn(allRules(), t))), 'violating')
    .groupBy('r.id')
    .addGroupBy('r.format')
    .addGroupBy('r.agency_id')
    .addGroupBy('a.name')
    .addGroupBy('r.year');
  for (const e of g.exprs) qb.addGroupBy(e);
  refs.forEach((t, i) => {
    const at = `c.row_key = ${keyLiteral(t.row)} AND c.column_key = ${keyLiteral(t.column)} AND c.table_key = ${keyLiteral(t.table)}`;
    qb.addSelect(`MAX(CASE WHEN ${at} THEN c.value END)`, `v${i}`).addSelect(
      `COUNT(CASE WHEN ${at} THEN 1 END)`,
      `p${i}`,
    );
  });
  for (const o of g.orderByKeys) qb.addOrderBy(o);
  qb.addOrderBy('r.id');
  const rows = await qb.getRawMany<Record<string, unknown>>();

  return {
    metrics,
    reports: rows.map((row) => {
      const cells = new Map(refs.map((t, i) => [refKey(t), num(row[`p${i}`]) ? num(row[`v${i}`]) : undefined]));
      const standings = new Map<MetricDef, Standing>(
        metrics.map((m) => [
          m,
          num(row.excluded)
            ? { value: null, numerator: null, denominator: null, status: STATUS.excluded, violating: 0 }
            : { ...evaluateParts(m, row.format as string, (ref) => cells.get(ref)), violating: num(row.violating)! },
        ]),
      );
      return {
        key: bucketKey(row),
        reportId: num(row.reportId)!,
        agencyId: num(row.reportAgencyId)!,
        agencyName: row.reportAgencyName as string,
        year: num(row.reportYear)!,
        format: row.format as string,
        standings,
      };
    }),
  };
}

export async function metricSummary(ds: DataSource, args: MetricSummaryArgs): Promise<MetricSummaryBucket[]> {
  const { metrics, reports } = await perReport(ds, args);
  const buckets = new Map<string, { key: BucketKey; perMetric: Map<MetricDef, Standing[]> }>();
  const out: MetricSummaryBucket[] = [];
  for (const r of reports) {
    const id = JSON.stringify(r.key);
    let b = buckets.get(id);
    if (!b) buckets.set(id, (b = { key: r.key, perMetric: new Map(metrics.map((m) => [m, []])) }));
    for (const m of metrics) b.perMetric.get(m)!.push(r.standings.get(m)!);
  }
  for (const b of buckets.values()) {
    for (const m of metrics) {
      const all = b.perMetric.get(m)!;
      const used = all.filter((p) => p.status === 'ok');
      const count = (field: string) => all.filter((p) => LEFT_OUT[p.status as keyof typeof LEFT_OUT] === field).length;
      const numerator = used.length ? used.reduce((s, p) => s + p.numerator!, 0) : null;
      const denominator = m.denominator ? (used.length ? used.reduce((s, p) => s + p.denominator!, 0) : null) : null;
      const values = used.map((p) => p.value!).sort((x, y) => x - y);
      out.push({
        ...b.key,
        metric: m.key,
        value: m.denominator ? (numerator !== null && denominator ? numerator / denominator : null) : numerator,
        numerator,
        denominator,
        reports: all.length,
        reportsUsed: used.length,
        reportsBlank: count('reportsBlank'),
        reportsMissing: count('reportsMissing'),
        reportsNotPrinted: count('reportsNotPrinted'),
        reportsExcluded: all.filter((p) => p.status === STATUS.excluded).length,
        reportsViolating: used.filter((p) => p.violating).length,
        reportsZeroDenominator: count('reportsZeroDenominator'),
        min: values[0] ?? null,
        q1: quantile(values, 0.25),
        median: quantile(values, 0.5),
        q3: quantile(values, 0.75),
        max: values.at(-1) ?? null,
      });
    }
  }
  return out;
}

export interface MetricValuesArgs {
  filter?: ReportFilter | null;
  metrics: readonly string[];
}

/** One row per report × metric, with its parts: the per-report values behind a summary, for BI tools. */
export interface MetricValueRow {
  reportId: number;
  agencyId: number;
  agencyName: string;
  year: number;
  format: string;
  metric: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: MetricStatus | typeof STATUS.excluded;
}

/** Reports at most per request: a larger selection is narrowed by the filter (or read by pages of years). */
export const METRIC_VALUES_LIMIT = 50_000;

export async function metricValues(ds: DataSource, { filter, metrics }: MetricValuesArgs): Promise<MetricValueRow[]> {
  const { metrics: defs, reports } = await perReport(ds, { filter, metrics });
  check(
    reports.length <= METRIC_VALUES_LIMIT,
    `${reports.length} reports: at most ${METRIC_VALUES_LIMIT} at a time; narrow the filter (years, agencies)`,
  );
  return reports.flatMap((r) =>
    defs.map((m) => {
      const { value, numerator, denominator, status } = r.standings.get(m)!;
      return {
        reportId: r.reportId,
        agencyId: r.agencyId,
        agencyName: r.agencyName,
        year: r.year,
        format: r.format,
        metric: m.key,
        value,
        numerator,
        denominator,
        status,
      };
    }),
  );
}
