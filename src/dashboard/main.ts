/**
 * The dashboard: one page, five views, all state in the URL (?view=handling&years=2022,2023&level=county), so a view
 * is a link. It reads the public GraphQL API and the exports, nothing else. `data-state` on <html> says when a view
 * is drawn (tests and the benchmark wait for "ready").
 */
import { GRAPHQL_PATH } from './api';
import { disposeCharts } from './charts';
import type { Context, Page } from './context';
import { bilingual, h } from './dom';
import { type Facets, filterBar, filterFromUrl, filterParams, loadFacets } from './filters';
import { type Labels, loadLabels } from './labels';
import { comparePage } from './pages/compare';
import { handlingPage } from './pages/handling';
import { overviewPage } from './pages/overview';
import { qualityPage } from './pages/quality';
import { reportPage } from './pages/report';

const PAGES: Page[] = [overviewPage, handlingPage, comparePage, qualityPage, reportPage];

const setState = (s: 'loading' | 'ready' | 'error') => {
  // The benchmark reads the first "ready" of a page load as its first render.
  if (s === 'ready') performance.mark('gongkai-ready');
  document.documentElement.dataset.state = s;
};

function href(view: string, params: Record<string, string | number | undefined> = {}): string {
  const p = new URLSearchParams({ view });
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') p.set(k, String(v));
  return `?${p}`;
}

let drawing = 0;

async function show(labels: Labels, facets: Facets): Promise<void> {
  const mine = ++drawing;
  setState('loading');
  const params = new URLSearchParams(location.search);
  const page = PAGES.find((p) => p.key === params.get('view')) ?? PAGES[0];
  const filterKeys = page.filtersFor?.(params) ?? page.filters;
  const filter = filterFromUrl(params, filterKeys);
  const go = (changes: Record<string, string | undefined>, replace = false) => {
    const next = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    history[replace ? 'replaceState' : 'pushState'](null, '', `?${next}`);
    void show(labels, facets);
  };
  const ctx: Context = { params, filter, facets, labels, go, href, alive: () => mine === drawing };
  const shared = filterParams(filter);
  document.title = `${page.title.zh} · gongkai`;
  disposeCharts();
  const main = h('main', {});
  document.body.replaceChildren(
    h(
      'header',
      { class: 'top' },
      h('a', { class: 'brand', href: href(PAGES[0].key, shared) }, '公开 gongkai'),
      h(
        'nav',
        {},
        PAGES.map((p) =>
          h(
            'a',
            { href: href(p.key, shared), class: p === page ? 'current' : '', 'data-view': p.key },
            bilingual(p.title),
          ),
        ),
      ),
      h('a', { class: 'api', href: GRAPHQL_PATH, title: 'GraphQL 查询编辑器 · the query editor' }, 'GraphQL'),
    ),
    filterKeys.length
      ? // A new selection starts from the first page of a list.
        filterBar(filter, facets, filterKeys, (f) => go({ ...filterParams(f), after: undefined }))
      : '',
    main,
  );
  try {
    await page.render(main, ctx);
    if (ctx.alive()) setState('ready');
  } catch (e) {
    if (!ctx.alive()) return;
    console.error(e);
    main.prepend(h('p', { class: 'error' }, `出错了 · Something went wrong: ${(e as Error).message}`));
    setState('error');
  }
}

/** Links inside the dashboard change the view without reloading the page. */
function followLinksInPlace(labels: Labels, facets: Facets): void {
  document.addEventListener('click', (e) => {
    const a = (e.target as Element).closest?.('a');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    const target = a.getAttribute('href');
    if (!target?.startsWith('?')) return;
    e.preventDefault();
    history.pushState(null, '', target);
    void show(labels, facets);
  });
  window.addEventListener('popstate', () => void show(labels, facets));
}

async function start(): Promise<void> {
  setState('loading');
  try {
    const [labels, facets] = await Promise.all([loadLabels(), loadFacets()]);
    followLinksInPlace(labels, facets);
    await show(labels, facets);
  } catch (e) {
    console.error(e);
    document.body.replaceChildren(
      h('p', { class: 'error' }, `无法连接 API · The API did not answer: ${(e as Error).message}`),
    );
    setState('error');
  }
}

void start();
