/** Pieces several pages use: the years shown, bars by year, plain tables. */
import type { ChartOption } from '../charts';
import type { Context, Page } from '../context';
import { h, type Label, num } from '../dom';
import { FILTERS } from '../filters';

/** The years the filter selects, or every year in the data. */
export const yearsOf = (ctx: Context): number[] =>
  ((ctx.filter.years as number[] | undefined) ?? ctx.facets.years.map((o) => Number(o.value))).slice().sort();

export interface Series {
  id: string;
  name: string;
  color?: string;
  /** By category (x axis) value; a missing or null value is drawn as no bar (blank is not 0). */
  values: Map<string | number, number | null>;
}

/** Bars over a category axis (years, rules, levels), stacked or side by side. */
export function bars(
  categories: (string | number)[],
  series: Series[],
  o: { stack?: boolean; percent?: boolean; horizontal?: boolean; names?: string[] } = {},
): ChartOption {
  const category = { type: 'category', data: o.names ?? categories.map(String) };
  // Keys set to undefined would wipe ECharts' defaults (the axis labels): only what differs is given. Counts are
  // whole numbers: no 0.5 on their axis.
  const value = o.percent
    ? { type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } }
    : { type: 'value', minInterval: 1 };
  return {
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: o.horizontal ? value : category,
    yAxis: o.horizontal ? { ...category, inverse: true } : value,
    series: series.map((s) => ({
      id: s.id,
      name: s.name,
      type: 'bar',
      ...(o.stack ? { stack: 'all' } : {}),
      ...(s.color ? { itemStyle: { color: s.color } } : {}),
      data: categories.map((c) => s.values.get(c) ?? null),
    })),
  };
}

export type Cell = string | number | Node | null | undefined;

const numeric = (c: Cell) => typeof c === 'number' || (typeof c === 'string' && /^[\d,.]+%$/.test(c));

/** A plain table; cells are text (never HTML) or elements; numbers are formatted and right-aligned, null is blank. */
export function table(head: (string | Node)[], rows: Cell[][], attrs: Record<string, string> = {}): HTMLTableElement {
  return h(
    'table',
    { class: 'data', ...attrs },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        head.map((c) => h('th', {}, c)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          {},
          r.map((c) => h('td', { class: numeric(c) ? 'n' : '' }, typeof c === 'number' ? num(c) : (c ?? ''))),
        ),
      ),
    ),
  );
}

/** dataQuality's buckets repeat their count of reports once per rule: one per key is enough for counting reports. */
export function reportCounts<K>(buckets: Record<string, any>[], key: (b: Record<string, any>) => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (const b of buckets) if (!counts.has(key(b))) counts.set(key(b), b.reports);
  return counts;
}

/** Every filter of the filter bar: views over many reports take them all (a new filter reaches them at once). */
export const ALL_FILTERS = FILTERS.map((f) => f.key);

type Draw = (root: HTMLElement, ctx: Context) => Promise<void>;

/** A view of panels in a grid, each asking for its data at once. */
export const gridPage = (key: string, title: Label, panels: Draw[]): Page => ({
  key,
  title,
  filters: ALL_FILTERS,
  async render(root, ctx) {
    const grid = h('div', { class: 'grid' });
    root.append(grid);
    await Promise.all(panels.map((draw) => draw(grid, ctx)));
  },
});
