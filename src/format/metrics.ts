/**
 * The catalogue of derived metrics: each a sum of cells over a sum of cells, named in both languages. A term names a
 * cell, or every handling row of a category in the report's own format (the denial shares' denominator), so a
 * metric's denominator is always the report's format's own, and a metric applies to the formats that print its cells:
 * elsewhere it is null, not 0. Nothing here names a format.
 */
import { FORMAT_KEYS, FORMATS, allHandlingRows, applicantColumns, handlingRows, orderedKeys } from './index';
import type { FormatKey, TableKey } from './model';
import { cellKey } from './rules';

export interface CellRef {
  table: TableKey;
  row: string;
  column: string;
}

/** One cell, or the sum of a category's handling rows in the report's format. */
export type Term = (CellRef | { table: 'applications'; category: string; column: string }) & { sign: 1 | -1 };

export interface MetricDef {
  key: string;
  label: string;
  en: string;
  unit: 'rate' | 'count' | 'wan_yuan';
  numerator: Term[];
  /** null: the metric is a plain sum, not a rate. */
  denominator: Term[] | null;
  note?: string;
}

const term = (table: TableKey, row: string, column: string, sign: 1 | -1 = 1): Term => ({ table, row, column, sign });
const app = (row: string, column = 'total') => term('applications', row, column);
const rl = (row: string, column: string, sign: 1 | -1 = 1) => term('review_litigation', row, column, sign);
const LITIGATION = ['litigation_direct', 'litigation_after_review'];
/** Concluded cases: counted from their parts, not as total − pending. */
const CONCLUDED = ['upheld', 'corrected', 'other'];

const count = (
  key: string,
  label: string,
  en: string,
  numerator: Term[],
  unit: MetricDef['unit'] = 'count',
): MetricDef => ({ key, label, en, unit, numerator, denominator: null });
const rate = (
  key: string,
  label: string,
  en: string,
  numerator: Term[],
  denominator: Term[],
  note?: string,
): MetricDef => ({ key, label, en, unit: 'rate', numerator, denominator, note });

function catalogue(): MetricDef[] {
  const denied = allHandlingRows().filter((k) =>
    FORMAT_KEYS.some((f) => handlingRows(f).some((r) => r.key === k && r.category === 'denied')),
  );
  const rowDef = (key: string) => FORMAT_KEYS.flatMap((f) => handlingRows(f)).find((r) => r.key === key)!;
  return [
    count('received_new', '本年新收申请数', 'New requests received', [app('received_new')]),
    count('total_handled', '本年办理总数', 'Requests handled', [app('total_handled')]),
    rate(
      'disclosure_rate',
      '公开率',
      'Disclosure rate',
      [app('granted'), app('partially_granted')],
      [app('total_handled')],
    ),
    rate('not_held_rate', '本机关不掌握率', 'Not-held rate', [app('unable_not_held')], [app('total_handled')]),
    ...denied
      .map(rowDef)
      .map((r) =>
        rate(
          `${r.key}_share`,
          `不予公开理由占比：${r.label}`,
          `Share of denials: ${r.en.replace(/^Denied: /, '')}`,
          [app(r.key)],
          [{ table: 'applications', category: 'denied', column: 'total', sign: 1 }],
          "denominator: every 不予公开 row of the report's format",
        ),
      ),
    rate(
      'review_correction_rate',
      '复议纠错率',
      'Review correction rate',
      [rl('review', 'corrected')],
      CONCLUDED.map((c) => rl('review', c)),
      'concluded cases only (upheld + corrected + other: a printed total can contradict its parts)',
    ),
    rate(
      'litigation_correction_rate',
      '诉讼纠错率',
      'Litigation correction rate',
      LITIGATION.map((r) => rl(r, 'corrected')),
      LITIGATION.flatMap((r) => CONCLUDED.map((c) => rl(r, c))),
      'both kinds of litigation; concluded cases only (upheld + corrected + other)',
    ),
    rate(
      'dispute_conversion_rate',
      '争议转化率',
      'Dispute conversion rate',
      ['review', ...LITIGATION].map((r) => rl(r, 'total')),
      [app('received_new')],
    ),
    rate(
      'backlog_rate',
      '结转积压率',
      'Backlog rate',
      [app('carried_forward')],
      [app('received_new'), app('carried_over')],
    ),
    ...orderedKeys('applications', 'column')
      .filter((k) => k !== 'total')
      .map((k) => FORMAT_KEYS.flatMap((f) => applicantColumns(f)).find((c) => c.key === k)!)
      .map((c) =>
        rate(
          `${c.key}_share`,
          `申请人构成：${c.label}`,
          `Applicant mix: ${c.en}`,
          [app('received_new', c.key)],
          [app('received_new')],
        ),
      ),
    count('review_cases', '行政复议案件数', 'Administrative review cases', [rl('review', 'total')]),
    count(
      'litigation_cases',
      '行政诉讼案件数',
      'Litigation cases',
      LITIGATION.map((r) => rl(r, 'total')),
    ),
    count('procurement_projects', '政府集中采购项目数', 'Procurement projects', [
      term('proactive', 'procurement', 'projects'),
    ]),
    count(
      'procurement_amount_wan',
      '政府集中采购金额（万元）',
      'Procurement amount (10,000 yuan)',
      [term('proactive', 'procurement', 'amount_wan')],
      'wan_yuan',
    ),
  ];
}

// Built when first asked for, after every format is registered; rebuilt when one is added.
let built: { formats: string; metrics: MetricDef[] } | undefined;

/** Every metric, in catalogue order. */
export function metrics(): MetricDef[] {
  const formats = FORMAT_KEYS.join();
  if (built?.formats !== formats) built = { formats, metrics: catalogue() };
  return built.metrics;
}

export function metric(key: string): MetricDef | undefined {
  return metrics().find((m) => m.key === key);
}

export const refKey = (r: CellRef) => cellKey(r.table, r.row, r.column);

/** The cells a term reads in a format (none where the format does not print them). */
function cellsIn(t: Term, format: FormatKey): (CellRef & { sign: 1 | -1 })[] {
  if ('row' in t) return [t];
  return handlingRows(format)
    .filter((r) => r.category === t.category)
    .map((r) => ({ table: t.table, row: r.key, column: t.column, sign: t.sign }));
}

const prints = (format: FormatKey, r: CellRef) =>
  FORMATS[format].tables[r.table].rows.find((x) => x.key === r.row)?.columns.includes(r.column) ?? false;

/** Whether a format prints every cell the metric reads (a category term: at least one row, every one printed). */
function appliesTo(m: MetricDef, format: FormatKey): boolean {
  return [...m.numerator, ...(m.denominator ?? [])].every((t) => {
    const cells = cellsIn(t, format);
    return cells.length > 0 && cells.every((c) => prints(format, c));
  });
}

/** The formats that print every cell the metric reads. */
export const metricFormats = (m: MetricDef): FormatKey[] => FORMAT_KEYS.filter((f) => appliesTo(m, f));

/** Every cell the metric may read, over all formats (what a query fetches for it). */
export const cellsOf = (m: MetricDef): CellRef[] => {
  const all = FORMAT_KEYS.flatMap((f) => [...m.numerator, ...(m.denominator ?? [])].flatMap((t) => cellsIn(t, f)));
  return [...new Map(all.map((c) => [refKey(c), { table: c.table, row: c.row, column: c.column }])).values()];
};

function termText(t: Term): string {
  return 'row' in t ? `${t.table}.${t.row}.${t.column}` : `${t.table}.[${t.category} rows].${t.column}`;
}
function sumText(terms: Term[]): string {
  const text = terms
    .map((t, i) => `${i === 0 ? (t.sign < 0 ? '−' : '') : t.sign < 0 ? ' − ' : ' + '}${termText(t)}`)
    .join('');
  return terms.length > 1 ? `(${text})` : text;
}

export const formulaText = (m: MetricDef) =>
  m.denominator ? `${sumText(m.numerator)} / ${sumText(m.denominator)}` : sumText(m.numerator);
export const denominatorText = (m: MetricDef) => (m.denominator ? sumText(m.denominator) : null);

/** Why a metric's value is null (or that it is not). */
export const METRIC_STATUSES = ['ok', 'blank', 'missing', 'zero_denominator', 'not_in_format'] as const;
export type MetricStatus = (typeof METRIC_STATUSES)[number];

export interface MetricParts {
  value: number | null;
  /** The numerator's sum (a count metric: its value). */
  numerator: number | null;
  /** The denominator's sum; null for a count. */
  denominator: number | null;
  status: MetricStatus;
}

/**
 * The metric on one report of a format, with its parts. Not printed in the format, any cell blank or missing → null
 * with the reason: a partial sum would be a number that looks right and is not. A denominator of 0 → null.
 */
export function evaluateParts(
  m: MetricDef,
  format: FormatKey,
  cell: (ref: string) => number | null | undefined,
): MetricParts {
  if (!appliesTo(m, format)) return { value: null, numerator: null, denominator: null, status: 'not_in_format' };
  let status: MetricStatus = 'ok';
  const sum = (terms: Term[]) => {
    let total = 0;
    for (const t of terms.flatMap((x) => cellsIn(x, format))) {
      const v = cell(refKey(t));
      if (v === undefined) status = 'missing';
      else if (v === null) status = status === 'missing' ? status : 'blank';
      else total += t.sign * v;
    }
    return total;
  };
  const top = sum(m.numerator);
  const bottom = m.denominator ? sum(m.denominator) : null;
  if (status !== 'ok') return { value: null, numerator: null, denominator: null, status };
  if (bottom === null) return { value: top, numerator: top, denominator: null, status };
  if (bottom === 0) return { value: null, numerator: top, denominator: 0, status: 'zero_denominator' };
  return { value: top / bottom, numerator: top, denominator: bottom, status };
}

/** The metric's value alone (evaluateParts). */
export function evaluate(
  m: MetricDef,
  format: FormatKey,
  cell: (ref: string) => number | null | undefined,
): number | null {
  return evaluateParts(m, format, cell).value;
}
