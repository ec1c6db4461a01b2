/**
 * 办理情况: how requests were handled, by year and category; the rows of one category (the 不予公开 and 无法提供
 * reasons); the agencies with the largest share or count of a chosen outcome, with numerator and denominator.
 */
import { CATEGORY_COLORS, chart, panel } from '../charts';
import type { Context } from '../context';
import { bilingual, h, num, percent, text } from '../dom';
import { filterArg } from '../filters';
import { handlingRows, rowsOf } from '../labels';
import { type Call, en, run } from '../query';
import { bars, gridPage, table, yearsOf } from './common';

/** A bucket's numbers and its accounting: which of its reports are summed, and why the others are not. */
const BUCKET =
  'count handled share reports reportsUsed reportsBlank reportsMissing reportsNotPrinted reportsExcluded reportsViolating';

interface Bucket {
  year?: number;
  category?: string;
  row?: string;
  count: number | null;
  handled: number | null;
  share: number | null;
  reports: number;
  reportsUsed: number;
  reportsBlank: number;
  reportsMissing: number;
  reportsNotPrinted: number;
  reportsExcluded: number;
  reportsViolating: number;
}

const LEFT_OUT: [keyof Bucket, string][] = [
  ['reportsBlank', '空白 · blank'],
  ['reportsMissing', '缺失 · missing'],
  ['reportsNotPrinted', '未印 · not printed'],
  ['reportsExcluded', '排除 · excluded'],
];

/** Why a bucket's other reports are not summed ("缺失 · missing 1"), or nothing when all are. */
const leftOut = (b: Bucket) =>
  LEFT_OUT.filter(([k]) => (b[k] as number) > 0)
    .map(([k, label]) => `${label} ${b[k]}`)
    .join('；');

const html = (t: string) => t.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Bars by year whose tooltip says, for each series, how many of the year's reports it sums. */
function accountedTooltip(buckets: Bucket[], key: (b: Bucket) => string | undefined) {
  const byKey = new Map(buckets.map((b) => [`${key(b)}|${b.year}`, b]));
  return {
    trigger: 'axis',
    confine: true,
    formatter: (
      params: { seriesId: string; seriesName: string; name: string; marker: string; value: number | null }[],
    ) =>
      [
        html(params[0]?.name ?? ''),
        ...params.map((p) => {
          const b = byKey.get(`${p.seriesId}|${p.name}`);
          const why = b ? leftOut(b) : '';
          return `${p.marker}${html(p.seriesName)}: <b>${num(p.value)}</b>${b ? ` （${b.reportsUsed}/${b.reports} 份报告${why ? `；${why}` : ''}）` : ''}`;
        }),
      ].join('<br>'),
  };
}

async function byCategory(root: HTMLElement, ctx: Context): Promise<void> {
  const calls: Call[] = [
    {
      field: 'dispositionBreakdown',
      args: { groupBy: [en('YEAR')], filter: filterArg(ctx.filter) },
      select: `year category ${BUCKET}`,
    },
  ];
  const body = panel(root, {
    id: 'handling-by-year',
    title: { zh: '办理结果（按年份）', en: 'How requests were handled, by year' },
    calls,
    note: '点击一个类别查看其细分 · click a category to see its rows',
  });
  const buckets = (await run(calls)).dispositionBreakdown as Bucket[];
  const years = yearsOf(ctx);
  const categories = Object.keys(ctx.labels.category);
  const series = categories.map((c) => ({
    id: c,
    name: ctx.labels.category[c].zh,
    color: CATEGORY_COLORS[c],
    values: new Map(buckets.filter((b) => b.category === c).map((b) => [b.year!, b.count])),
  }));
  const option = { ...bars(years, series, { stack: true }), tooltip: accountedTooltip(buckets, (b) => b.category) };
  chart(body, 'handling-by-year', option, (p) => {
    if (p.seriesId) ctx.go({ category: p.seriesId });
  });
}

const categoryOf = (ctx: Context) => {
  const c = ctx.params.get('category');
  return c && c in ctx.labels.category ? c : 'denied';
};

async function rowsOfCategory(root: HTMLElement, ctx: Context): Promise<void> {
  const category = categoryOf(ctx);
  const rows = rowsOf(ctx.labels, category);
  const calls: Call[] = [
    {
      field: 'dispositionBreakdown',
      args: { groupBy: [en('YEAR')], detail: en('ROW'), rows: rows.map(en), filter: filterArg(ctx.filter) },
      select: `year row ${BUCKET}`,
    },
  ];
  const label = ctx.labels.category[category];
  const body = panel(root, {
    id: 'handling-rows',
    title: { zh: `细分：${label.zh}`, en: `Rows of “${label.en}”` },
    calls,
  });
  body.append(
    h(
      'label',
      { class: 'control' },
      bilingual({ zh: '类别', en: 'Category' }),
      h(
        'select',
        { name: 'category', onchange: (e: Event) => ctx.go({ category: (e.target as HTMLSelectElement).value }) },
        Object.entries(ctx.labels.category).map(([k, l]) =>
          h('option', { value: k, selected: k === category }, text(l)),
        ),
      ),
    ),
  );
  const buckets = (await run(calls)).dispositionBreakdown as Bucket[];
  const years = yearsOf(ctx);
  const series = rows.map((r) => ({
    id: r,
    name: ctx.labels.row[r].zh,
    values: new Map(buckets.filter((b) => b.row === r).map((b) => [b.year!, b.count])),
  }));
  const option = { ...bars(years, series, { stack: true }), tooltip: accountedTooltip(buckets, (b) => b.row) };
  chart(body, 'handling-rows', option);
}

/** A category (all its rows) or a single row. */
function measureOf(ctx: Context): { key: string; rows: string[]; detail: 'CATEGORY' | 'ROW' } {
  const m = ctx.params.get('measure') ?? 'unable_not_held';
  if (m in ctx.labels.category) return { key: m, rows: rowsOf(ctx.labels, m), detail: 'CATEGORY' };
  const row = handlingRows(ctx.labels).includes(m) ? m : 'unable_not_held';
  return { key: row, rows: [row], detail: 'ROW' };
}

async function topAgencies(root: HTMLElement, ctx: Context): Promise<void> {
  const measure = measureOf(ctx);
  const byCount = ctx.params.get('order') === 'count';
  const calls: Call[] = [
    {
      field: 'dispositionBreakdown',
      args: {
        groupBy: [en('AGENCY')],
        detail: en(measure.detail),
        rows: measure.rows.map(en),
        orderBy: en(byCount ? 'COUNT_DESC' : 'SHARE_DESC'),
        first: 10,
        filter: filterArg(ctx.filter),
      },
      select: `agencyId agencyName ${measure.detail === 'ROW' ? 'row' : 'category'} ${BUCKET}`,
    },
  ];
  const body = panel(root, {
    id: 'top-agencies',
    title: { zh: '机关排名（前 10）', en: 'Top 10 agencies' },
    calls,
    wide: true,
    note: '占比 = 数量 ÷ 办理总计（本年度办理结果总计），只计两者都印出的报告 · share = count ÷ requests handled (总计), over the reports printing both',
  });
  body.append(
    h(
      'div',
      { class: 'controls' },
      h(
        'label',
        { class: 'control' },
        bilingual({ zh: '指标', en: 'Outcome' }),
        h(
          'select',
          { name: 'measure', onchange: (e: Event) => ctx.go({ measure: (e.target as HTMLSelectElement).value }) },
          h(
            'optgroup',
            { label: '类别 · categories' },
            Object.entries(ctx.labels.category).map(([k, l]) =>
              h('option', { value: k, selected: k === measure.key }, text(l)),
            ),
          ),
          h(
            'optgroup',
            { label: '细项 · rows' },
            handlingRows(ctx.labels).map((r) =>
              h('option', { value: r, selected: r === measure.key }, ctx.labels.row[r].zh),
            ),
          ),
        ),
      ),
      h(
        'label',
        { class: 'control' },
        bilingual({ zh: '排序', en: 'Order by' }),
        h(
          'select',
          { name: 'order', onchange: (e: Event) => ctx.go({ order: (e.target as HTMLSelectElement).value }) },
          h('option', { value: 'share', selected: !byCount }, '占比 · share'),
          h('option', { value: 'count', selected: byCount }, '数量 · count'),
        ),
      ),
    ),
  );
  const buckets = (await run(calls)).dispositionBreakdown as (Bucket & { agencyId: number; agencyName: string })[];
  const ids = buckets.map((b) => String(b.agencyId));
  const option = bars(
    ids,
    [
      {
        id: byCount ? 'count' : 'share',
        name: byCount ? '数量 · count' : '占比 · share',
        color: '#ef6c00',
        values: new Map(buckets.map((b) => [String(b.agencyId), byCount ? b.count : b.share])),
      },
    ],
    { horizontal: true, percent: !byCount, names: buckets.map((b) => b.agencyName) },
  );
  chart(body, 'top-agencies', { ...option, legend: { show: false } });
  body.append(
    table(
      [
        '机关 · agency',
        '数量 · count',
        '办理总计 · handled',
        '占比 · share',
        '采用/报告 · reports used',
        '未采用 · left out',
        '违反规则 · breaking a rule',
      ],
      buckets.map((b) => [
        h('a', { href: ctx.href('compare', { agencies: b.agencyId }) }, b.agencyName),
        b.count,
        b.handled,
        percent(b.share),
        `${b.reportsUsed}/${b.reports}`,
        leftOut(b),
        b.reportsViolating,
      ]),
      { 'data-table': 'top-agencies' },
    ),
  );
}

export const handlingPage = gridPage('handling', { zh: '办理情况', en: 'How requests were handled' }, [
  byCategory,
  rowsOfCategory,
  topAgencies,
]);
