/** 数据质量: which consistency rules reports break, over the years and by level; the reports with the most findings. */
import { chart, panel } from '../charts';
import type { Context } from '../context';
import { h, percent, text } from '../dom';
import { filterArg } from '../filters';
import { levelLabel } from '../labels';
import { type Call, en, run } from '../query';
import { bars, gridPage, type Series, table, yearsOf } from './common';

/** Reports with findings looked at for the ranking (the API cannot order reports by their number of findings). */
export const RANKED = 100;

const shareTooltip = {
  trigger: 'axis',
  valueFormatter: percent,
};

interface Shares {
  id: string;
  field: string;
  /** The measures selected besides the grouping key. */
  select: string;
  title: Record<'year' | 'level', { zh: string; en: string }>;
  note?: string;
  /** One series per rule or item: its name and its share in each bucket. */
  series: (buckets: Record<string, unknown>[], key: (b: Record<string, unknown>) => string) => Series[];
}

/** A share per bucket and per rule (or scorecard item), by year or by level. */
async function sharesBy(root: HTMLElement, ctx: Context, by: 'year' | 'level', spec: Shares): Promise<void> {
  const id = `${spec.id}-by-${by}`;
  const calls: Call[] = [
    {
      field: spec.field,
      args: { groupBy: [en(by.toUpperCase())], filter: filterArg(ctx.filter) },
      select: `${by} ${spec.select}`,
    },
  ];
  const body = panel(root, { id, title: spec.title[by], calls, note: spec.note });
  const buckets = (await run(calls))[spec.field] as Record<string, unknown>[];
  const keys = by === 'year' ? yearsOf(ctx).map(String) : [...new Set(buckets.map((b) => String(b.level)))];
  const option = bars(
    keys,
    spec.series(buckets, (b) => String(b[by])),
    {
      percent: true,
      names: by === 'level' ? keys.map((l) => text(levelLabel(l === 'null' ? null : l))) : undefined,
    },
  );
  chart(body, id, { ...option, tooltip: shareTooltip });
}

/** Series by a key field (rule, item): each named from the labels, its share per bucket. */
const seriesOf =
  (labels: Record<string, { zh: string }>, field: string) =>
  (buckets: Record<string, unknown>[], key: (b: Record<string, unknown>) => string): Series[] =>
    Object.keys(labels).map((k) => ({
      id: k,
      name: labels[k].zh,
      values: new Map(buckets.filter((b) => b[field] === k).map((b) => [key(b), b.share as number | null])),
    }));

const rulesBy = (root: HTMLElement, ctx: Context, by: 'year' | 'level') =>
  sharesBy(root, ctx, by, {
    id: 'quality',
    field: 'dataQuality',
    select: 'rule reportsChecked reportsViolating share',
    title: {
      year: { zh: '违反勾稽关系的报告占比（按年份）', en: 'Reports breaking each rule, by year' },
      level: { zh: '违反勾稽关系的报告占比（按层级）', en: 'Reports breaking each rule, by level' },
    },
    series: seriesOf(ctx.labels.rule, 'rule'),
  });

const scorecardBy = (root: HTMLElement, ctx: Context, by: 'year' | 'level') =>
  sharesBy(root, ctx, by, {
    id: 'scorecard',
    field: 'scorecardSummary',
    select: 'item reportsChecked reportsFailing share',
    title: {
      year: { zh: '合规评分：不合格报告占比（按年份）', en: 'Scorecard: reports failing each item, by year' },
      level: { zh: '合规评分：不合格报告占比（按层级）', en: 'Scorecard: reports failing each item, by level' },
    },
    note: '占能够检查的报告之比（日期不明等不计入）· a share of the reports that could be checked (an unknown date is not counted)',
    series: seriesOf(ctx.labels.item, 'item'),
  });

const MARK: Record<string, string> = { pass: '✓', fail: '✗', unknown: '?' };

/** The deduction sheet: reports failing most scorecard items first (among the first page), each linking to its report. */
async function deductions(root: HTMLElement, ctx: Context): Promise<void> {
  const items = Object.keys(ctx.labels.item);
  const calls: Call[] = [
    {
      field: 'scorecards',
      args: { first: RANKED, filter: filterArg(ctx.filter) },
      select: `totalCount nodes { reportId agencyName year itemsFailed itemsChecked ${items.join(' ')} }`,
    },
  ];
  const body = panel(root, {
    id: 'deductions',
    title: { zh: '扣分表：不合格项最多的报告', en: 'Deduction sheet: reports failing most items' },
    calls,
    wide: true,
  });
  const d = await run(calls);
  const ranked = [...(d.scorecards.nodes as any[])]
    .sort((a, b) => b.itemsFailed - a.itemsFailed || a.reportId - b.reportId)
    .slice(0, 20);
  if (d.scorecards.totalCount > RANKED)
    body.append(
      h(
        'p',
        { class: 'note' },
        `仅对按年份、机关排列的前 ${RANKED} 份排序；CSV 为全部 ${d.scorecards.totalCount} 份 · ranked among the first ${RANKED} reports (by year, then agency); the CSV holds all ${d.scorecards.totalCount}`,
      ),
    );
  body.append(
    table(
      ['报告 · report', '年份 · year', ...items.map((i) => `${ctx.labels.item[i].zh} · ${i}`), '不合格 · failed'],
      ranked.map((r) => [
        h('a', { href: ctx.href('report', { id: r.reportId }) }, r.agencyName),
        String(r.year),
        ...items.map((i) => MARK[r[i]] ?? r[i]),
        `${r.itemsFailed} / ${r.itemsChecked}`,
      ]),
      { 'data-table': 'deductions' },
    ),
  );
}

async function mostFindings(root: HTMLElement, ctx: Context): Promise<void> {
  const calls: Call[] = [
    {
      field: 'reports',
      args: { first: RANKED, filter: filterArg(ctx.filter, { hasFindings: true }) },
      select: 'totalCount nodes { id year format sourceFile agency { name } findings { severity } }',
    },
  ];
  const body = panel(root, {
    id: 'most-findings',
    title: { zh: '发现最多的报告', en: 'Reports with the most findings' },
    calls,
    wide: true,
  });
  const d = await run(calls);
  const ranked = (d.reports.nodes as any[])
    .map((r) => {
      const by = (s: string) => r.findings.filter((f: any) => f.severity === s).length;
      return { ...r, total: r.findings.length, error: by('error'), warning: by('warning'), info: by('info') };
    })
    .sort((a, b) => b.total - a.total || b.error - a.error || a.id - b.id)
    .slice(0, 20);
  if (d.reports.totalCount > RANKED)
    body.append(
      h(
        'p',
        { class: 'note' },
        `在 ${d.reports.totalCount} 份有发现的报告中，仅对按年份、机关排列的前 ${RANKED} 份排序（API 尚不能按发现数排序）· ranked among the first ${RANKED} of ${d.reports.totalCount} reports with findings (by year, then agency): the API cannot order reports by their number of findings yet`,
      ),
    );
  body.append(
    table(
      [
        '报告 · report',
        '年份 · year',
        '文件 · file',
        '发现 · findings',
        '错误 · errors',
        '警告 · warnings',
        '提示 · info',
      ],
      ranked.map((r) => [
        h('a', { href: ctx.href('report', { id: r.id }) }, r.agency.name),
        String(r.year),
        r.sourceFile,
        r.total,
        r.error,
        r.warning,
        r.info,
      ]),
      { 'data-table': 'most-findings' },
    ),
  );
}

export const qualityPage = gridPage('quality', { zh: '数据质量', en: 'Data quality' }, [
  (root, ctx) => rulesBy(root, ctx, 'year'),
  (root, ctx) => rulesBy(root, ctx, 'level'),
  (root, ctx) => scorecardBy(root, ctx, 'year'),
  (root, ctx) => scorecardBy(root, ctx, 'level'),
  mostFindings,
  deductions,
]);
