/**
 * The compliance scorecard on reports built for each item: a late one (and one on time by its kind's later deadline,
 * one with no date, one dated by its web page), an incomplete one, one whose prose contradicts its table, a copied
 * one (the year before, another agency's of the same year, a table), a stock-flow break — on both databases, through
 * the API and the deduction-sheet export.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, ruleDescription, timeliness, type LevelKey } from '../src/format';
import { renderHtml } from '../src/generate/documents';
import { generateReport, rng, type SyntheticReport } from '../src/generate/model';
import { copyBody } from '../src/generate/narrative';
import { renderReport } from '../src/generate/render';
import { parseFile, parseText } from '../src/parser/parse';
import { serve } from '../src/server/app';
import { apiOver, type Api } from './helpers/api';
import { onEachDatabase } from './helpers/each-database';

type Cells = Record<string, number | null>;

/** Panel agency `agency`'s report of `year`, with the named cells ("table/row/column") and fields as given. */
function report(
  agency: number,
  year: number,
  set: Cells = {},
  more: Partial<SyntheticReport> = {},
  previous?: SyntheticReport,
): SyntheticReport {
  const r = generateReport(rng(agency * 7919 + year), { panel: { agency, year }, previous });
  for (const [key, value] of Object.entries(set)) {
    const [table, row, column] = key.split('/');
    const cell = r.cells.find((c) => c.table === table && c.row === row && c.column === column);
    if (!cell) throw new Error(`no cell ${key} in the generated report`);
    cell.value = value;
  }
  return { ...r, ...more };
}

const cell = (r: SyntheticReport, key: string) => {
  const [table, row, column] = key.split('/');
  return r.cells.find((c) => c.table === table && c.row === row && c.column === column)!.value;
};

const text = (r: SyntheticReport) => renderReport(r, 'tabs', rng(1));

// Timeliness. A county government's office (deadline 31 January) dated 5 March: 34 days late. A county government
// reporting on itself (deadline 31 March) dated the same day: on time. A report with no date: unknown.
const OFFICE = 3300; // panel agencies from here on are governments' offices (保定市竞秀区人民政府办公室)
const LATE = report(OFFICE, 2023, {}, { publishedOn: '2024-03-05' });
const COUNTY = report(301, 2023, {}, { publishedOn: '2024-03-05' });
const UNDATED = report(302, 2023, {}, { publishedOn: null });
// Its title names no year: the year comes from its text, so no deadline is measured from it.
const YEARLESS = report(303, 2023, {}, { publishedOn: '2024-03-05', variants: ['title_without_year'] });

// Prose against tables: the narrative says 34 requests were received, the table prints 26.
const PROSE = report(310, 2023);
PROSE.narrative = {
  ...PROSE.narrative,
  figures: `2023年全年共收到政府信息公开申请34件，其中予以公开${cell(PROSE, 'applications/granted/total')}件，按期答复率100%。`,
};
for (const c of PROSE.cells.filter((c) => c.table === 'applications' && c.row === 'received_new')) {
  // 26 in all: the rule row_total and balance stay as they are printed, only the figures matter here.
  if (c.column === 'total') c.value = 26;
}

// Copies: agency 320's 2023 narrative is its 2022 one with a sentence added; agency 330 copies agency 331's 2023
// narrative; agency 340's 2023 review table is its 2022 one, cell for cell.
const COPY_BEFORE = report(320, 2022);
const COPY_AFTER = report(320, 2023);
COPY_AFTER.narrative = { ...COPY_AFTER.narrative, body: copyBody(rng(5), COPY_BEFORE, COPY_AFTER.agency.name) };
const TWIN_SOURCE = report(331, 2023);
const TWIN_COPY = report(330, 2023);
TWIN_COPY.narrative = { ...TWIN_COPY.narrative, body: copyBody(rng(6), TWIN_SOURCE, TWIN_COPY.agency.name) };
const REVIEW = (r: SyntheticReport) =>
  Object.fromEntries(
    r.cells.filter((c) => c.table === 'review_litigation').map((c) => [`${c.table}/${c.row}/${c.column}`, c.value]),
  );
const TABLE_BEFORE = report(340, 2022, {
  'review_litigation/review/upheld': 3,
  'review_litigation/review/corrected': 1,
  'review_litigation/review/other': 0,
  'review_litigation/review/pending': 2,
  'review_litigation/review/total': 6,
});
const TABLE_AFTER = report(340, 2023, REVIEW(TABLE_BEFORE));

// Stock and flow (format 2021): 规章 in force 10 in 2022; 2023 issues 3 and repeals 1, so 12 — but prints 15.
const STOCK_BEFORE = report(350, 2022, {
  'proactive/regulations/issued': 4,
  'proactive/regulations/repealed': 0,
  'proactive/regulations/in_force': 10,
});
// The year after drawn from it (carried over and in force follow), then 规章 set apart.
const STOCK_AFTER = report(
  350,
  2023,
  { 'proactive/regulations/issued': 3, 'proactive/regulations/repealed': 1, 'proactive/regulations/in_force': 15 },
  {},
  STOCK_BEFORE,
);

// Completeness: section 五 is a one-line formula.
const EMPTY = report(360, 2023);
EMPTY.narrative = { ...EMPTY.narrative, body: { ...EMPTY.narrative.body, problems: '存在的主要问题：无。' } };

describe('timeliness (条例第四十九条)', () => {
  it('measures against the deadline of the agency’s kind, and says unknown rather than guess', () => {
    const kind = (organ: string | null, level: LevelKey | null) => ({ organ, level });
    expect(timeliness(2023, kind('township', 'township'), '2024-03-05', null)).toMatchObject({
      outcome: 'late',
      deadline: '2024-01-31',
      daysLate: 34,
      source: 'closing_date',
    });
    // A county's government reports on itself by 31 March; its office, like its departments, by 31 January.
    expect(timeliness(2023, kind('government', 'county'), '2024-03-05', null)).toMatchObject({
      outcome: 'on_time',
      daysLate: -26,
    });
    expect(timeliness(2023, kind('office', 'department'), '2024-03-05', null)).toMatchObject({ outcome: 'late' });
    // Where no organ was resolved, the level decides.
    expect(timeliness(2023, kind(null, 'county'), '2024-03-05', null)).toMatchObject({ outcome: 'on_time' });
    expect(timeliness(2023, kind('department', 'department'), null, '2024-01-17')).toMatchObject({
      outcome: 'on_time',
      source: 'page_date',
      published: '2024-01-17',
    });
    expect(timeliness(2023, kind('township', 'township'), null, null)).toMatchObject({
      outcome: 'unknown',
      published: null,
    });
    // An agency of unknown kind: decided only where both deadlines agree.
    const unknown = kind(null, null);
    expect(timeliness(2023, unknown, '2024-01-20', null)).toMatchObject({ outcome: 'on_time', deadline: '2024-01-31' });
    expect(timeliness(2023, unknown, '2024-04-02', null)).toMatchObject({ outcome: 'late', deadline: '2024-03-31' });
    expect(timeliness(2023, unknown, '2024-02-20', null)).toMatchObject({ outcome: 'unknown', deadline: null });
  });

  it('is a published_late finding on the late report, naming the date’s line and the basis', () => {
    const parsed = parseText(Buffer.from(text(LATE)), 'late.txt');
    const late = parsed.findings.filter((f) => f.code === 'published_late');
    expect(late).toHaveLength(1);
    expect(late[0].message).toContain('published 2024-03-05 (its closing date, line ');
    expect(late[0].message).toContain('34 days after the deadline 2024-01-31 (organ: office; 条例第四十九条第一款');
    expect(late[0].message).toContain('条例第四十九条');
    expect(parseText(Buffer.from(text(COUNTY)), 'county.txt').findings.map((f) => f.code)).not.toContain(
      'published_late',
    );
  });

  it('reads a web page’s own date from its chrome where the report prints none, and ignores other dates', async () => {
    const page = renderHtml({ ...LATE, publishedOn: '2024-01-17' }, rng(2))
      // The report's closing date gone; a crawl stamp and a page-build time that are not publication dates.
      .replace(/<p style="text-align:right">2024年1月17日<\/p>/, '')
      .replace('<body>', '<body><div>采集时间：2025-12-30 页面生成时间 2024-05-28</div>');
    const parsed = await parseFile(Buffer.from(page), 'page.html');
    expect(parsed.publishedOn).toBeNull();
    expect(parsed.pageDate).toEqual({ iso: '2024-01-17', label: '发布时间', printed: '发布时间:2024-01-17' });
    const meta = page
      .replace(/发布时间：2024-01-17 /, '')
      .replace('<head>', '<head><meta name="PubDate" content="2024-01-20 09:30">');
    expect((await parseFile(Buffer.from(meta), 'meta.html')).pageDate).toEqual({
      iso: '2024-01-20',
      label: 'meta PubDate',
      printed: '2024-01-20',
    });
    // The real page of 沭阳县发展和改革局: 公开日期 in its metadata table, beside a crawl time and a page-build time.
    const real = await parseFile(await readFile('data/published/shuyang-fgj-2023.html'), 'shuyang.html');
    expect(real.pageDate).toEqual({ iso: '2024-01-17', label: '公开日期', printed: '公开日期 2024-01-17' });
  });
});

describe('prose against tables', () => {
  it('quotes both figures with their lines, keeps the prose-only rate, and changes no number', () => {
    const parsed = parseText(Buffer.from(text(PROSE)), 'prose.txt');
    const received = parsed.prose.find((p) => p.key === 'received_new')!;
    expect(received).toMatchObject({
      value: 34,
      outcome: 'contradicts',
      tableValue: 26,
      cells: ['applications/received_new/total'],
      section: 'overview',
    });
    const tableLine = parsed.cells.find(
      (c) => c.table === 'applications' && c.row === 'received_new' && c.column === 'total',
    )!;
    expect(received.tableLine).toBe(tableLine.line);
    expect(tableLine.value).toBe(26);
    const mismatch = parsed.findings.filter((f) => f.code === 'prose_mismatch');
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0]).toMatchObject({ line: received.line, expected: 34, actual: 26, row: 'received_new' });
    expect(mismatch[0].message).toBe(
      `the narrative says 收到申请 34 (line ${received.line}: “2023年全年共收到政府信息公开申请34件”); the table prints 26 (applications/received_new/total, line ${tableLine.line})`,
    );
    expect(parsed.prose.find((p) => p.key === 'granted')).toMatchObject({ outcome: 'agrees' });
    expect(parsed.prose.find((p) => p.key === 'on_time_rate')).toMatchObject({
      value: 100,
      unit: 'percent',
      outcome: 'not_checkable',
      reason: 'prose only: the tables hold no such figure',
    });
  });

  it('does not compare a change, another year, or a count of something else', () => {
    const base = report(311, 2023);
    base.narrative = {
      ...base.narrative,
      figures:
        '2023年收到政府信息公开申请较上年增加5件，2022年收到政府信息公开申请9件，全年共收到行政许可申请300件，其中自然人申请3件。',
    };
    const parsed = parseText(Buffer.from(text(base)), 'qualified.txt');
    expect(parsed.prose.filter((p) => p.key === 'received_new').map((p) => [p.value, p.outcome, p.reason])).toEqual([
      [5, 'not_checkable', 'a change on another year, not a count'],
      [9, 'not_checkable', 'it names another year (2022)'],
    ]);
    expect(parsed.findings.map((f) => f.code)).not.toContain('prose_mismatch');
  });
});

describe('stock and flow (format 2021, weak)', () => {
  it('is a rule of the format description, with a severity below warning and its reason', () => {
    const rule = FORMATS['2021'].rules.find((r) => r.key === 'stock_flow')!;
    expect(rule.severity).toBe('info');
    expect(ruleDescription(rule)).toBe(
      'per proactive row: in_force (year before) + issued − repealed = in_force (weak: documents can lapse without being repealed, so fewer in force than this is not necessarily an error)',
    );
    expect(FORMATS['2019'].rules.map((r) => r.key)).not.toContain('stock_flow');
  });
});

onEachDatabase((target) => {
  let api: Api;
  let dir: string;
  const ids = new Map<string, number>();
  const files: [string, SyntheticReport][] = [
    ['late', LATE],
    ['county', COUNTY],
    ['undated', UNDATED],
    ['yearless', YEARLESS],
    ['prose', PROSE],
    // The copy of the year before is stored first: the match is found whichever arrives first.
    ['copy-after', COPY_AFTER],
    ['copy-before', COPY_BEFORE],
    ['twin-copy', TWIN_COPY],
    ['twin-source', TWIN_SOURCE],
    ['table-before', TABLE_BEFORE],
    ['table-after', TABLE_AFTER],
    ['stock-before', STOCK_BEFORE],
    ['stock-after', STOCK_AFTER],
    ['empty', EMPTY],
  ];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-scorecard-'));
    for (const [i, [name, r]] of files.entries())
      await writeFile(path.join(dir, `${String(i).padStart(2, '0')}-${name}.txt`), text(r));
    api = await apiOver([dir], target);
    for (const r of (await api.ds.query('SELECT id, source_file FROM report')) as {
      id: unknown;
      source_file: string;
    }[])
      ids.set(r.source_file.replace(/^\d+-|\.txt$/g, ''), Number(r.id));
  });
  afterAll(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  const card = async (name: string) =>
    (
      await api.data(
        `query ($id: Int!) { report(id: $id) { scorecard {
          timeliness deadline published dateSource daysLate completeness sectionsMissing problemsChars cellsFound
          consistency violations weakViolations prose proseCompared proseContradicted
          copy similarityPrevious similaritySameYear mostSimilarReportId tablesSameAsPrevious itemsFailed itemsChecked
          items { key label outcome summary evidence { text line page cell value otherReportId otherAgencyName otherYear similarity } }
        } } }`,
        { id: ids.get(name) },
      )
    ).report.scorecard;
  const item = (c: { items: { key: string }[] }, key: string) => c.items.find((i) => i.key === key) as any;

  it('a late report fails timeliness; the county government’s, due 31 March, passes; no date is unknown', async () => {
    const late = await card('late');
    expect(late).toMatchObject({
      timeliness: 'fail',
      deadline: '2024-01-31',
      published: '2024-03-05',
      dateSource: 'closing_date',
      daysLate: 34,
    });
    expect(item(late, 'timeliness').evidence[0]).toMatchObject({ text: 'published on its closing date 2024-03-05' });
    expect(item(late, 'timeliness').evidence[0].line).toBeGreaterThan(0);
    expect(await card('county')).toMatchObject({ timeliness: 'pass', deadline: '2024-03-31', daysLate: -26 });
    expect(await card('undated')).toMatchObject({ timeliness: 'unknown', published: null, daysLate: null });
    const yearless = await card('yearless');
    expect(yearless).toMatchObject({ timeliness: 'unknown', published: '2024-03-05', daysLate: null });
    expect(item(yearless, 'timeliness').summary).toBe(
      'the title names no year: the year read from the text (year_from_body) decides no deadline',
    );
  });

  it('prose contradicting the table fails, quoting both with their lines', async () => {
    const c = await card('prose');
    expect(c).toMatchObject({ prose: 'fail', proseCompared: 2, proseContradicted: 1 });
    const ev = item(c, 'prose').evidence.find((e: { cell: string }) => e.cell === 'applications/received_new/total');
    expect(ev.text).toMatch(
      /^“2023年全年共收到政府信息公开申请34件”: 收到申请 34; the table prints 26 \(line \d+\): they differ$/,
    );
    expect(ev.line).toBeGreaterThan(0);
    // Every other report states figures that agree.
    expect(await card('late')).toMatchObject({ prose: 'pass', proseContradicted: 0 });
  });

  it('a narrative copied from the year before fails, naming it, whichever of the two was stored first', async () => {
    const after = await card('copy-after');
    expect(after.copy).toBe('fail');
    expect(after.similarityPrevious).toBeGreaterThan(0.8);
    expect(after.mostSimilarReportId).toBe(ids.get('copy-before'));
    expect(item(after, 'copy').evidence[0]).toMatchObject({
      otherReportId: ids.get('copy-before'),
      otherYear: 2022,
      otherAgencyName: COPY_BEFORE.agency.name,
    });
    // The year before is not a copy of the year after.
    expect(await card('copy-before')).toMatchObject({ copy: 'pass', similarityPrevious: null });
  });

  it('two agencies’ reports of the same year with one narrative both fail, each naming the other', async () => {
    const copy = await card('twin-copy');
    const source = await card('twin-source');
    expect(copy).toMatchObject({ copy: 'fail', mostSimilarReportId: ids.get('twin-source') });
    expect(source).toMatchObject({ copy: 'fail', mostSimilarReportId: ids.get('twin-copy') });
    expect(copy.similaritySameYear).toBe(source.similaritySameYear);
    expect(copy.similaritySameYear).toBeGreaterThan(0.8);
    // Reports drawn independently are far apart.
    expect(await card('late')).toMatchObject({ copy: 'pass', similaritySameYear: null, mostSimilarReportId: null });
  });

  it('a table equal to the year before, cell for cell, fails copy; one the year before that is not, passes', async () => {
    const after = await card('table-after');
    expect(after).toMatchObject({ copy: 'fail', tablesSameAsPrevious: 'review_litigation' });
    expect(item(after, 'copy').evidence).toContainEqual(
      expect.objectContaining({ cell: 'review_litigation', otherReportId: ids.get('table-before'), otherYear: 2022 }),
    );
    expect(await card('table-before')).toMatchObject({ copy: 'pass', tablesSameAsPrevious: '' });
  });

  it('a stock-flow break is a weak finding: shown as evidence, not counted against consistency', async () => {
    const findings = (
      await api.data(
        `query ($id: Int!) { report(id: $id) { findings { code severity rule message expected actual } } }`,
        {
          id: ids.get('stock-after'),
        },
      )
    ).report.findings.filter((f: { rule: string }) => f.rule === 'stock_flow');
    expect(findings).toEqual([
      {
        code: 'rule_violation',
        severity: 'info',
        rule: 'stock_flow',
        message:
          'stock_flow: in_force (year before) + issued − repealed = in_force (regulations): 12 ≠ 15 (weak: documents can lapse without being repealed, so fewer in force than this is not necessarily an error)',
        expected: 12,
        actual: 15,
      },
    ]);
    const c = await card('stock-after');
    expect(c).toMatchObject({ consistency: 'pass', weakViolations: 1 });
    expect(item(c, 'consistency').evidence[0].text).toContain('stock_flow');
    // Both years otherwise consistent: carry_continuity holds across them (the generator carries over).
    expect(await card('stock-before')).toMatchObject({ consistency: 'pass', weakViolations: 0, violations: 0 });
  });

  it('section 五 reduced to a formula fails completeness, with its line', async () => {
    const c = await card('empty');
    expect(c).toMatchObject({ completeness: 'fail', sectionsMissing: 'problems', problemsChars: 0, cellsFound: 1 });
    expect(item(c, 'completeness').evidence[0].text).toBe(
      '存在的主要问题及改进情况: 0 characters of content once headings and formulas are removed (at least 50 expected)',
    );
    expect((await card('late')).completeness).toBe('pass');
  });

  it('buckets count the reports that could be checked and those failing, as the scorecards say', async () => {
    const d = await api.data(`{
      buckets: scorecardSummary(groupBy: [YEAR]) { year item reportsChecked reportsFailing share }
      cards: scorecards(first: 100) { totalCount nodes { year timeliness completeness consistency prose copy } }
    }`);
    expect(d.cards.totalCount).toBe(files.length);
    const expected = [2022, 2023].flatMap((year) =>
      ['timeliness', 'completeness', 'consistency', 'prose', 'copy'].map((it) => {
        const inYear = d.cards.nodes.filter((n: Record<string, unknown>) => n.year === year);
        const checked = inYear.filter((n: Record<string, unknown>) => n[it] !== 'unknown').length;
        const failing = inYear.filter((n: Record<string, unknown>) => n[it] === 'fail').length;
        return {
          year,
          item: it,
          reportsChecked: checked,
          reportsFailing: failing,
          share: checked ? failing / checked : null,
        };
      }),
    );
    expect(d.buckets).toEqual(expected);
    // 2023: late fails; county, prose, copies, … pass; undated is not counted.
    expect(d.buckets.find((b: { year: number; item: string }) => b.year === 2023 && b.item === 'timeliness')).toEqual({
      year: 2023,
      item: 'timeliness',
      reportsChecked: 9,
      reportsFailing: 1,
      share: 1 / 9,
    });
    expect(d.buckets.find((b: { year: number; item: string }) => b.year === 2023 && b.item === 'copy')).toMatchObject({
      reportsChecked: 11,
    });
  });

  it('exports the deduction sheet as CSV, one row per report with every flat field', async () => {
    const server = await serve(api.ds, 0, '127.0.0.1');
    const res = await fetch(`${server.url.replace(/\/graphql$/, '')}/export/scorecards.csv?years=2023`);
    const csv = await res.text();
    await server.close();
    expect(res.status).toBe(200);
    const [header, ...rows] = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n');
    expect(header.split(',')).toEqual([
      'reportId',
      'agencyId',
      'agencyName',
      'year',
      'level',
      'organKind',
      'timeliness',
      'deadline',
      'published',
      'dateSource',
      'daysLate',
      'completeness',
      'sectionsMissing',
      'tablesMissingOrEmpty',
      'problemsChars',
      'cellsFound',
      'consistency',
      'rulesChecked',
      'violations',
      'weakViolations',
      'prose',
      'proseCompared',
      'proseContradicted',
      'copy',
      'similarityPrevious',
      'similaritySameYear',
      'mostSimilarReportId',
      'tablesSameAsPrevious',
      'itemsFailed',
      'itemsChecked',
    ]);
    expect(rows).toHaveLength(files.length - 3);
    expect(rows.find((r) => r.startsWith(`${ids.get('yearless')},`))).toContain(',unknown,2024-03-31,2024-03-05,');
    expect(rows.find((r) => r.startsWith(`${ids.get('late')},`))).toContain(
      ',fail,2024-01-31,2024-03-05,closing_date,34,',
    );
  });
});
