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

interface QualityBucket {
  year?: number;
  level?: string | null;
  rule: string;
  reportsChecked: number;
  reportsViolating: number;
  share: number | null;
}

function ruleSeries(ctx: Context, buckets: QualityBucket[], key: (b: QualityBucket) => string): Series[] {
  return Object.keys(ctx.labels.rule).map((rule) => ({
    id: rule,
    name: ctx.labels.rule[rule].zh,
    values: new Map(buckets.filter((b) => b.rule === rule).map((b) => [key(b), b.share])),
  }));
}

const shareTooltip = {
  trigger: 'axis',
  valueFormatter: percent,
};

/** The share of reports breaking each rule, per year or per level. */
async function rulesBy(root: HTMLElement, ctx: Context, by: 'year' | 'level'): Promise<void> {
  const id = `quality-by-${by}`;
  const calls: Call[] = [
    {
      field: 'dataQuality',
      args: { groupBy: [en(by.toUpperCase())], filter: filterArg(ctx.filter) },
      select: `${by} rule reportsChecked reportsViolating share`,
    },
  ];
  const body = panel(root, {
    id,
    title:
      by === 'year'
        ? { zh: '违反勾稽关系的报告占比（按年份）', en: 'Reports breaking each rule, by year' }
        : { zh: '违反勾稽关系的报告占比（按层级）', en: 'Reports breaking each rule, by level' },
    calls,
  });
  const buckets = (await run(calls)).dataQuality as QualityBucket[];
  const keys = by === 'year' ? yearsOf(ctx).map(String) : [...new Set(buckets.map((b) => String(b.level)))];
  const option = bars(
    keys,
    ruleSeries(ctx, buckets, (b) => String(b[by])),
    {
      percent: true,
      names: by === 'level' ? keys.map((l) => text(levelLabel(l === 'null' ? null : l))) : undefined,
    },
  );
  chart(body, id, { ...option, tooltip: shareTooltip });
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
  mostFindings,
]);
