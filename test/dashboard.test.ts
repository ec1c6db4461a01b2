/**
 * The dashboard in a real browser (Debian's Chromium through puppeteer-core), over the bundled reports as `npm start`
 * loads them. Every view draws without a console error and asks nothing of any other host; the numbers its charts
 * (read from their ECharts option) and tables (read from the DOM) show are the API's answer for the same filter;
 * filters survive a reload and the back button; a report's numbers say where they were printed. A screenshot of each
 * view goes to test-output/dashboard. One browser and one page for the whole file.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../scripts/build-dashboard';
import { serve, type Running } from '../src/server/app';
import { apiOver, type Api } from './helpers/api';
import { browserSkipReason, drawn, openBrowser, openView, type Session } from './helpers/browser';

const BUNDLED = ['data/reports', 'data/published'];
const SEED_004 = 'data/reports/004_c95910d04a7fd181.txt';
export const SCREENSHOTS = path.resolve('test-output/dashboard');

const skip = browserSkipReason();

describe.skipIf(skip !== undefined)(`the dashboard in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let api: Api;
  let server: Running;
  let dist: string;
  let base: string;
  let s: Session;

  beforeAll(async () => {
    dist = await mkdtemp(path.join(os.tmpdir(), 'gongkai-dashboard-'));
    await buildDashboard(dist);
    api = await apiOver(BUNDLED);
    server = await serve(api.ds, 0, '127.0.0.1', { dashboard: dist });
    base = server.url.replace(/\/graphql$/, '');
    s = await openBrowser(new URL(base).origin);
    await mkdir(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await s?.close();
    await server?.close();
    await api?.close();
    await rm(dist, { recursive: true, force: true });
  });

  async function show(view: string, screenshot?: string): Promise<void> {
    s.clear();
    await openView(s, `${base}/${view}`);
    if (screenshot) await s.page.screenshot({ path: path.join(SCREENSHOTS, `${screenshot}.png`), fullPage: true });
  }

  /** Nothing went wrong in the browser, and it asked only this server's page, assets and API. */
  function clean(): void {
    expect(s.errors).toEqual([]);
    expect(s.outside).toEqual([]);
    expect(s.asked.filter((p) => p !== '/' && p !== '/graphql' && !p.startsWith('/dashboard/'))).toEqual([]);
  }

  const params = () => Object.fromEntries(new URL(s.page.url()).searchParams);

  /** A chart's categories and its series' data by series id, from its ECharts option. */
  async function chartOf(id: string): Promise<{ x: string[]; series: Record<string, (number | null)[]> }> {
    const option = await s.page.evaluate((id) => (globalThis as any).gongkai.option(id), id);
    expect(option, id).toBeTruthy();
    const horizontal = option.yAxis[0].type === 'category';
    const x = (horizontal ? option.yAxis[0] : option.xAxis[0]).data.map(String);
    const series = Object.fromEntries(
      option.series.map((x: any) => [x.id, x.data.map((v: unknown) => (v === undefined || v === '-' ? null : v))]),
    );
    return { x, series };
  }

  /** A table's text, row by row, as shown. */
  const tableText = (name: string) =>
    s.page.$$eval(`table[data-table="${name}"] tbody tr`, (rows) =>
      rows.map((r) => [...(r as any).children].map((c: any) => c.textContent.trim())),
    );

  /** Every panel's GraphQL query answers without errors, and every CSV link answers a CSV. */
  async function panelsAnswer(): Promise<void> {
    const panels = await s.page.$$eval('[data-panel]', (els) =>
      els.map((e: any) => ({
        id: e.dataset.panel,
        query: e.querySelector('pre[data-query]').textContent,
        csv: [...e.querySelectorAll('a.csv')].map((a: any) => a.getAttribute('href')),
      })),
    );
    expect(panels.length).toBeGreaterThan(0);
    for (const p of panels) {
      const r = await api.run(p.query);
      expect(r.errors, `${p.id}: ${p.query}`).toBeUndefined();
      for (const url of p.csv) {
        const res = await fetch(`${base}${url}`);
        expect(res.status, url).toBe(200);
        expect(res.headers.get('content-type'), url).toMatch(/^text\/csv/);
      }
    }
  }

  /** The values of one column of a CSV export, by the values of key columns. */
  async function csv(url: string): Promise<Record<string, string>[]> {
    const text = (await (await fetch(`${base}${url}`)).text()).replace(/^\uFEFF/, '').trim();
    const [head, ...lines] = text.split('\n').map((l) => l.split(','));
    return lines.map((l) => Object.fromEntries(head.map((h, i) => [h, l[i]])));
  }

  const YEARS = ['2020', '2023'];

  it('overview: reports by year and level, by province, formats, completeness and rules are the API’s numbers', async () => {
    await show('?view=overview', 'overview');
    const byLevel = (await api.data('{ dataQuality(groupBy: [YEAR, LEVEL]) { year level reports } }')).dataQuality as {
      year: number;
      level: string;
      reports: number;
    }[];
    const chart = await chartOf('reports-by-year-level');
    expect(chart.x).toEqual(YEARS);
    for (const [level, data] of Object.entries(chart.series))
      expect(data, level).toEqual(
        YEARS.map((y) => byLevel.find((b) => String(b.year) === y && b.level === level)?.reports ?? 0),
      );
    // Read from the seven files: four reports of 2020 (three townships, one department), three of 2023.
    expect(chart.series).toEqual({ department: [1, 1], township: [3, 1], county: [0, 1] });

    const formats = await chartOf('reports-by-format');
    expect(formats.series).toEqual({ format2019: [4, 0], format2021: [0, 3] });

    const read = (
      await api.data(
        '{ dataQuality(groupBy: [YEAR], filter: { years: [2020, 2023] }) { year reports reportsFullyRead meanCompleteness cellsFound cellsExpected } }',
      )
    ).dataQuality as {
      year: number;
      reports: number;
      reportsFullyRead: number;
      meanCompleteness: number;
      cellsFound: number;
      cellsExpected: number;
    }[];
    const perYear = YEARS.map((y) => read.find((b) => String(b.year) === y)!);
    const completeness = await chartOf('completeness');
    expect(completeness.series.full).toEqual(perYear.map((b) => b.reportsFullyRead));
    expect(completeness.series.partial).toEqual(perYear.map((b) => b.reports - b.reportsFullyRead));
    const cells = await tableText('completeness');
    expect(cells.map((r) => [r[0], r[1], r[2], r[4]])).toEqual(
      perYear.map((b) => [
        String(b.year),
        String(b.reports),
        String(b.reportsFullyRead),
        `${b.cellsFound.toLocaleString('zh-CN')} / ${b.cellsExpected.toLocaleString('zh-CN')}`,
      ]),
    );

    const provinces = (await api.data('{ dataQuality(groupBy: [PROVINCE]) { provinceName reports } }')).dataQuality as {
      provinceName: string | null;
      reports: number;
    }[];
    const byProvince = await chartOf('reports-by-province');
    const expected = new Map(provinces.map((b) => [String(b.provinceName), b.reports]));
    expect(byProvince.series.reports).toEqual(
      byProvince.x.map((p) => expected.get(p === '未识别 · not resolved' ? 'null' : p)),
    );
    expect(byProvince.series.reports.reduce((a, b) => a! + b!, 0)).toBe(7);

    const kpis = await s.page.$$eval('[data-kpi] b', (els) => els.map((e) => e.textContent));
    expect(kpis).toEqual(['7', '7']);

    const rules = (await api.data('{ dataQuality { rule reports reportsChecked reportsViolating } }'))
      .dataQuality as any[];
    const shown = await tableText('rules');
    expect(shown.map((r) => [r[1], r[2], r[3]])).toEqual(
      rules.map((r) => [r.reportsViolating, r.reportsChecked, r.reports].map(String)),
    );
    expect(shown.find((r) => r[0].startsWith('复议诉讼合计'))).toEqual([
      '复议诉讼合计 · review total',
      '1',
      '7',
      '7',
      '14.3%',
    ]);
    // No agency has the year before stored: nothing checked is a blank share, not 0 %.
    expect(shown.find((r) => r[0].startsWith('结转连续'))).toEqual(['结转连续 · carry continuity', '0', '0', '7', '']);
    await panelsAnswer();
    clean();
  });

  it('copies a panel’s GraphQL query, the one it was drawn from', async () => {
    await show('?view=overview&years=2023');
    await s.browser
      .defaultBrowserContext()
      .overridePermissions(new URL(base).origin, ['clipboard-read', 'clipboard-write']);
    await s.page.click('[data-panel="rules"] button.copy');
    await s.page.waitForFunction(() =>
      (globalThis as any).document.querySelector('[data-panel="rules"] button.copy').textContent.includes('copied'),
    );
    const copied = await s.page.evaluate(() => (globalThis as any).navigator.clipboard.readText());
    expect(copied).toBe(
      '{\n  dataQuality(filter: { years: [2023] }) {\n    rule reports reportsChecked reportsViolating share\n  }\n}',
    );
    clean();
  });

  it('how requests were handled: categories by year, the rows of one, top agencies; the CSV is what is drawn', async () => {
    await show('?view=handling&category=unable', 'handling');
    const buckets = (await api.data('{ dispositionBreakdown(groupBy: [YEAR]) { year category count } }'))
      .dispositionBreakdown as { year: number; category: string; count: number | null }[];
    const chart = await chartOf('handling-by-year');
    expect(chart.x).toEqual(YEARS);
    expect(Object.keys(chart.series)).toEqual([
      'granted',
      'partially_granted',
      'denied',
      'unable',
      'not_processed',
      'other',
    ]);
    for (const [category, data] of Object.entries(chart.series))
      expect(data, category).toEqual(
        YEARS.map((y) => buckets.find((b) => String(b.year) === y && b.category === category)?.count ?? null),
      );
    // 湛河区 (004: 本机关不掌握 7) and the other 2020 reports.
    expect(chart.series.unable[0]).toBeGreaterThanOrEqual(7);

    // The tooltip says how many of the year's reports each number sums, and why the others are left out.
    const year2020 = (
      await api.data(
        '{ dispositionBreakdown(groupBy: [YEAR], filter: { years: [2020] }) { category count reports reportsUsed reportsMissing } }',
      )
    ).dispositionBreakdown as { category: string }[];
    // 赵堡镇 (001) assigns no value to three 不予公开 rows (five values for six columns): its denials are not summed.
    expect(year2020.find((b) => b.category === 'denied')).toEqual({
      category: 'denied',
      count: 0,
      reports: 4,
      reportsUsed: 3,
      reportsMissing: 1,
    });
    expect(year2020.find((b) => b.category === 'unable')).toEqual({
      category: 'unable',
      count: 7,
      reports: 4,
      reportsUsed: 4,
      reportsMissing: 0,
    });
    const box = (await (await s.page.$('[data-chart="handling-by-year"]'))!.boundingBox())!;
    await s.page.mouse.move(box.x + box.width * 0.3, box.y + box.height - 30);
    await s.page.waitForFunction(() =>
      (globalThis as any).document.querySelector('[data-chart="handling-by-year"]').textContent.includes('份报告'),
    );
    const tooltip = await s.page.$eval('[data-chart="handling-by-year"]', (e: any) => e.textContent);
    expect(tooltip).toContain('不予公开: 0 （3/4 份报告；缺失 · missing 1）');
    expect(tooltip).toContain('无法提供: 7 （4/4 份报告）');

    const csvUrl = await s.page.$eval('[data-panel="handling-by-year"] a.csv', (a) => a.getAttribute('href')!);
    expect(csvUrl).toBe('/export/dispositions.csv?groupBy=YEAR');
    for (const row of await csv(csvUrl))
      expect(chart.series[row.category][YEARS.indexOf(row.year)], `${row.year} ${row.category}`).toBe(
        row.count === '' ? null : Number(row.count),
      );

    const rows = (
      await api.data(
        '{ dispositionBreakdown(groupBy: [YEAR], detail: ROW, rows: [unable_not_held, unable_needs_creation, unable_unclear]) { year row count } }',
      )
    ).dispositionBreakdown as { year: number; row: string; count: number | null }[];
    const drill = await chartOf('handling-rows');
    expect(Object.keys(drill.series)).toEqual(['unable_not_held', 'unable_needs_creation', 'unable_unclear']);
    for (const [row, data] of Object.entries(drill.series))
      expect(data, row).toEqual(
        YEARS.map((y) => rows.find((b) => String(b.year) === y && b.row === row)?.count ?? null),
      );

    const top = (
      await api.data(
        '{ dispositionBreakdown(groupBy: [AGENCY], detail: ROW, rows: [unable_not_held], orderBy: SHARE_DESC, first: 10) { agencyName count handled share reports reportsUsed reportsMissing reportsViolating } }',
      )
    ).dispositionBreakdown as any[];
    const table = await tableText('top-agencies');
    expect(table.map((r) => r[0])).toEqual(top.map((b) => b.agencyName));
    expect(table.map((r) => [r[1], r[2], r[4], r[6]])).toEqual(
      top.map((b) => [b.count ?? '', b.handled ?? '', `${b.reportsUsed}/${b.reports}`, b.reportsViolating].map(String)),
    );
    expect(table[0]).toEqual(['湛河区政府办公室', '7', '7', '100%', '1/1', '', '0']);
    // 赵堡镇 (001) handled nothing (its 总计 read from rows of seven values): 0 of 0, no share rather than 0 %.
    expect(table.find((r) => r[0] === '赵堡镇')).toEqual(['赵堡镇', '0', '0', '', '1/1', '', '0']);
    // 其他: 申请人无正当理由逾期不补正 is a row of format 2021 that the district's PDF does not show: its report is in
    // the bucket but not summed, and the table says why.
    await s.page.select('select[name="measure"]', 'other_no_correction');
    await drawn(s);
    expect(params()).toMatchObject({ view: 'handling', measure: 'other_no_correction' });
    expect((await tableText('top-agencies')).find((r) => r[0] === '洪泽区人民政府')).toEqual([
      '洪泽区人民政府',
      '',
      '',
      '',
      '0/1',
      '缺失 · missing 1',
      '0',
    ]);

    await s.page.select('select[name="category"]', 'denied');
    await drawn(s);
    expect(params()).toMatchObject({ view: 'handling', category: 'denied' });
    expect(Object.keys((await chartOf('handling-rows')).series)).toEqual([
      'denied_state_secret',
      'denied_prohibited_by_law',
      'denied_security_stability',
      'denied_third_party',
      'denied_internal_affairs',
      'denied_process_info',
      'denied_enforcement_file',
      'denied_query_matter',
    ]);
    await panelsAnswer();
    clean();
  });

  it('keeps its filters in the URL: a link, a reload and the back button show the same view', async () => {
    const byYear = async (filter: string) =>
      (await api.data(`{ dispositionBreakdown(groupBy: [YEAR], filter: ${filter}) { year category count } }`))
        .dispositionBreakdown as { year: number; category: string; count: number | null }[];
    const agrees = async (filter: string) => {
      const expected = await byYear(filter);
      const chart = await chartOf('handling-by-year');
      expect(chart.x).toEqual(['2023']);
      for (const [category, data] of Object.entries(chart.series))
        expect(data, `${filter} ${category}`).toEqual([expected.find((b) => b.category === category)?.count ?? null]);
    };
    const controls = () =>
      s.page.evaluate(() => {
        const d = (globalThis as any).document;
        return {
          years: [...d.querySelectorAll('input[name="years"]:checked')].map((b: any) => b.value),
          level: d.querySelector('select[name="level"]').value,
          county: d.querySelector('input[name="county"]').value,
        };
      });

    await show('?view=handling&years=2023&level=county');
    expect(await controls()).toEqual({ years: ['2023'], level: 'county', county: '' });
    await agrees('{ years: [2023], level: county }');

    await s.page.select('select[name="level"]', 'department');
    await drawn(s);
    expect(params()).toMatchObject({ view: 'handling', years: '2023', level: 'department' });
    await agrees('{ years: [2023], level: department }');

    await s.page.reload();
    await drawn(s);
    expect(await controls()).toEqual({ years: ['2023'], level: 'department', county: '' });
    await agrees('{ years: [2023], level: department }');

    await s.page.goBack();
    await drawn(s);
    expect(params()).toMatchObject({ years: '2023', level: 'county' });
    expect(await controls()).toEqual({ years: ['2023'], level: 'county', county: '' });
    await agrees('{ years: [2023], level: county }');

    await s.page.type('input[name="county"]', '洪泽区');
    await s.page.keyboard.press('Enter');
    await s.page.$eval('input[name="county"]', (i: any) => i.dispatchEvent(new (globalThis as any).Event('change')));
    await drawn(s);
    expect(params()).toMatchObject({ years: '2023', level: 'county', county: '洪泽区' });
    await agrees('{ years: [2023], level: county, county: "洪泽区" }');

    // The filter follows to the other views through their links.
    await s.page.click('nav a[data-view="quality"]');
    await drawn(s);
    expect(params()).toMatchObject({ view: 'quality', years: '2023', level: 'county', county: '洪泽区' });
    clean();
  });

  it('compare agencies: found by name, metrics as lines with gaps for years without a report, and their change', async () => {
    await show('?view=compare&agencies=1&metrics=received_new,not_held_rate');
    await s.page.type('input[name="agency-search"]', '湛河');
    await s.page.waitForSelector('.results li button');
    expect(await s.page.$$eval('.results li', (li) => li.map((l) => l.textContent))).toEqual([
      '＋ 湛河区政府办公室 湛河区 部门 · department',
    ]);
    await s.page.click('.results li button');
    await drawn(s);
    expect(params()).toMatchObject({ view: 'compare', agencies: '1,5', metrics: 'received_new,not_held_rate' });
    await s.page.screenshot({ path: path.join(SCREENSHOTS, 'compare.png'), fullPage: true });

    const compared = (
      await api.data(
        '{ compareAgencies(metrics: [received_new, not_held_rate], years: [2020, 2023], agencyIds: [1, 5]) { agencyId year metric value reportId } }',
      )
    ).compareAgencies as {
      agencyId: number;
      year: number;
      metric: string;
      value: number | null;
      reportId: number | null;
    }[];
    for (const metric of ['received_new', 'not_held_rate']) {
      const chart = await chartOf(`compare-${metric}`);
      expect(chart.x).toEqual(YEARS);
      for (const id of ['1', '5'])
        expect(chart.series[id], `${metric} ${id}`).toEqual(
          YEARS.map(
            (y) =>
              compared.find((c) => c.metric === metric && String(c.agencyId) === id && String(c.year) === y)!.value,
          ),
        );
    }
    // Neither has a report for 2023: a gap, not 0. 湛河区 received 7 in 2020 (004), 湖塘乡 1 (000).
    expect((await chartOf('compare-received_new')).series).toEqual({ '1': [1, null], '5': [7, null] });
    const gaps = await s.page.$$eval('table[data-table="compare"] td.gap', (tds) => tds.length);
    expect(gaps).toBe(4);
    const cells = await s.page.$$eval(
      'table[data-table="compare"] tr[data-agency="5"][data-metric="not_held_rate"] td',
      (tds) => tds.map((t) => t.textContent),
    );
    expect(cells).toEqual(['湛河区政府办公室', '本机关不掌握率', '100%', '']);
    await panelsAnswer();
    clean();
  });

  it('data quality: rules broken by year and level, and the reports with the most findings linking to them', async () => {
    await show('?view=quality', 'quality');
    const byYear = (await api.data('{ dataQuality(groupBy: [YEAR]) { year rule share } }')).dataQuality as any[];
    const chart = await chartOf('quality-by-year');
    expect(chart.x).toEqual(YEARS);
    for (const [rule, data] of Object.entries(chart.series))
      expect(data, rule).toEqual(YEARS.map((y) => byYear.find((b) => String(b.year) === y && b.rule === rule).share));
    expect(chart.series.review_total).toEqual([0, 1 / 3]);

    const reports = (
      await api.data(
        '{ reports(first: 100, filter: { hasFindings: true }) { nodes { id agency { name } findings { id } } } }',
      )
    ).reports.nodes as { id: number; agency: { name: string }; findings: unknown[] }[];
    const ranked = [...reports].sort((a, b) => b.findings.length - a.findings.length || a.id - b.id);
    const table = await tableText('most-findings');
    expect(table.map((r) => [r[0], r[3]])).toEqual(ranked.map((r) => [r.agency.name, String(r.findings.length)]));
    expect(table[0].slice(0, 4)).toEqual(['大才回族乡', '2020', '002_45fc74b0c071d012.txt', '13']);

    await s.page.click('table[data-table="most-findings"] tbody tr:first-child a');
    await drawn(s);
    expect(params()).toEqual({ view: 'report', id: String(ranked[0].id) });
    await panelsAnswer();
    clean();
  });

  it('data quality: the scorecard’s shares are the API’s; the deduction sheet lists every report, linking to it', async () => {
    await show('?view=quality', 'quality-scorecard');
    const byYear = (await api.data('{ scorecardSummary(groupBy: [YEAR]) { year item share } }'))
      .scorecardSummary as any[];
    const chart = await chartOf('scorecard-by-year');
    expect(chart.x).toEqual(YEARS);
    expect(Object.keys(chart.series)).toEqual(['timeliness', 'completeness', 'consistency', 'prose', 'copy']);
    for (const [item, data] of Object.entries(chart.series))
      expect(data, item).toEqual(YEARS.map((y) => byYear.find((b) => String(b.year) === y && b.item === item).share));
    // 2023: 洪泽区's review totals contradict their parts; 泉塘镇 and 沭阳县发改局 add up.
    expect(chart.series.consistency).toEqual([0, 1 / 3]);

    const cards = (
      await api.data(
        '{ scorecards(first: 100) { nodes { reportId agencyName itemsFailed itemsChecked consistency } } }',
      )
    ).scorecards.nodes as any[];
    const table = await tableText('deductions');
    expect(table).toHaveLength(cards.length);
    const hongze = cards.find((c) => c.agencyName === '洪泽区人民政府');
    const row = table.find((r) => r[0] === '洪泽区人民政府')!;
    expect(row[4]).toBe('✗');
    expect(row.at(-1)).toBe(`${hongze.itemsFailed} / ${hongze.itemsChecked}`);
    await panelsAnswer();
    clean();
  });

  it('a report: its scorecard item by item, as the API says, with the evidence’s lines', async () => {
    await show('?view=report&id=6', 'report-scorecard');
    const items = (await api.data('{ report(id: 6) { scorecard { items { key outcome } } } }')).report.scorecard
      .items as { key: string; outcome: string }[];
    const shown = await s.page.$$eval('[data-item]', (els) =>
      els.map((e: any) => ({ key: e.dataset.item, outcome: e.dataset.outcome })),
    );
    expect(shown).toEqual(items);
    expect(shown.find((i) => i.key === 'consistency')!.outcome).toBe('fail');
    const consistency = await s.page.$eval('[data-item="consistency"]', (e) => e.textContent);
    expect(consistency).toContain('review_total: total = sum of the columns but total (review): 0 ≠ 11');
    expect(consistency).toContain('第 102 行 · line 102');
    await panelsAnswer();
    clean();
  });

  /** A shown cell's number: blank is null, never 0. */
  const shownValue = (text: string) => (text === '' ? null : Number(text.replace(/,/g, '')));

  it('a report: its tables as printed, every cell the stored one, blanks blank, provenance on click', async () => {
    await show('?view=report&id=5', 'report');
    const cells = (await api.data('{ report(id: 5) { cells { table row column value } } }')).report.cells as {
      table: string;
      row: string;
      column: string;
      value: number | null;
    }[];
    const shown = await s.page.$$eval('td[data-cell]:not(.missing)', (tds) =>
      tds.map((t: any) => [t.dataset.cell, t.textContent, t.classList.contains('blank')]),
    );
    expect(shown).toHaveLength(cells.length);
    const byKey = new Map(shown.map(([k, text, blank]) => [k, { text, blank }]));
    for (const c of cells) {
      const td = byKey.get(`${c.table}/${c.row}/${c.column}`);
      expect(td, `${c.table}/${c.row}/${c.column}`).toBeDefined();
      expect(shownValue(td!.text as string), `${c.table}/${c.row}/${c.column}`).toBe(c.value);
      expect(td!.blank).toBe(c.value === null);
    }
    // 004 prints nothing under 行政复议: blank cells, not zeros.
    expect(byKey.get('review_litigation/review/upheld')).toEqual({ text: '', blank: true });

    await s.page.click('td[data-cell="applications/unable_not_held/total"]');
    const provenance = await s.page.$eval('[data-provenance] .content', (e) => e.textContent);
    expect(provenance).toContain('文件 · file: 004_c95910d04a7fd181.txt');
    expect(provenance).toContain('第 57 行 · line 57');
    expect(provenance).toContain('原文 · printed: “7”');
    // …and line 57 of that file is the printed row: 本机关不掌握相关政府信息, total 7.
    expect((await readFile(SEED_004, 'utf8')).split('\n')[56]).toBe(
      '(四) 无法提供\t1. 本机关不掌握相关政府信息\t7\t0\t0\t0\t0\t0\t7',
    );
    const original = await s.page.$eval('a[data-original]', (a) => a.getAttribute('href'));
    expect(original).toBe('/reports/5/original');
    const res = await fetch(`${base}${original}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(SEED_004))).toBe(true);
    await panelsAnswer();
    clean();
  });

  it('a report: the cells, rows and columns a finding names are marked with its message; PDF cells name their page', async () => {
    const reports = (
      await api.data('{ reports(first: 100) { nodes { id findings { message tableKey rowKey columnKey } } } }')
    ).reports.nodes as {
      id: number;
      findings: { message: string; tableKey: string | null; rowKey: string | null; columnKey: string | null }[];
    }[];
    let checked = 0;
    for (const r of reports.filter((x) => x.findings.some((f) => f.tableKey && (f.rowKey || f.columnKey)))) {
      await show(`?view=report&id=${r.id}`);
      const flagged = await s.page.$$eval('.flagged', (els) =>
        els.map((e: any) => ({ cell: e.dataset.cell ?? null, text: e.textContent, title: e.title })),
      );
      for (const f of r.findings.filter((x) => x.tableKey && (x.rowKey || x.columnKey))) {
        const marked =
          f.rowKey && f.columnKey
            ? flagged.filter((e) => e.cell === `${f.tableKey}/${f.rowKey}/${f.columnKey}`)
            : flagged.filter((e) => e.title.includes(f.message));
        expect(marked.length, `report ${r.id}: ${f.message}`).toBeGreaterThan(0);
        for (const e of marked) expect(e.title, `report ${r.id}`).toContain(`⚠ ${f.message}`);
        checked++;
      }
      clean();
    }
    expect(checked).toBeGreaterThan(20);

    // 赵堡镇 (001) prints five values for six columns in 不予公开 1: the whole row is marked.
    await show('?view=report&id=2');
    const row = await s.page.$$eval('td[data-cell^="applications/denied_state_secret/"]', (tds) =>
      tds.map((t: any) => [t.classList.contains('flagged'), t.title.includes('5 values for 6 columns')]),
    );
    expect(row.length).toBeGreaterThan(0);
    expect(row.every(([a, b]) => a && b)).toBe(true);
    // "show" on a finding puts its cell in the provenance box, message included (a long list starts folded: open it).
    await s.page.$eval('[data-panel="findings"] details', (d: any) => {
      d.open = true;
    });
    const finding = (await api.data('{ report(id: 2) { findings { id rowKey } } }')).report.findings.find(
      (f: { rowKey: string | null }) => f.rowKey === 'denied_state_secret',
    );
    await s.page.click(`li[data-finding="${finding.id}"] button`);
    const located = await s.page.$eval('[data-provenance] .content', (e: any) => [e.dataset.cell, e.textContent]);
    expect(located[0]).toMatch(/^applications\/denied_state_secret\//);
    expect(located[1]).toContain('⚠ 5 values for 6 columns (0 0 0 0 0); no value was assigned');

    const pdf = reports.find((x) => x.id === 6)!;
    expect(pdf).toBeDefined();
    await show('?view=report&id=6');
    await s.page.click('td[data-cell="review_litigation/review/upheld"]');
    const provenance = await s.page.$eval('[data-provenance] .content', (e) => e.textContent);
    expect(provenance).toContain('文件 · file: hongze-district-2023.pdf');
    expect(provenance).toContain('第 4 页 · page 4');
    expect(provenance).toContain('原文 · printed: “10”');
    clean();
  });

  it('lists the reports a filter selects, each linking to its page', async () => {
    await show('?view=report&years=2023');
    const rows = await tableText('reports');
    expect(rows.map((r) => r[0]).sort()).toEqual(['沭阳县发展和改革局', '泉塘镇', '洪泽区人民政府'].sort());
    await s.page.click('table[data-table="reports"] tbody tr:first-child a');
    await drawn(s);
    expect(params().view).toBe('report');
    expect(await s.page.$eval('.report-head h2', (h) => h.textContent)).toMatch(/2023 年政府信息公开工作年度报告$/);
    clean();
  });
});
