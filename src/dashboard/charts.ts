/** Panels (a chart or table with its GraphQL query and CSV), and ECharts with only the parts the pages use. */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { bilingual, h, type Label } from './dom';
import { type Call, csvOf, documentOf } from './query';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

const live = new Map<string, echarts.ECharts>();

/** Tests and benchmarks read what a chart shows from its option (window.gongkai.option(id)). */
(window as unknown as { gongkai: object }).gongkai = {
  option: (id: string) => live.get(id)?.getOption(),
  charts: () => [...live.keys()],
};

window.addEventListener('resize', () => {
  for (const c of live.values()) c.resize();
});

export function disposeCharts(): void {
  for (const c of live.values()) c.dispose();
  live.clear();
}

export interface PanelSpec {
  id: string;
  title: Label;
  /** What it shows: its GraphQL query and CSV exports come from these. */
  calls: Call[];
  /** CSV exports when the calls have none of their own (a report's cells as facts). */
  csv?: { label: string; url: string }[];
  note?: string | Node;
  wide?: boolean;
}

async function copy(text: string, pre: HTMLElement, button: HTMLButtonElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard outside a secure context (http on another host): the query is selected for copying by hand.
    (pre.parentElement as HTMLDetailsElement).open = true;
    getSelection()?.selectAllChildren(pre);
    document.execCommand?.('copy');
  }
  button.textContent = '已复制 · copied';
}

/** A panel with its title, its query to copy and its CSV links; returns the element to fill. */
export function panel(parent: HTMLElement, spec: PanelSpec): HTMLElement {
  const query = documentOf(spec.calls);
  const pre = h('pre', { class: 'query', 'data-query': '' }, query);
  const csv = [
    ...spec.calls.flatMap((c) => {
      const url = csvOf(c);
      return url ? [{ label: c.label ?? 'CSV', url }] : [];
    }),
    ...(spec.csv ?? []),
  ];
  const button = h('button', { type: 'button', class: 'copy' }, '复制 GraphQL 查询 · copy the query');
  button.addEventListener('click', () => copy(query, pre, button));
  const body = h('div', { class: 'panel-body' });
  parent.appendChild(
    h(
      'section',
      { class: `panel${spec.wide ? ' wide' : ''}`, 'data-panel': spec.id },
      h(
        'header',
        {},
        bilingual(spec.title, 'h3'),
        h(
          'div',
          { class: 'tools' },
          button,
          csv.map((c) =>
            h('a', { class: 'csv', href: c.url, download: '' }, c.label === 'CSV' ? 'CSV' : `CSV ${c.label}`),
          ),
        ),
      ),
      spec.note ? h('p', { class: 'note' }, spec.note) : null,
      body,
      h('details', { class: 'query' }, h('summary', {}, 'GraphQL'), pre),
    ),
  );
  return body;
}

/** Draws a chart in a panel body; clicks on its items go to onClick. */
export function chart(
  body: HTMLElement,
  id: string,
  option: ChartOption,
  onClick?: (p: { seriesId?: string; name: string; dataIndex: number }) => void,
): void {
  // A view the user has already left finishes drawing off-screen: its charts must not take the new view's place.
  if (!body.isConnected) return;
  const el = h('div', { class: 'chart', 'data-chart': id });
  body.appendChild(el);
  const c = echarts.init(el);
  c.setOption({ animation: false, tooltip: { trigger: 'axis', confine: true }, ...option });
  if (onClick) c.on('click', (p) => onClick(p as unknown as { seriesId?: string; name: string; dataIndex: number }));
  live.set(id, c);
}

/** Fixed colours for the handling categories, so a category looks the same on every chart. */
export const CATEGORY_COLORS: Record<string, string> = {
  granted: '#2e7d32',
  partially_granted: '#9ccc65',
  denied: '#c62828',
  unable: '#ef6c00',
  not_processed: '#6a1b9a',
  other: '#78909c',
};
