/**
 * The catalogue of derived metrics: each a sum of cells over a sum of cells, named in both languages.
 * Which format generations a metric applies to is derived from the format description, never written by hand:
 * a metric whose cells a generation does not print (procurement in format 2021) is null there, not 0.
 */
import { APPLICANT_COLUMNS, FORMAT_KEYS, FORMATS, handlingRows, type FormatKey, type TableKey } from '../format';

export interface CellRef {
  table: TableKey;
  row: string;
  column: string;
}

export interface Term extends CellRef {
  sign: 1 | -1;
}

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
const DENIED = handlingRows('2021').filter((r) => r.category === 'denied');

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

export const METRICS: MetricDef[] = [
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
  ...DENIED.map((r) =>
    rate(
      `${r.key}_share`,
      `不予公开理由占比：${r.label}`,
      `Share of denials: ${r.en.replace(/^Denied: /, '')}`,
      [app(r.key)],
      DENIED.map((d) => app(d.key)),
      'denominator: all 不予公开 rows',
    ),
  ),
  rate(
    'review_correction_rate',
    '复议纠错率',
    'Review correction rate',
    [rl('review', 'corrected')],
    [rl('review', 'total'), rl('review', 'pending', -1)],
    'concluded cases only: pending ones are left out',
  ),
  rate(
    'litigation_correction_rate',
    '诉讼纠错率',
    'Litigation correction rate',
    LITIGATION.map((r) => rl(r, 'corrected')),
    LITIGATION.flatMap((r) => [rl(r, 'total'), rl(r, 'pending', -1)]),
    'both kinds of litigation; concluded cases only',
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
  ...APPLICANT_COLUMNS.map((c) =>
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

export function metric(key: string): MetricDef | undefined {
  return METRICS.find((m) => m.key === key);
}

export const cellsOf = (m: MetricDef): Term[] => [...m.numerator, ...(m.denominator ?? [])];

/** The generations that print every cell the metric reads. */
export function metricFormats(m: MetricDef): FormatKey[] {
  return FORMAT_KEYS.filter((f) =>
    cellsOf(m).every((t) => FORMATS[f].tables[t.table].rows.find((r) => r.key === t.row)?.columns.includes(t.column)),
  );
}

const refText = (t: Term) => `${t.table}.${t.row}.${t.column}`;
function sumText(terms: Term[]): string {
  const text = terms
    .map((t, i) => `${i === 0 ? (t.sign < 0 ? '−' : '') : t.sign < 0 ? ' − ' : ' + '}${refText(t)}`)
    .join('');
  return terms.length > 1 ? `(${text})` : text;
}

export const formulaText = (m: MetricDef) =>
  m.denominator ? `${sumText(m.numerator)} / ${sumText(m.denominator)}` : sumText(m.numerator);
export const denominatorText = (m: MetricDef) => (m.denominator ? sumText(m.denominator) : null);

export const refKey = (r: CellRef) => `${r.table}/${r.row}/${r.column}`;

/**
 * The metric's value for one report, from its cells. Any cell blank or missing → null: a partial sum would be a
 * number that looks right and is not. A denominator of 0 → null.
 */
export function evaluate(m: MetricDef, cell: (ref: string) => number | null | undefined): number | null {
  const sum = (terms: Term[]) =>
    terms.reduce<number | null>((acc, t) => {
      const v = cell(refKey(t));
      return acc === null || v === null || v === undefined ? null : acc + t.sign * v;
    }, 0);
  const top = sum(m.numerator);
  if (!m.denominator || top === null) return top;
  const bottom = sum(m.denominator);
  return bottom === null || bottom === 0 ? null : top / bottom;
}
