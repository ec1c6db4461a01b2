/**
 * The real reports as agencies published them (data/published/README.md): a district government's PDF and a county
 * department's saved web page. Every value was checked against the rendered documents (pdftoppm pages; the page's
 * tables in headless Chromium). The PDF is also read through `pdftotext -layout` (poppler) text, which must give
 * the same cells and findings as the PDF itself.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFile, parseText } from '../src/parser/parse';
import type { ParsedReport } from '../src/parser/types';
import { apiOver } from './helpers/api';
import { allRows, expectTable, zeros } from './helpers/tables';

const published = (name: string) => readFileSync(`data/published/${name}`);
const cell = (r: ParsedReport, table: string, row: string, column: string) =>
  r.cells.find((c) => c.table === table && c.row === row && c.column === column);
const rules = (r: ParsedReport) => r.findings.map((f) => [f.code, f.rule, f.row, f.expected, f.actual]);

const hongzeRow = (...v: number[]) => [...v.slice(0, 1), 0, 0, 0, 0, 0, ...v.slice(1)];

describe('洪泽区人民政府 2023', async () => {
  const hongze = {
    pdf: await parseFile(published('hongze-district-2023.pdf'), 'hongze-district-2023.pdf'),
    text: parseText(readFileSync('test/fixtures/hongze-district-2023.pdftotext-layout.txt'), 'hongze.txt'),
  };

  describe.each(Object.entries(hongze))('as %s: wrapped labels, page breaks, a vertical category label', (kind, r) => {
    it('reads the metadata', () => {
      expect(r.agency).toEqual({
        name: '洪泽区人民政府',
        fullName: '洪泽区人民政府',
        divisionCode: '320813', // 江苏省 淮安市 洪泽区
        organ: { kind: 'government', name: null },
        level: 'county',
        candidates: [],
      });
      expect([r.year, r.format, r.publishedOn, r.sourceKind]).toEqual([2023, '2021', null, kind]);
    });

    it('reads the proactive table', () => {
      expectTable(r, 'proactive', {
        regulations: [0, 0, 0],
        normative_documents: [0, 5, 5],
        licensing: [550],
        penalties: [4119],
        enforcement: [195],
        fees: [7730.28],
      });
    });

    it('reads the applications table across the page break, （六）其他处理 as one row', () => {
      expectTable(r, 'applications', {
        ...allRows('2021', 'applications', zeros, ['other_no_correction', 'other_no_fee', 'other_other']),
        received_new: hongzeRow(21, 21),
        partially_granted: hongzeRow(4, 4),
        denied_state_secret: hongzeRow(1, 1),
        denied_process_info: hongzeRow(1, 1),
        denied_enforcement_file: hongzeRow(1, 1),
        unable_not_held: hongzeRow(10, 10),
        unable_needs_creation: hongzeRow(3, 3),
        not_processed_petition: hongzeRow(1, 1),
        total_handled: hongzeRow(21, 21),
      });
    });

    it('reads the review/litigation line and reports its totals that do not add up, and nothing else', () => {
      expectTable(r, 'review_litigation', {
        review: [10, 1, 0, 0, 0],
        litigation_direct: zeros(5),
        litigation_after_review: [5, 0, 0, 0, 0],
      });
      expect(rules(r)).toEqual([
        ['rule_violation', 'review_total', 'review', 0, 11],
        ['rule_violation', 'review_total', 'litigation_after_review', 0, 5],
      ]);
    });
  });

  describe('as the PDF itself', () => {
    const r = hongze.pdf;

    it('gives every cell the page it is printed on, the applications table across pages 3 and 4', () => {
      const page = (table: string, row: string, column: string) => cell(r, table, row, column)?.page;
      expect([
        page('proactive', 'regulations', 'issued'),
        page('proactive', 'licensing', 'decisions'),
        page('proactive', 'penalties', 'decisions'),
        page('proactive', 'fees', 'amount_wan'),
      ]).toEqual([2, 2, 3, 3]);
      expect([
        page('applications', 'received_new', 'total'),
        page('applications', 'unable_needs_creation', 'total'),
        page('applications', 'unable_unclear', 'total'),
        page('applications', 'carried_forward', 'total'),
      ]).toEqual([3, 3, 4, 4]);
      expect(page('review_litigation', 'review', 'upheld')).toBe(4);
      expect(r.cells.every((c) => c.page !== undefined && c.at === undefined)).toBe(true);
    });

    it('drops the page numbers ("- 3 -") from its text: the narrative reads on across pages', () => {
      expect(r.sections.problems).toContain('实行政府信息公开工作\n人员跟班学习制度');
      expect(r.sections.problems).not.toMatch(/- \d+ -/);
    });

    it('has the same cells as its pdftotext text, value for value', () => {
      const values = (x: ParsedReport) => x.cells.map((c) => [c.table, c.row, c.column, c.value, c.raw]);
      expect(values(r)).toEqual(values(hongze.text));
    });
  });
});

describe('沭阳县发展和改革局 2023 as a saved web page: rowspan/colspan, blank 法人 columns, page chrome', async () => {
  const r = await parseFile(published('shuyang-fgj-2023.html'), 'shuyang-fgj-2023.html');
  const person = (natural: number, total: number) => [natural, null, null, null, null, null, total];

  it('reads the report, not the page around it: title, signature, date', () => {
    expect(r.agency).toEqual({
      name: '沭阳县发展和改革局',
      fullName: '沭阳县发展和改革局',
      divisionCode: '321322', // 江苏省 宿迁市 沭阳县
      organ: { kind: 'department', name: '发展和改革局' },
      level: 'department',
      candidates: [],
    });
    expect([r.year, r.format, r.publishedOn, r.sourceKind, r.encoding]).toEqual([
      2023,
      '2021',
      '2024-01-17',
      'html',
      'utf-8',
    ]);
    expect(r.sections.overview).toMatch(/^2023年，县发展和改革局认真贯彻执行/);
    expect(r.sections.other).toBe('2023年度，县发展和改革局政府信息公开未发生收费情况。');
    expect(r.findings).toEqual([]);
  });

  it('reads the proactive table (规范性文件 for 行政规范性文件)', () => {
    expectTable(r, 'proactive', {
      regulations: [0, 0, 0],
      normative_documents: [8, 0, 18],
      licensing: [0],
      penalties: [0],
      enforcement: [0],
      fees: [0],
    });
  });

  it('reads the applications table, the five 法人或其他组织 columns blank, not 0', () => {
    expectTable(r, 'applications', {
      ...allRows('2021', 'applications', () => person(0, 0), ['other_handling']),
      received_new: person(26, 26),
      granted: person(26, 26),
      total_handled: person(26, 26),
    });
  });

  it('reads the review/litigation table', () => {
    expectTable(r, 'review_litigation', {
      review: [0, 0, 0, 1, 1],
      litigation_direct: zeros(5),
      litigation_after_review: zeros(5),
    });
  });

  it("gives every cell its table, row and column in the page (the metadata table is the page's first)", () => {
    const at = (table: string, row: string, column: string) => cell(r, table, row, column)?.at;
    expect(at('proactive', 'normative_documents', 'in_force')).toEqual({ table: 2, row: 4, column: 4 });
    expect(at('proactive', 'fees', 'amount_wan')).toEqual({ table: 2, row: 14, column: 2 });
    // Three label columns (the merged 三、本年度办理结果 and category cells) come before the applicant columns.
    expect(at('applications', 'received_new', 'natural_person')).toEqual({ table: 3, row: 4, column: 4 });
    expect(at('applications', 'received_new', 'commercial')).toEqual({ table: 3, row: 4, column: 5 });
    expect(at('applications', 'denied_third_party', 'total')).toEqual({ table: 3, row: 11, column: 10 });
    expect(at('applications', 'carried_forward', 'total')).toEqual({ table: 3, row: 28, column: 10 });
    expect(at('review_litigation', 'review', 'pending')).toEqual({ table: 4, row: 4, column: 4 });
    expect(at('review_litigation', 'litigation_after_review', 'total')).toEqual({ table: 4, row: 4, column: 15 });
    expect(r.cells.every((c) => c.at !== undefined && c.page === undefined)).toBe(true);
  });
});

describe('the published documents through the API: what each file was and where each number stands', async () => {
  const api = await apiOver(['data/published']);
  afterAll(() => api.close());

  it('serves source kind, encoding, page and grid position', async () => {
    const d = await api.data(`{ reports(first: 5) { nodes {
      sourceFile sourceKind encoding
      applications { key total { value raw line page gridTable gridRow gridColumn } }
    } } }`);
    const byFile = Object.fromEntries(d.reports.nodes.map((r: any) => [r.sourceFile, r]));
    const total = (file: string, key: string) => byFile[file].applications.find((x: any) => x.key === key).total;
    expect([byFile['hongze-district-2023.pdf'].sourceKind, byFile['hongze-district-2023.pdf'].encoding]).toEqual([
      'pdf',
      null,
    ]);
    expect([byFile['shuyang-fgj-2023.html'].sourceKind, byFile['shuyang-fgj-2023.html'].encoding]).toEqual([
      'html',
      'utf-8',
    ]);
    expect(total('hongze-district-2023.pdf', 'unable_not_held')).toEqual({
      value: 10,
      raw: '10',
      line: 79,
      page: 3,
      gridTable: null,
      gridRow: null,
      gridColumn: null,
    });
    expect(total('shuyang-fgj-2023.html', 'total_handled')).toEqual({
      value: 26,
      raw: '26',
      line: 57,
      page: null,
      gridTable: 3,
      gridRow: 27,
      gridColumn: 10,
    });
  });
});
