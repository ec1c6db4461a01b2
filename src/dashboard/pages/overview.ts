/** 概览: how many reports, of which years, levels and formats; how complete; which consistency rules they break. */
import { chart, panel } from '../charts';
import type { Context } from '../context';
import { h, type Label, num, percent, text } from '../dom';
import { filterArg } from '../filters';
import { levelLabel } from '../labels';
import { type Call, en, run, type Value } from '../query';
import { bars, gridPage, reportCounts, table, yearsOf } from './common';

const FORMATS = ['2019', '2021'];

async function counts(root: HTMLElement, ctx: Context): Promise<void> {
  const calls: Call[] = [
    { field: 'reports', args: { first: 1, filter: filterArg(ctx.filter) }, select: 'totalCount' },
    { field: 'agencies', args: { first: 1, filter: filterArg(ctx.filter) }, select: 'totalCount' },
  ];
  const body = panel(root, { id: 'counts', title: { zh: '总数', en: 'At a glance' }, calls, wide: true });
  const d = await run(calls);
  body.append(
    h(
      'div',
      { class: 'kpis' },
      h('div', { class: 'kpi', 'data-kpi': 'reports' }, h('b', {}, num(d.reports.totalCount)), '份报告 · reports'),
      h('div', { class: 'kpi', 'data-kpi': 'agencies' }, h('b', {}, num(d.agencies.totalCount)), '个机关 · agencies'),
    ),
  );
}

async function byYearAndLevel(root: HTMLElement, ctx: Context): Promise<void> {
  const calls: Call[] = [
    {
      field: 'dataQuality',
      args: { groupBy: [en('YEAR'), en('LEVEL')], filter: filterArg(ctx.filter) },
      select: 'year level rule reports',
    },
  ];
  const body = panel(root, {
    id: 'reports-by-year-level',
    title: { zh: '报告数：按年份和层级', en: 'Reports by year and level' },
    calls,
    note: 'reports：每个年份×层级的报告数（每条规则重复一次）· reports per year and level (repeated for each rule)',
  });
  const d = await run(calls);
  const counts = reportCounts(d.dataQuality, (b) => `${b.year}|${b.level}`);
  const levels = [...new Set<string | null>(d.dataQuality.map((b: any) => b.level))];
  const years = yearsOf(ctx);
  chart(
    body,
    'reports-by-year-level',
    bars(
      years,
      levels.map((l) => ({
        id: String(l),
        name: text(levelLabel(l)),
        values: new Map(years.map((y) => [y, counts.get(`${y}|${l}`) ?? 0])),
      })),
      { stack: true },
    ),
  );
}

interface Kind {
  key: string;
  name: string;
  color?: string;
  /** What this kind adds to the filter (a format, with or without findings). */
  filter: Record<string, Value>;
}

/** Reports of each kind by year, stacked: one dataQuality call per kind, each with its own CSV. */
async function kindsByYear(
  root: HTMLElement,
  ctx: Context,
  spec: { id: string; title: Label; note?: string; kinds: Kind[] },
): Promise<void> {
  const calls: Call[] = spec.kinds.map((k) => ({
    alias: k.key,
    label: k.key,
    field: 'dataQuality',
    args: { groupBy: [en('YEAR')], filter: filterArg(ctx.filter, k.filter) },
    select: 'year rule reports',
  }));
  const body = panel(root, { id: spec.id, title: spec.title, note: spec.note, calls });
  const d = await run(calls);
  const years = yearsOf(ctx);
  const series = spec.kinds.map((k) => {
    const counts = reportCounts(d[k.key], (b) => b.year);
    return { id: k.key, name: k.name, color: k.color, values: new Map(years.map((y) => [y, counts.get(y) ?? 0])) };
  });
  chart(body, spec.id, bars(years, series, { stack: true }));
}

const byFormat = (root: HTMLElement, ctx: Context) =>
  kindsByYear(root, ctx, {
    id: 'reports-by-format',
    title: { zh: '报告格式', en: 'Formats' },
    // A format chosen in the filter bar leaves only its own kind.
    kinds: FORMATS.filter((f) => !ctx.filter.format || ctx.filter.format === f).map((f) => ({
      key: `format${f}`,
      name: `${f} 格式 · format`,
      filter: { format: f },
    })),
  });

/** Cells found of those the reports' formats expect, and the reports read in full, by year. */
async function completeness(root: HTMLElement, ctx: Context): Promise<void> {
  const calls: Call[] = [
    {
      field: 'dataQuality',
      args: { groupBy: [en('YEAR')], filter: filterArg(ctx.filter) },
      select: 'year rule reports reportsFullyRead meanCompleteness cellsFound cellsExpected',
    },
  ];
  const body = panel(root, {
    id: 'completeness',
    title: { zh: '完整性', en: 'Completeness' },
    calls,
    note: '读全：格式要求的每个单元格都读到了 · read in full: every cell the report’s format expects was found',
  });
  const d = await run(calls);
  // The counts repeat once per rule: one bucket per year.
  const byYear = new Map<number, Record<string, any>>();
  for (const b of d.dataQuality) if (!byYear.has(b.year)) byYear.set(b.year, b);
  const years = yearsOf(ctx);
  const of = (y: number, f: (b: Record<string, any>) => number) => (byYear.has(y) ? f(byYear.get(y)!) : 0);
  chart(
    body,
    'completeness',
    bars(
      years,
      [
        {
          id: 'full',
          name: '读全 · read in full',
          color: '#2e7d32',
          values: new Map(years.map((y) => [y, of(y, (b) => b.reportsFullyRead)])),
        },
        {
          id: 'partial',
          name: '有缺失 · cells missing',
          color: '#ef6c00',
          values: new Map(years.map((y) => [y, of(y, (b) => b.reports - b.reportsFullyRead)])),
        },
      ],
      { stack: true },
    ),
  );
  body.append(
    table(
      ['年份 · year', '报告 · reports', '读全 · in full', '平均完整度 · mean', '单元格 · cells found / expected'],
      years
        .filter((y) => byYear.has(y))
        .map((y) => {
          const b = byYear.get(y)!;
          return [
            String(y),
            b.reports,
            b.reportsFullyRead,
            percent(b.meanCompleteness),
            `${num(b.cellsFound)} / ${num(b.cellsExpected)}`,
          ];
        }),
      { 'data-table': 'completeness' },
    ),
  );
}

/** Reports by province of the gazetteer (agencies not resolved to one counted apart). */
async function byProvince(root: HTMLElement, ctx: Context): Promise<void> {
  const calls: Call[] = [
    {
      field: 'dataQuality',
      args: { groupBy: [en('PROVINCE')], filter: filterArg(ctx.filter) },
      select: 'provinceName rule reports',
    },
  ];
  const body = panel(root, {
    id: 'reports-by-province',
    title: { zh: '报告数：按省份', en: 'Reports by province' },
    calls,
  });
  const d = await run(calls);
  const counts = reportCounts(d.dataQuality, (b) => String(b.provinceName));
  const provinces = [...counts.keys()];
  const option = bars(provinces, [{ id: 'reports', name: '报告 · reports', color: '#b71c1c', values: counts }], {
    horizontal: true,
    names: provinces.map((p) => (p === 'null' ? '未识别 · not resolved' : p)),
  });
  chart(body, 'reports-by-province', { ...option, legend: { show: false } });
}

async function rules(root: HTMLElement, ctx: Context): Promise<void> {
  const calls: Call[] = [
    {
      field: 'dataQuality',
      args: { filter: filterArg(ctx.filter) },
      select: 'rule reports reportsChecked reportsViolating share',
    },
  ];
  const body = panel(root, {
    id: 'rules',
    title: { zh: '违反各勾稽关系的报告占比', en: 'Share of reports breaking each consistency rule' },
    calls,
    note: '占比 = 违反 ÷ 可检查（规则读取的单元格都印出）· share = breaking ÷ reports the rule could be checked on',
  });
  const d = await run(calls);
  const buckets = d.dataQuality as {
    rule: string;
    reports: number;
    reportsChecked: number;
    reportsViolating: number;
    share: number | null;
  }[];
  const names = buckets.map((b) => text(ctx.labels.rule[b.rule]));
  const option = bars(
    buckets.map((b) => b.rule),
    [{ id: 'share', name: '占比 · share', color: '#c62828', values: new Map(buckets.map((b) => [b.rule, b.share])) }],
    { horizontal: true, percent: true, names },
  );
  chart(body, 'rules', { ...option, legend: { show: false }, tooltip: { trigger: 'axis', valueFormatter: percent } });
  body.append(
    table(
      ['规则 · rule', '违反 · breaking', '可检查 · checked', '报告 · reports', '占比 · share'],
      buckets.map((b, i) => [names[i], b.reportsViolating, b.reportsChecked, b.reports, percent(b.share)]),
      { 'data-table': 'rules' },
    ),
  );
}

async function latest(root: HTMLElement, ctx: Context): Promise<void> {
  const year = yearsOf(ctx).at(-1);
  if (year === undefined) return;
  const calls: Call[] = [
    {
      field: 'reports',
      args: { first: 20, filter: filterArg(ctx.filter, { years: [year] }) },
      select:
        'totalCount nodes { id year format sourceFile sourceKind ingestedAt agency { name level county { name } } findings { id } }',
    },
  ];
  const body = panel(root, {
    id: 'latest',
    title: { zh: `最新年度（${year}）的报告`, en: `Reports of the latest year (${year})` },
    calls,
    wide: true,
    note: 'API 尚不能按入库时间排序，这里按机关列出最新年度的报告 · the API cannot order reports by ingest time yet; these are the latest year’s reports, by agency',
  });
  const d = await run(calls);
  body.append(
    table(
      [
        '机关 · agency',
        '区县 · county',
        '层级 · level',
        '格式 · format',
        '文件 · file',
        '发现 · findings',
        '入库 · ingested',
      ],
      d.reports.nodes.map((r: any) => [
        h('a', { href: ctx.href('report', { id: r.id }) }, r.agency.name),
        r.agency.county?.name,
        text(levelLabel(r.agency.level)),
        r.format,
        `${r.sourceFile} (${r.sourceKind})`,
        r.findings.length,
        r.ingestedAt.slice(0, 19).replace('T', ' '),
      ]),
      { 'data-table': 'latest' },
    ),
    d.reports.totalCount > 20
      ? h('p', { class: 'note' }, `共 ${num(d.reports.totalCount)} 份 · of ${d.reports.totalCount}`)
      : '',
  );
}

export const overviewPage = gridPage('overview', { zh: '概览', en: 'Overview' }, [
  counts,
  byYearAndLevel,
  byProvince,
  byFormat,
  completeness,
  rules,
  latest,
]);
