/**
 * The five seed reports, every cell of every table checked against the text by hand (see the line numbers quoted).
 * Values are written out here from the files, not produced by running the parser.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '../src/parser/parse';
import { allRows, expectTable, findingSummary, zeros } from './helpers/tables';

const seed = (name: string) => parseText(readFileSync(`data/reports/${name}`), name);
const APPLICANTS = ['natural_person', 'commercial', 'research', 'social_welfare', 'legal_service', 'other_org'];
const cell = (r: ReturnType<typeof seed>, table: string, row: string, column: string) =>
  r.cells.find((c) => c.table === table && c.row === row && c.column === column);

describe('seed 000: 湖塘乡 2020, one cell per line', () => {
  const r = seed('000_e84b3c5531a46bee.txt');

  it('reads the metadata, the issuing body from the signature', () => {
    expect(r.agency).toEqual({
      name: '湖塘乡',
      fullName: '丰城市湖塘乡人民政府',
      divisionCode: '360981206', // 江西省 宜春市 丰城市 湖塘乡
      organ: { kind: 'township', name: null },
      level: 'township',
      candidates: [],
    });
    expect([r.year, r.format, r.publishedOn]).toEqual([2020, '2019', null]);
    expect(r.sections.overview).toMatch(/^推进政府信息公开是贯彻落实/);
    expect(r.sections.problems).toMatch(/^2020年我乡政府信息公开工作虽然取得了一些成效/);
    expect(r.sections.other).toBe('暂无需报告的事项，今后将继续按照相关要求继续做好基层政务公开工作。');
  });

  it('reads the proactive table, procurement 6 projects with an amount of no unit kept as printed', () => {
    expectTable(r, 'proactive', {
      ...allRows('2019', 'proactive', zeros, ['procurement']),
      procurement: [6, 200359],
    });
    expect(cell(r, 'proactive', 'procurement', 'amount_wan')).toMatchObject({ raw: '200359', line: 87 });
  });

  it('reads the applications table: one request from a natural person, granted', () => {
    expectTable(r, 'applications', {
      ...allRows('2019', 'applications', zeros),
      received_new: [1, 0, 0, 0, 0, 0, 1],
      granted: [1, 0, 0, 0, 0, 0, 1],
      total_handled: [1, 0, 0, 0, 0, 0, 1],
    });
    expect(cell(r, 'applications', 'granted', 'natural_person')).toMatchObject({ value: 1, raw: '1', line: 132 });
    // Label broken over lines: "（三）不予\n\n以公\n\n开" then "1、属于国家秘密" (lines 151-156).
    expect(cell(r, 'applications', 'denied_state_secret', 'total')).toMatchObject({ value: 0, line: 163 });
  });

  it('reads the fifteen review/litigation cells', () => {
    expectTable(r, 'review_litigation', allRows('2019', 'review_litigation', zeros));
  });

  it('says what it was unsure of: the 第二十六条 caption typo and the assumed unit', () => {
    expect(findingSummary(r)).toEqual([
      'caption_typo@49 proactive',
      'unit_assumed@87 proactive/procurement/amount_wan',
    ]);
  });
});

describe('seed 001: 赵堡镇 2020, tab rows, no 总计 column', () => {
  const r = seed('001_446972c56d47e9f6.txt');

  it('reads the metadata', () => {
    // The only 赵堡镇 of the country: the name alone tells.
    expect(r.agency).toEqual({
      name: '赵堡镇',
      fullName: '赵堡镇',
      divisionCode: '410825106', // 河南省 焦作市 温县 赵堡镇
      organ: { kind: 'township', name: null },
      level: 'township',
      candidates: [],
    });
    expect([r.year, r.format, r.publishedOn]).toEqual([2020, '2019', null]);
    expect(r.sections.problems).toMatch(/^一、存在问题\n2020年我镇政务信息公开工作存在的问题/);
    expect(r.sections.other).toBe('无其他需报告的事项');
  });

  it('reads the proactive table: 其他对外管理服务事项 58 / 0 / 1196', () => {
    expectTable(r, 'proactive', {
      regulations: [0, 0, 0],
      normative_documents: [0, 0, 0],
      licensing: [5, 0, 17],
      other_services: [58, 0, 1196],
      penalties: [26, 0, 0],
      enforcement: [1, 0, 0],
      fees: [0, 0],
      procurement: [0, 0],
    });
  });

  it('has no 总计 in its header: the rows of six values get no total (none is computed), the short 不予公开 rows 1-3 nothing', () => {
    // From 4.保护第三方合法权益 on (lines 43-58) the rows print seven values, as many as the national format has
    // columns: the seventh is read as 总计, in the national order (all 0 here, as the six before it).
    const sixOnly = ['received_new', 'carried_over', 'granted', 'partially_granted'];
    const got = (row: string) =>
      [...APPLICANTS, 'total'].map((k) => cell(r, 'applications', row, k)?.value ?? 'absent');
    expect(Object.fromEntries([...sixOnly, ...ROWS_FROM_THIRD_PARTY].map((row) => [row, got(row)]))).toEqual(
      Object.fromEntries([
        ...sixOnly.map((row) => [row, [...zeros(6), 'absent']]),
        ...ROWS_FROM_THIRD_PARTY.map((row) => [row, zeros(7)]),
      ]),
    );
    expect(r.cells.filter((c) => c.table === 'applications' && c.row.startsWith('denied_') && c.line < 43)).toEqual([]);
    const totals = r.cells.filter((c) => c.table === 'applications' && c.column === 'total');
    expect(totals.map((c) => [c.row, c.value, c.line])).toEqual(
      ROWS_FROM_THIRD_PARTY.map((row, i) => [row, 0, 43 + i]),
    );
    expect(r.cells.filter((c) => c.table === 'applications')).toHaveLength(4 * 6 + 16 * 7);
  });

  it('reads the review/litigation line of fifteen zeros', () => {
    expectTable(r, 'review_litigation', allRows('2019', 'review_litigation', zeros));
  });

  it('reports the missing column for the rows of six values, the assumed one for the rows of seven, the incomplete rows', () => {
    expect(findingSummary(r)).toEqual([
      'column_assumed@32 applications/total',
      'column_missing@32 applications/total',
      'row_incomplete@39 applications/denied_state_secret',
      'row_incomplete@40 applications/denied_prohibited_by_law',
      'row_incomplete@41 applications/denied_security_stability',
    ]);
  });
});

const ROWS_FROM_THIRD_PARTY = [
  'denied_third_party',
  'denied_internal_affairs',
  'denied_process_info',
  'denied_enforcement_file',
  'denied_query_matter',
  'unable_not_held',
  'unable_needs_creation',
  'unable_unclear',
  'not_processed_petition',
  'not_processed_duplicate',
  'not_processed_publication',
  'not_processed_excessive',
  'not_processed_confirmation',
  'other_handling',
  'total_handled',
  'carried_forward',
];

describe('seed 002: 大才回族乡 2020, split title, full-width spaces, garbled cells', () => {
  const r = seed('002_45fc74b0c071d012.txt');

  it('reads the metadata from a title split over two lines', () => {
    // Not 广西's 大才乡: an ethnic township's name is its own.
    expect(r.agency).toEqual({
      name: '大才回族乡',
      fullName: '大才回族乡',
      divisionCode: '630106203', // 青海省 西宁市 湟中区 大才回族乡
      organ: { kind: 'township', name: null },
      level: 'township',
      candidates: [],
    });
    expect([r.year, r.format, r.publishedOn]).toEqual([2020, '2019', null]);
    expect(r.sections.overview).toMatch(/^2020年，大才回族乡按照区委、区政府的安排部署/);
    expect(r.sections.problems).toMatch(/^持续推进公开的同时/);
    expect(r.sections.other).toBeNull();
  });

  it('reads the proactive table through full-width and non-breaking spaces: procurement 10 projects, 606.05 万元', () => {
    expectTable(r, 'proactive', { ...allRows('2019', 'proactive', zeros, ['procurement']), procurement: [10, 606.05] });
    expect(cell(r, 'proactive', 'procurement', 'amount_wan')).toMatchObject({ raw: '606.05万元', line: 88 });
    expect(cell(r, 'proactive', 'regulations', 'made')).toMatchObject({ value: 0, raw: '\u3000\u30000', line: 27 });
  });

  it('reads the applications table, header cells broken over lines', () => {
    expectTable(r, 'applications', allRows('2019', 'applications', zeros));
  });

  it('reads garbled review cells ("00", "0 0") as 0, each with a finding', () => {
    expectTable(r, 'review_litigation', allRows('2019', 'review_litigation', zeros));
    const garbled = r.findings.filter((f) => f.code === 'garbled_cell').map((f) => f.line);
    expect(garbled).toEqual([383, 384, 385, 386, 390, 391, 392, 393, 394, 395, 396, 397]);
    expect(findingSummary(r).filter((f) => !f.startsWith('garbled_cell'))).toEqual(['section_missing@- ']);
  });
});

describe('seed 003: 泉塘镇 2023, format 2021, labels lost', () => {
  const r = seed('003_e09efae4794f4a2c.txt');

  it('reads the metadata, signature region and publication date', () => {
    // Two towns are called 泉塘镇 (340281115 in 安徽 无为市, 430381111 in 湖南 湘乡市): the signature names 湘乡市.
    expect(r.agency).toEqual({
      name: '泉塘镇',
      fullName: '湘乡市泉塘镇人民政府',
      divisionCode: '430381111',
      organ: { kind: 'township', name: null },
      level: 'township',
      candidates: [],
    });
    expect([r.year, r.format, r.publishedOn]).toEqual([2023, '2021', '2024-01-09']);
    expect(r.sections.other).toBe('未收取信息处理费。');
    expect(r.sections.problems).toMatch(/^（一）主要问题\n/);
  });

  it('reads the 2021 proactive table', () => {
    expectTable(r, 'proactive', {
      regulations: [0, 0, 0],
      normative_documents: [0, 0, 0],
      licensing: [0],
      penalties: [0],
      enforcement: [0],
      fees: [0],
    });
  });

  it('assigns rows whose label became a number by their position, checked by the rules, with a finding each', () => {
    expectTable(r, 'applications', allRows('2021', 'applications', zeros, ['other_handling']));
    const lost = r.findings.filter((f) => f.code === 'label_missing').map((f) => f.row);
    expect(lost).toEqual([
      'denied_state_secret',
      'denied_prohibited_by_law',
      'denied_security_stability',
      'denied_third_party',
      'denied_internal_affairs',
      'denied_process_info',
      'denied_enforcement_file',
      'denied_query_matter',
      'unable_not_held',
      'unable_needs_creation',
    ]);
    expect(r.findings.length).toBe(10);
    for (const f of r.findings) expect(f.message).toMatch(/every consistency rule over them holds \(17 equations\)$/);
  });

  it('reads the review/litigation cells', () => {
    expectTable(r, 'review_litigation', allRows('2021', 'review_litigation', zeros));
  });
});

describe('seed 004: 湛河区政府办公室 2020, tab rows, blank review cells', () => {
  const r = seed('004_c95910d04a7fd181.txt');

  it('reads the metadata', () => {
    expect(r.agency).toEqual({
      name: '湛河区政府办公室',
      fullName: '湛河区政府办公室',
      divisionCode: '410411', // 河南省 平顶山市 湛河区: the office of its government
      organ: { kind: 'office', name: null },
      level: 'department',
      candidates: [],
    });
    expect([r.year, r.format, r.publishedOn]).toEqual([2020, '2019', null]);
  });

  it('reads the proactive table: 规范性文件 3 / 3 / 3, procurement 6 projects, 6.933 万元', () => {
    expectTable(r, 'proactive', {
      ...allRows('2019', 'proactive', zeros, ['procurement']),
      normative_documents: [3, 3, 3],
      procurement: [6, 6.933],
    });
  });

  it('reads 7 requests, all ended as 本机关不掌握相关政府信息', () => {
    expectTable(r, 'applications', {
      ...allRows('2019', 'applications', zeros),
      received_new: [7, 0, 0, 0, 0, 0, 7],
      unable_not_held: [7, 0, 0, 0, 0, 0, 7],
      total_handled: [7, 0, 0, 0, 0, 0, 7],
    });
    expect(cell(r, 'applications', 'unable_not_held', 'natural_person')).toMatchObject({ raw: '7', line: 57 });
  });

  it('keeps the five blank 行政复议 cells blank (null), not 0', () => {
    expectTable(r, 'review_litigation', {
      review: [null, null, null, null, null],
      litigation_direct: zeros(5),
      litigation_after_review: zeros(5),
    });
    expect(r.findings).toEqual([]);
  });
});

describe('completeness: cells found over the cells the format expects', () => {
  it.each([
    // 2019: proactive 22 (8 rows), applications 23 rows × 7 = 161, review 15.
    ['000_e84b3c5531a46bee.txt', 198, 198],
    // No 总计 for 4 rows (4), the short 不予公开 rows 1-3 not assigned (21).
    ['001_446972c56d47e9f6.txt', 173, 198],
    ['002_45fc74b0c071d012.txt', 198, 198],
    // 2021: proactive 10 (6 rows), applications 25 rows × 7 = 175 (其他处理 as its three sub-rows), review 15.
    ['003_e09efae4794f4a2c.txt', 200, 200],
    // Five blank 行政复议 cells are found: printed blank.
    ['004_c95910d04a7fd181.txt', 198, 198],
  ])('%s: %i of %i', (name, found, expected) => {
    expect(seed(name).completeness).toEqual({ found, expected, ratio: found / expected });
  });
});
