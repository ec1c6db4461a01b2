/**
 * 机关对比: find agencies by name, pick up to 10, see chosen metrics over the years as lines, and a table with the
 * change on the year before. A year without a report is a gap in the line and an empty cell, never 0.
 */
import { chart, panel } from '../charts';
import type { Context, Page } from '../context';
import { bilingual, h, type Label, num, percent, text } from '../dom';
import { levelLabel } from '../labels';
import { type Call, en, run } from '../query';
import { yearsOf } from './common';

export const MAX_AGENCIES = 10;
const DEFAULT_METRICS = ['disclosure_rate', 'not_held_rate'];

interface Metric {
  key: string;
  label: string;
  en: string;
  unit: string;
  formula: string;
}

interface Comparison {
  agencyId: number;
  agencyName: string;
  year: number;
  reportId: number | null;
  format: string | null;
  metric: string;
  value: number | null;
  previousValue: number | null;
  change: number | null;
}

let catalogue: Promise<Metric[]> | undefined;
const metricsCatalogue = (): Promise<Metric[]> =>
  (catalogue ??= run([{ field: 'metrics', select: 'key label en unit formula' }]).then((d) => d.metrics));

const ids = (v: string | null) =>
  (v ?? '')
    .split(',')
    .filter((s) => /^\d+$/.test(s))
    .map(Number);

const valueText = (m: Metric, v: number | null) => (m.unit === 'rate' ? percent(v) : num(v));

function changeText(m: Metric, v: number | null): string {
  if (v === null) return '';
  const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
  return m.unit === 'rate' ? `${sign}${percent(Math.abs(v)).replace('%', ' pp')}` : `${sign}${num(Math.abs(v))}`;
}

function search(ctx: Context, picked: number[]): HTMLElement {
  const results = h('ul', { class: 'results' });
  let timer: number | undefined;
  const find = async (q: string) => {
    if (!q) return results.replaceChildren();
    const d = await run([
      {
        field: 'agencies',
        args: { first: 20, filter: { nameContains: q } },
        select: 'nodes { id name fullName level county { name } }',
      },
    ]);
    results.replaceChildren(
      ...d.agencies.nodes.map((a: any) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              disabled: picked.includes(a.id) || picked.length >= MAX_AGENCIES,
              onclick: () => ctx.go({ agencies: [...picked, a.id].join(',') }),
            },
            '＋',
          ),
          ` ${a.fullName}`,
          h('small', {}, ` ${a.county?.name ?? ''} ${text(levelLabel(a.level))}`),
        ),
      ),
    );
    if (!d.agencies.nodes.length) results.append(h('li', {}, '没有找到 · none found'));
  };
  return h(
    'div',
    { class: 'search' },
    h('input', {
      type: 'search',
      name: 'agency-search',
      placeholder: '机关名称（部分即可）· part of an agency’s name',
      oninput: (e: Event) => {
        clearTimeout(timer);
        const q = (e.target as HTMLInputElement).value.trim();
        timer = window.setTimeout(() => find(q).catch((err) => console.error(err)), 250);
      },
    }),
    results,
  );
}

function chips(
  items: { key: string | number; label: string }[],
  remove: (key: string | number) => void,
  name: string,
): HTMLElement {
  return h(
    'div',
    { class: 'chips', 'data-chips': name },
    items.map((i) =>
      h(
        'span',
        { class: 'chip', 'data-key': i.key },
        i.label,
        h('button', { type: 'button', title: '移除 · remove', onclick: () => remove(i.key) }, '×'),
      ),
    ),
  );
}

async function lines(root: HTMLElement, m: Metric, agencyIds: number[], years: number[]) {
  const calls: Call[] = [
    {
      field: 'compareAgencies',
      args: { metrics: [en(m.key)], years, agencyIds },
      select: 'agencyId agencyName year reportId format metric value previousValue change',
    },
  ];
  const body = panel(root, {
    id: `compare-${m.key}`,
    title: { zh: m.label, en: m.en },
    calls,
    note: `${m.formula}（无报告的年份为空缺 · a year without a report is a gap）`,
  });
  const rows = (await run(calls)).compareAgencies as Comparison[];
  chart(body, `compare-${m.key}`, {
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => valueText(m, v) },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: {
      type: 'value',
      axisLabel: m.unit === 'rate' ? { formatter: (v: number) => `${Math.round(v * 100)}%` } : undefined,
    },
    series: agencyIds.map((id) => {
      const mine = rows.filter((r) => r.agencyId === id);
      return {
        id: String(id),
        name: mine[0]?.agencyName ?? String(id),
        type: 'line',
        connectNulls: false,
        data: years.map((y) => mine.find((r) => r.year === y)?.value ?? null),
      };
    }),
  });
  return rows;
}

function changes(root: HTMLElement, metrics: Metric[], rows: Comparison[], agencyIds: number[], years: number[]): void {
  const body = panel(root, {
    id: 'compare-table',
    title: { zh: '逐年变化', en: 'Year-over-year change' },
    calls: [
      {
        field: 'compareAgencies',
        args: { metrics: metrics.map((m) => en(m.key)), years, agencyIds },
        select: 'agencyId agencyName year reportId format metric value previousValue change',
      },
    ],
    wide: true,
  });
  const head = h(
    'tr',
    {},
    h('th', {}, '机关 · agency'),
    h('th', {}, '指标 · metric'),
    years.map((y) => h('th', {}, String(y))),
  );
  const body2 = agencyIds.flatMap((id) =>
    metrics.map((m) => {
      const mine = rows.filter((r) => r.agencyId === id && r.metric === m.key);
      return h(
        'tr',
        { 'data-agency': id, 'data-metric': m.key },
        h('td', {}, mine[0]?.agencyName ?? String(id)),
        h('td', {}, m.label),
        years.map((y) => {
          const r = mine.find((x) => x.year === y);
          if (!r || r.reportId === null)
            return h('td', { class: 'gap', title: '该年无报告 · no report this year' }, '');
          return h(
            'td',
            { class: 'n', 'data-year': y },
            h('span', { class: 'v' }, valueText(m, r.value)),
            r.change === null ? '' : h('small', { class: 'change' }, ` ${changeText(m, r.change)}`),
          );
        }),
      );
    }),
  );
  body.append(h('table', { class: 'data', 'data-table': 'compare' }, h('thead', {}, head), h('tbody', {}, body2)));
}

export const comparePage: Page = {
  key: 'compare',
  title: { zh: '机关对比', en: 'Compare agencies' },
  filters: ['years'],
  async render(root, ctx) {
    const catalogue = await metricsCatalogue();
    const agencyIds = ids(ctx.params.get('agencies')).slice(0, MAX_AGENCIES);
    const asked = (ctx.params.get('metrics') ?? '').split(',').filter((k) => catalogue.some((m) => m.key === k));
    const metrics = (asked.length ? asked : DEFAULT_METRICS).map((k) => catalogue.find((m) => m.key === k)!);
    const years = yearsOf(ctx);
    const names = agencyIds.length
      ? await run([
          { field: 'agencies', args: { first: MAX_AGENCIES, filter: { agencyIds } }, select: 'nodes { id name }' },
        ])
      : { agencies: { nodes: [] } };
    const nameOf = (id: number) => names.agencies.nodes.find((a: any) => a.id === id)?.name ?? `#${id}`;
    const setList = (key: string, list: (string | number)[]) => ctx.go({ [key]: list.join(',') || undefined });
    const picker = h(
      'section',
      { class: 'panel wide picker' },
      h(
        'div',
        { class: 'pick' },
        bilingual({ zh: `机关（最多 ${MAX_AGENCIES} 个）`, en: `Agencies (up to ${MAX_AGENCIES})` } as Label, 'h3'),
        chips(
          agencyIds.map((id) => ({ key: id, label: nameOf(id) })),
          (k) =>
            setList(
              'agencies',
              agencyIds.filter((id) => id !== k),
            ),
          'agencies',
        ),
        search(ctx, agencyIds),
      ),
      h(
        'div',
        { class: 'pick' },
        bilingual({ zh: '指标', en: 'Metrics' }, 'h3'),
        chips(
          metrics.map((m) => ({ key: m.key, label: m.label })),
          (k) =>
            setList(
              'metrics',
              metrics.filter((m) => m.key !== k).map((m) => m.key),
            ),
          'metrics',
        ),
        h(
          'select',
          {
            name: 'add-metric',
            onchange: (e: Event) =>
              setList('metrics', [...metrics.map((m) => m.key), (e.target as HTMLSelectElement).value]),
          },
          h('option', { value: '' }, '＋ 添加指标 · add a metric'),
          catalogue
            .filter((m) => !metrics.includes(m))
            .map((m) => h('option', { value: m.key }, `${m.label} · ${m.en}`)),
        ),
      ),
    );
    const grid = h('div', { class: 'grid' }, picker);
    root.append(grid);
    if (!agencyIds.length) {
      grid.append(h('p', { class: 'note wide' }, '请搜索并添加机关 · search for agencies and add them'));
      return;
    }
    const rows = await Promise.all(metrics.map((m) => lines(grid, m, agencyIds, years)));
    changes(grid, metrics, rows.flat(), agencyIds, years);
  },
};
