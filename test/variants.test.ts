/**
 * The report variants real agencies publish (issue 18), each on a small excerpt written as an agency prints it, with
 * its numbers checked by hand; and the cells that must not be read as numbers at all (issue 13).
 */
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { ColumnDef } from '../src/format';
import { FORMATS } from '../src/format';
import { decodeText } from '../src/parser/documents/encoding';
import * as parser from '../src/parser/parse';
import { readValue } from '../src/parser/values';
import type { ParsedReport } from '../src/parser/types';
import { expectTable, findingSummary, zeros } from './helpers/tables';

/**
 * These excerpts are signed 东湖街道办事处, a name 18 streets bear: each parse says so (agency_ambiguous, its
 * candidates; resolution is tested in divisions.test.ts). The tests here are about tables, so that finding is set
 * aside here, once, and checked in 'the excerpt as printed'.
 */
const AMBIGUOUS_DONGHU = (f: { code: string; message: string }) =>
  f.code === 'agency_ambiguous' && f.message.startsWith('"东湖街道办事处" may be ');
const asTables = (r: ParsedReport): ParsedReport => ({
  ...r,
  findings: r.findings.filter((f) => !AMBIGUOUS_DONGHU(f)),
});
const parseReport = (text: string, source: string) => asTables(parser.parseReport(text, source));
const parseText = (bytes: Uint8Array, source: string) => asTables(parser.parseText(bytes, source));
const parseFile = async (bytes: Uint8Array, source: string) => asTables(await parser.parseFile(bytes, source));

const lines = (...ls: string[]) => ls.join('\n');
const column = (table: 'proactive' | 'applications', key: string): ColumnDef =>
  FORMATS['2019'].tables[table].columns.find((c) => c.key === key) ??
  FORMATS['2021'].tables[table].columns.find((c) => c.key === key)!;

describe('values (issue 18 item 7; issue 13 item 2)', () => {
  const proactive2019 = lines(
    '东湖街道办事处2020年政府信息公开工作年度报告',
    '',
    '二、主动公开政府信息情况',
    '第二十条第（一）项',
    '信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量',
    '规章\t0\t0\t0',
    '规范性文件\t3\t3\t12',
    '第二十条第（五）项',
    '信息内容\t上一年项目数量\t本年增/减\t处理决定数量',
    '行政许可\t35\t\u221218\t1，234',
    '其他对外管理服务事项\t12\t+1\t无',
    '第二十条第（六）项',
    '信息内容\t上一年项目数量\t本年增/减\t处理决定数量',
    '行政处罚\t8\t－2\t2,048',
    '行政强制\t0\t0\t—',
    '第二十条第（八）项',
    '信息内容\t上一年项目数量\t本年增/减',
    '行政事业性收费\t4\t0',
    '第二十条第（九）项',
    '信息内容\t采购项目数量\t采购总金额',
    '政府集中采购\t6\t541.9886万元',
  );

  it('reads signed changes (+1, −18, －2), thousands separators (1，234, 2,048) and 无 / — as blanks', () => {
    const r = parseReport(proactive2019, 'donghu.txt');
    expect(r.format).toBe('2019');
    expectTable(r, 'proactive', {
      regulations: [0, 0, 0],
      normative_documents: [3, 3, 12],
      licensing: [35, -18, 1234],
      other_services: [12, 1, null],
      penalties: [8, -2, 2048],
      enforcement: [0, 0, null],
      fees: [4, 0],
      procurement: [6, 541.9886],
    });
    expect(findingSummary(r).filter((f) => !/^(section|table)_missing/.test(f))).toEqual([
      'thousands_separator@10 proactive/licensing/decisions',
      'thousands_separator@14 proactive/penalties/decisions',
    ]);
  });

  it('converts a fee printed in 元 inside the cell to 万元 exactly, whatever the header says', () => {
    const r = parseReport(
      lines(
        '西城区市场监督管理局2022年政府信息公开工作年度报告',
        '二、主动公开政府信息情况',
        '第二十条第（八）项',
        '信息内容\t本年收费金额（单位：万元）',
        '行政事业性收费\t5419886元',
        '第二十条第（九）项',
      ),
      'xicheng.txt',
    );
    expect(r.cells).toEqual([
      expect.objectContaining({ row: 'fees', column: 'amount_wan', value: 541.9886, raw: '5419886元', line: 5 }),
    ]);
    expect(r.findings.find((f) => f.code === 'unit_converted')?.message).toBe(
      '"5419886元" converted from 元 to 541.9886 万元',
    );
  });

  const where = { table: 'applications' as const, row: 'granted', column: 'natural_person' };
  const read = (text: string, col = column('applications', 'natural_person')) =>
    readValue({ text, raw: text, line: 7 }, col, where);

  it.each([
    ['3.5', '3.5', 'a fraction in a count column'],
    ['1,2,3,4', '1,2,3,4', 'cannot read the cell as a number'],
    ['1.234,5', '1.234,5', 'cannot read the cell as a number'],
    ['12,', '12,', 'cannot read the cell as a number'],
    [',5', ',5', 'cannot read the cell as a number'],
    ['12345678901234567890', '12345678901234567890', 'too many digits for a number'],
    ['a 309-digit number', '1'.padEnd(309, '0'), 'too many digits for a number'],
    ['1e308', '1e308', 'cannot read the cell as a number'],
    ['1000000000001', '1000000000001', 'out of range (more than 1000000000000)'],
    ['-3', '-3', 'a negative count'],
    ['5元', '5元', 'a unit in a count cell'],
    ['012', '012', 'cannot read the cell as a number'],
  ])('refuses %s in a count cell', (_, text, why) => {
    expect(read(text)).toEqual({
      value: undefined,
      findings: [expect.objectContaining({ code: 'unreadable_cell', message: `${why}: "${text}"`, line: 7, ...where })],
    });
  });

  it('reads the largest count it accepts, and thousands separators with a finding', () => {
    expect(read('1000000000000')).toEqual({ value: 1e12, findings: [] });
    expect(read('1,234,567')).toEqual({
      value: 1234567,
      findings: [
        expect.objectContaining({
          code: 'thousands_separator',
          message: '"1,234,567" read as 1234567: the commas group thousands',
        }),
      ],
    });
  });

  it('keeps amounts finite and exact: 15 significant digits at most, 元 shifted by four places', () => {
    const amount = column('proactive', 'amount_wan');
    expect(read('0.1元', amount).value).toBe(0.00001);
    expect(read('1234.56元', amount).value).toBe(0.123456);
    expect(read('12,345.6万元', amount).value).toBe(12345.6);
    expect(read('1.2345678901234567万元', amount).findings[0].message).toBe(
      'too many digits for a number: "1.2345678901234567万元"',
    );
    expect(read('2000000000000万元', amount).findings[0].message).toBe(
      'out of range (more than 1000000000000): "2000000000000万元"',
    );
    expect(read('100000000000000元', amount).value).toBe(1e10);
  });

  it('never stores a number from an absurd cell: the cell is absent and named by a finding', () => {
    const huge = '9'.repeat(400);
    const r = parseReport(proactive2019.replace('规章\t0\t0\t0', `规章\t${huge}\t0\t3.5`), 'absurd.txt');
    expect(r.cells.filter((c) => c.row === 'regulations').map((c) => [c.column, c.value])).toEqual([['published', 0]]);
    expect(findingSummary(r).filter((f) => f.startsWith('unreadable'))).toEqual([
      'unreadable_cell@6 proactive/regulations/made',
      'unreadable_cell@6 proactive/regulations/total_public',
    ]);
  });
});

describe('excerpts (issue 18 item 10): each table stands or fails on its own', () => {
  it('reads an excerpt of two tables with no title, no other section and a closing date only', () => {
    const r = parseReport(lines(...APPLICATIONS_2021, ...REVIEW, '', '东湖街道办事处', '2023年1月16日'), 'excerpt.txt');
    expect([r.agency.name, r.year, r.format]).toEqual(['东湖街道办事处', 2022, '2021']);
    expectTable(r, 'applications', APPLICATIONS_ROWS);
    expectTable(r, 'review_litigation', REVIEW_ROWS);
    expect(findingSummary(r)).toEqual([
      'title_missing@- ',
      'year_from_body@37 ',
      'section_missing@- ',
      'section_missing@- ',
      'section_missing@- ',
      'section_missing@- ',
      'table_missing@- proactive',
    ]);
  });

  it('keeps the other tables when one is printed as an image (its rows named missing)', () => {
    const r = parseReport(donghu({ proactive: [PROACTIVE_2021[0], '（表格见附件图片）'] }), 'donghu.txt');
    expectTable(r, 'applications', APPLICATIONS_ROWS);
    expectTable(r, 'review_litigation', REVIEW_ROWS);
    expect(r.cells.filter((c) => c.table === 'proactive')).toEqual([]);
    expect(findingSummary(r)).toEqual(
      ['regulations', 'normative_documents', 'licensing', 'penalties', 'enforcement', 'fees'].map(
        (row) => `row_missing@- proactive/${row}`,
      ),
    );
  });
});

describe('damaged files (issue 18 item 10; issue 13 item 4)', () => {
  const seed = readFileSync('data/reports/004_c95910d04a7fd181.txt');
  // Cut inside the last character of "…工作水平" in 五、: the three tables come before it.
  const end = seed.indexOf(Buffer.from('六、其他需要报告的事项'));

  it.each([1, 2])('reads UTF-8 cut %i byte(s) into its last character as UTF-8, not GB18030 mojibake', async (k) => {
    const cut = seed.subarray(0, end + k);
    expect(decodeText(cut, 'cut.txt')).toEqual({
      text: seed.subarray(0, end).toString('utf8'),
      encoding: 'utf-8',
      truncated: true,
    });
    const r = await parseFile(cut, 'cut.txt');
    const whole = parseText(seed, 'whole.txt');
    expect([r.encoding, r.agency.name, r.year]).toEqual(['utf-8', '湛河区政府办公室', 2020]);
    expect(r.cells).toEqual(whole.cells);
    expect(findingSummary(r)).toEqual(['file_truncated@- ', 'section_missing@- ']);
  });

  it('still tells GBK from UTF-8 with a cut end', () => {
    const gbk = iconv.encode(seed.subarray(0, end).toString('utf8'), 'gbk');
    expect(decodeText(gbk.subarray(0, gbk.length - 1), 'gbk.txt').encoding).toBe('gb18030');
  });
});

// ---- A 2021 report of a street office, as its web page reads when copied to text (tab rows), in parts that the
// variants below change one at a time. Its numbers add up: 18 + 1 requests = 17 handled + 2 carried forward.

const TITLE = '东湖街道办事处2022年政府信息公开工作年度报告';
const OVERVIEW = [
  '一、总体情况',
  '2022年，东湖街道办事处坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。',
];
const PROACTIVE_2021 = [
  '二、主动公开政府信息情况',
  '第二十条第（一）项',
  '信息内容\t本年制发件数\t本年废止件数\t现行有效件数',
  '规章\t0\t0\t0',
  '行政规范性文件\t2\t1\t15',
  '第二十条第（五）项',
  '信息内容\t本年处理决定数量',
  '行政许可\t126',
  '第二十条第（六）项',
  '信息内容\t本年处理决定数量',
  '行政处罚\t37',
  '行政强制\t0',
  '第二十条第（八）项',
  '信息内容\t本年收费金额（单位：万元）',
  '行政事业性收费\t0',
];
const APPLICATIONS_2021 = [
  '三、收到和处理政府信息公开申请情况',
  '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t申请人情况\t\t\t\t\t\t',
  '\t\t自然人\t法人或其他组织\t\t\t\t\t总计',
  '\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t',
  '一、本年新收政府信息公开申请数量\t\t15\t2\t0\t0\t1\t0\t18',
  '二、上年结转政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1',
  '三、本年度办理结果\t（一）予以公开\t6\t1\t0\t0\t0\t0\t7',
  '\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t2\t0\t0\t0\t0\t0\t2',
  '\t（三）不予公开\t1．属于国家秘密\t0\t0\t0\t0\t0\t0\t0',
  '\t\t2．其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0',
  '\t\t3．危及“三安全一稳定”\t0\t0\t0\t0\t0\t0\t0',
  '\t\t4．保护第三方合法权益\t1\t0\t0\t0\t0\t0\t1',
  '\t\t5．属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t0',
  '\t\t6．属于四类过程性信息\t0\t0\t0\t0\t0\t0\t0',
  '\t\t7．属于行政执法案卷\t0\t0\t0\t0\t0\t0\t0',
  '\t\t8．属于行政查询事项\t0\t0\t0\t0\t0\t0\t0',
  '\t（四）无法提供\t1．本机关不掌握相关政府信息\t3\t1\t0\t0\t0\t0\t4',
  '\t\t2．没有现成信息需要另行制作\t1\t0\t0\t0\t0\t0\t1',
  '\t\t3．补正后申请内容仍不明确\t0\t0\t0\t0\t0\t0\t0',
  '\t（五）不予处理\t1．信访举报投诉类申请\t1\t0\t0\t0\t0\t0\t1',
  '\t\t2．重复申请\t0\t0\t0\t0\t0\t0\t0',
  '\t\t3．要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0',
  '\t\t4．无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t0',
  '\t\t5．要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0',
  '\t（六）其他处理\t1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t1\t0\t0\t0\t0\t0\t1',
  '\t\t2．申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0',
  '\t\t3．其他\t0\t0\t0\t0\t0\t0\t0',
  '\t（七）总计\t\t15\t2\t0\t0\t0\t0\t17',
  '四、结转下年度继续办理\t\t1\t0\t0\t0\t1\t0\t2',
];
const REVIEW = [
  '四、政府信息公开行政复议、行政诉讼情况',
  '行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t',
  '结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t',
  '\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计',
  '2\t1\t0\t0\t3\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0',
];
const CLOSING = [
  '五、存在的主要问题及改进情况',
  '一是公开内容不够全面；二是政策解读形式较为单一。下一步，我街道将进一步规范公开流程，丰富解读形式。',
  '六、其他需要报告的事项',
  '本年度未收取信息处理费。',
  '',
  '东湖街道办事处',
  '2023年1月16日',
];
const PARTS = {
  title: [TITLE, ''],
  overview: OVERVIEW,
  proactive: PROACTIVE_2021,
  applications: APPLICATIONS_2021,
  review: REVIEW,
  closing: CLOSING,
};
type Parts = typeof PARTS;
const donghu = (change: Partial<Record<keyof Parts, string[]>> = {}) =>
  lines(...Object.entries({ ...PARTS, ...change }).flatMap(([, ls]) => ls));
/** The part with its first line (the heading) replaced. */
const headed = (part: string[], heading: string) => [heading, ...part.slice(1)];

const row7 = (...v: number[]) => v;
const APPLICATIONS_ROWS = {
  received_new: row7(15, 2, 0, 0, 1, 0, 18),
  carried_over: row7(1, 0, 0, 0, 0, 0, 1),
  granted: row7(6, 1, 0, 0, 0, 0, 7),
  partially_granted: row7(2, 0, 0, 0, 0, 0, 2),
  denied_state_secret: zeros(7),
  denied_prohibited_by_law: zeros(7),
  denied_security_stability: zeros(7),
  denied_third_party: row7(1, 0, 0, 0, 0, 0, 1),
  denied_internal_affairs: zeros(7),
  denied_process_info: zeros(7),
  denied_enforcement_file: zeros(7),
  denied_query_matter: zeros(7),
  unable_not_held: row7(3, 1, 0, 0, 0, 0, 4),
  unable_needs_creation: row7(1, 0, 0, 0, 0, 0, 1),
  unable_unclear: zeros(7),
  not_processed_petition: row7(1, 0, 0, 0, 0, 0, 1),
  not_processed_duplicate: zeros(7),
  not_processed_publication: zeros(7),
  not_processed_excessive: zeros(7),
  not_processed_confirmation: zeros(7),
  other_no_correction: row7(1, 0, 0, 0, 0, 0, 1),
  other_no_fee: zeros(7),
  other_other: zeros(7),
  total_handled: row7(15, 2, 0, 0, 0, 0, 17),
  carried_forward: row7(1, 0, 0, 0, 1, 0, 2),
};
const PROACTIVE_ROWS = {
  regulations: [0, 0, 0],
  normative_documents: [2, 1, 15],
  licensing: [126],
  penalties: [37],
  enforcement: [0],
  fees: [0],
};
const REVIEW_ROWS = { review: [2, 1, 0, 0, 3], litigation_direct: [1, 0, 0, 0, 1], litigation_after_review: zeros(5) };

function expectWhole(r: ParsedReport): void {
  expect([r.agency.name, r.year, r.format]).toEqual(['东湖街道办事处', 2022, '2021']);
  // Proactive 10 cells (6 rows), applications 175 (25 rows of 7), review 15.
  expect(r.completeness).toEqual({ found: 200, expected: 200, ratio: 1 });
  expectTable(r, 'proactive', PROACTIVE_ROWS);
  expectTable(r, 'applications', APPLICATIONS_ROWS);
  expectTable(r, 'review_litigation', REVIEW_ROWS);
}

describe('the excerpt as printed', () => {
  it('reads whole, with nothing to report', () => {
    const printed = parser.parseReport(donghu(), 'donghu.txt');
    // 东湖街道 is a street in 18 counties and nothing in the excerpt says which: no code, the candidates, a finding.
    expect(printed.findings.map((f) => f.code)).toEqual(['agency_ambiguous']);
    const r = asTables(printed);
    expectWhole(r);
    expect(r.agency).toMatchObject({
      name: '东湖街道办事处',
      fullName: '东湖街道办事处',
      divisionCode: null,
      organ: { kind: 'township', name: null },
      level: 'township',
    });
    expect(r.agency.candidates).toHaveLength(18);
    expect(r.agency.candidates).toContain('330113003'); // 浙江省杭州市临平区东湖街道
    expect(r.publishedOn).toBe('2023-01-16');
    expect(r.findings).toEqual([]);
  });
});

describe('section headings (issue 18 item 1): a heading is a hint, not a gate', () => {
  it.each([
    ['与 for 、', '四、政府信息公开行政复议与行政诉讼情况'],
    ['和 for 、', '四、政府信息公开行政复议和行政诉讼情况'],
    ['no numeral', '政府信息公开行政复议、行政诉讼情况'],
    ['a Roman numeral', 'Ⅳ．政府信息公开行政复议、行政诉讼情况'],
    ['第四部分', '第四部分 政府信息公开行政复议、行政诉讼情况'],
    ['an Arabic numeral and a colon', '4．政府信息公开行政复议、行政诉讼情况：'],
  ])('reads the review/litigation table under a heading with %s', (_, heading) => {
    const r = parseReport(donghu({ review: headed(REVIEW, heading) }), 'donghu.txt');
    expectWhole(r);
    expect(r.findings).toEqual([]);
  });

  it('finds the review/litigation table by its content under a misprinted heading (行政法复议), with a finding', () => {
    const r = parseReport(donghu({ review: headed(REVIEW, '四、政府信息公开行政法复议、行政诉讼情况') }), 'donghu.txt');
    expectWhole(r);
    expect(findingSummary(r)).toEqual(['section_by_content@50 review_litigation']);
    expect(r.findings[0].message).toBe(
      'the review_litigation table was found by its content (行政复议 … 结果维持); its heading "四、政府信息公开行政法复议、行政诉讼情况" was not recognized',
    );
  });

  it('finds a table whose heading line is missing altogether', () => {
    const r = parseReport(donghu({ applications: APPLICATIONS_2021.slice(1) }), 'donghu.txt');
    expectWhole(r);
    expect(findingSummary(r)).toEqual(['section_by_content@20 applications']);
    expect(r.findings[0].message).toBe(
      'the applications table was found by its content (本列数据的勾稽关系); no heading was printed before it',
    );
  });
});

describe('titles (issue 18 item 2)', () => {
  it('takes the year from the reporting period when the title names none, with a finding saying so', () => {
    const r = parseReport(
      donghu({
        title: [
          '东湖街道办事处政府信息公开工作年度报告',
          '本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。',
        ],
      }),
      'donghu.txt',
    );
    expectWhole(r);
    expect(findingSummary(r)).toEqual(['year_from_body@2 ']);
    expect(r.findings[0].message).toBe(
      'the title names no year; 2022 is taken from the reporting period "自2022年1月1日起至2022年12月31日止" (line 2)',
    );
  });

  it('takes it from the overview, and says when the closing date disagrees', () => {
    const r = parseReport(
      donghu({ title: ['东湖街道办事处政府信息公开工作年度报告'], closing: [...CLOSING.slice(0, -1), '2024年3月1日'] }),
      'donghu.txt',
    );
    expectWhole(r);
    expect(r.findings.map((f) => [f.code, f.message, f.line])).toEqual([
      [
        'year_from_body',
        'the title names no year; 2022 is taken from "2022年" opening the overview (line 3); the closing date 2024-03-01 would say 2023',
        3,
      ],
    ]);
  });

  it('takes it from the closing date minus one year when nothing else names it', () => {
    const r = parseReport(
      donghu({
        title: ['东湖街道办事处政府信息公开工作年度报告'],
        overview: ['一、总体情况', '我街道扎实推进政务公开工作。'],
      }),
      'donghu.txt',
    );
    expectWhole(r);
    expect(r.findings.map((f) => f.message)).toEqual([
      'the title names no year; 2022 is taken from the closing date 2023-01-16, minus one year',
    ]);
  });

  it('reads an excerpt with no title at all: the agency from its signature, the year from its text', () => {
    const r = parseReport(donghu({ title: [] }), 'donghu.txt');
    expectWhole(r);
    expect([r.agency.name, r.agency.fullName, r.agency.level]).toEqual([
      '东湖街道办事处',
      '东湖街道办事处',
      'township',
    ]);
    expect(findingSummary(r)).toEqual(['title_missing@- ', 'year_from_body@2 ']);
    expect(r.findings[0].message).toBe(
      'no title naming the report before the first section; the agency is taken from the signature "东湖街道办事处"',
    );
  });

  it('reads a saved page with no title line: page chrome before the first heading is not a title', async () => {
    const html = `<html><body><div class="nav">首页 &gt; 政务公开 &gt; 年度报告专栏</div><div class="content">
      <p>一、总体情况</p><p>${OVERVIEW[1]}</p>
      <p>二、主动公开政府信息情况</p><p>第二十条第（一）项</p>
      <table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
      <tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr><tr><td>行政规范性文件</td><td>2</td><td>1</td><td>15</td></tr></table>
      <p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p><p>东湖街道办事处</p><p>2023年1月16日</p></div></body></html>`;
    const r = await parseFile(Buffer.from(html), 'donghu.html');
    expect([r.agency.name, r.year]).toEqual(['东湖街道办事处', 2022]);
    expect(r.cells.filter((c) => c.row === 'normative_documents').map((c) => c.value)).toEqual([2, 1, 15]);
    expect(r.findings.map((f) => f.code)).toContain('title_missing');
  });

  it('refuses a text that names no agency anywhere, naming the file', () => {
    expect(() => parseReport(donghu({ title: [], closing: CLOSING.slice(0, -2) }), 'anonymous.txt')).toThrow(
      'anonymous.txt: not an annual report: no title names the agency and no signature closes the report',
    );
  });

  it('still refuses a text that is no report at all with the title error', () => {
    expect(() => parseReport(lines('关于做好2024年防汛工作的通知', '一、提高思想认识'), 'notice.txt')).toThrow(
      /^notice\.txt:1: not an annual report: no title naming a year and 报告/,
    );
  });
});

describe('the format comes from the table labels, never from the notice a report cites (issue 18 item 3)', () => {
  it('reads a 2021-format report that cites the 2019 notice as format 2021', () => {
    const r = parseReport(
      donghu({
        overview: [
          '一、总体情况',
          '2022年，东湖街道办事处按照《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2019〕60号）要求，编制本报告。',
        ],
      }),
      'donghu.txt',
    );
    expectWhole(r);
    expect(r.findings).toEqual([]);
  });

  it('reads a 2022 report printed on the 2019 table, citing the 2021 notice under it, as format 2019', () => {
    const proactive2019 = [
      '二、主动公开政府信息情况',
      '（本表依据国办公开办函〔2021〕30号填报）',
      '第二十条第（一）项',
      '信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量',
      '规章\t0\t0\t0',
      '规范性文件\t2\t2\t15',
      '第二十条第（五）项',
      '信息内容\t上一年项目数量\t本年增/减\t处理决定数量',
      '行政许可\t12\t-1\t126',
      '其他对外管理服务事项\t3\t0\t40',
      '第二十条第（六）项',
      '信息内容\t上一年项目数量\t本年增/减\t处理决定数量',
      '行政处罚\t20\t+2\t37',
      '行政强制\t4\t0\t0',
      '第二十条第（八）项',
      '信息内容\t上一年项目数量\t本年增/减',
      '行政事业性收费\t0\t0',
      '第二十条第（九）项',
      '信息内容\t采购项目数量\t采购总金额',
      '政府集中采购\t2\t36.5万元',
    ];
    const applications2019 = [
      ...APPLICATIONS_2021.slice(0, 24),
      '\t（六）其他处理\t\t1\t0\t0\t0\t0\t0\t1',
      ...APPLICATIONS_2021.slice(27),
    ];
    const r = parseReport(donghu({ proactive: proactive2019, applications: applications2019 }), 'donghu.txt');
    expect([r.year, r.format]).toEqual([2022, '2019']);
    expectTable(r, 'proactive', {
      regulations: [0, 0, 0],
      normative_documents: [2, 2, 15],
      licensing: [12, -1, 126],
      other_services: [3, 0, 40],
      penalties: [20, 2, 37],
      enforcement: [4, 0, 0],
      fees: [0, 0],
      procurement: [2, 36.5],
    });
    const { other_no_correction, other_no_fee, other_other, ...rest } = APPLICATIONS_ROWS;
    expectTable(r, 'applications', { ...rest, other_handling: [1, 0, 0, 0, 0, 0, 1] });
    expect(r.findings).toEqual([]);
  });
});

describe('header damage (issue 18 item 4)', () => {
  it('reads rows of seven values under a header that lost 总计 in the national column order, with a finding', () => {
    const damaged = [...APPLICATIONS_2021];
    damaged[2] = '\t\t自然人\t法人或其他组织\t\t\t\t\t';
    const r = parseReport(donghu({ applications: damaged }), 'donghu.txt');
    expectWhole(r);
    expect(findingSummary(r)).toEqual(['column_assumed@21 applications/total']);
    expect(r.findings[0].message).toBe(
      'the applications header has no 总计 column, but 25 of its rows print 7 values, as many as the national format has columns: read in the national order, the last as 总计',
    );
  });

  const td = (s: string, span = '') => `<td${span}><p>${s}</p></td>`;
  const tr = (...cells: string[]) => `<tr>${cells.join('')}</tr>`;
  const values = (key: keyof typeof APPLICATIONS_ROWS) => APPLICATIONS_ROWS[key].map((v) => td(`&nbsp;${v}&nbsp;`));
  // Blank where the 勾稽关系 note usually stands; 申请人情况 over eight columns, 自然人 over two, for seven values.
  const HEADER = [
    tr(td('', ' colspan="3" rowspan="3"'), td('申请人情况', ' colspan="8"')),
    tr(td('自然人', ' rowspan="2" colspan="2"'), td('法人或其他组织', ' colspan="5"'), td('总计', ' rowspan="2"')),
    tr(...['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].map((s) => td(s))),
  ];

  it('reads a web page table split over two pages: spans wider than the values, blank header cells, a repeated rowspan label, a stray empty row', async () => {
    const row = (labels: string[], key: keyof typeof APPLICATIONS_ROWS) => tr(...labels, ...values(key));
    const html = `<html><body>
      <p>${TITLE}</p>
      <p>三、收到和处理政府信息公开申请情况</p>
      <table>${HEADER.join('')}
        ${row([td('一、本年新收政府信息公开申请数量', ' colspan="3"')], 'received_new')}
        ${row([td('二、上年结转政府信息公开申请数量', ' colspan="3"')], 'carried_over')}
        ${row([td('三、本年度办理结果', ' rowspan="6"'), td('（一）予以公开', ' colspan="2"')], 'granted')}
        ${row([td('（二）部分公开（区分处理的，只计这一情形，不计其他情形）', ' colspan="2"')], 'partially_granted')}
        ${row([td('（三）不予公开', ' rowspan="4"'), td('1．属于国家秘密')], 'denied_state_secret')}
        ${row([td('2．其他法律行政法规禁止公开')], 'denied_prohibited_by_law')}
        ${row([td('3．危及“三安全一稳定”')], 'denied_security_stability')}
        ${row([td('4．保护第三方合法权益')], 'denied_third_party')}
      </table>
      <p>- 3 -</p>
      <table>
        ${row([td('三、本年度办理结果', ' rowspan="19"'), td('（三）不予公开', ' rowspan="4"'), td('5．属于三类内部事务信息')], 'denied_internal_affairs')}
        ${row([td('6．属于四类过程性信息')], 'denied_process_info')}
        ${row([td('7．属于行政执法案卷')], 'denied_enforcement_file')}
        ${row([td('8．属于行政查询事项')], 'denied_query_matter')}
        ${row([td('（四）无法提供', ' rowspan="3"'), td('1．本机关不掌握相关政府信息')], 'unable_not_held')}
        ${row([td('2．没有现成信息需要另行制作')], 'unable_needs_creation')}
        ${row([td('3．补正后申请内容仍不明确')], 'unable_unclear')}
        ${row([td('（五）不予处理', ' rowspan="5"'), td('1．信访举报投诉类申请')], 'not_processed_petition')}
        ${row([td('2．重复申请')], 'not_processed_duplicate')}
        ${row([td('3．要求提供公开出版物')], 'not_processed_publication')}
        ${row([td('4．无正当理由大量反复申请')], 'not_processed_excessive')}
        ${row([td('5．要求行政机关确认或重新出具已获取信息')], 'not_processed_confirmation')}
        ${row([td('（六）其他处理', ' rowspan="3"'), td('1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请')], 'other_no_correction')}
        ${row([td('2．申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请')], 'other_no_fee')}
        ${row([td('3．其他')], 'other_other')}
        ${row([td('（七）总计', ' colspan="2"')], 'total_handled')}
        ${row([td('四、结转下年度继续办理', ' colspan="3"')], 'carried_forward')}
        ${tr(...Array.from({ length: 10 }, () => td('')))}
      </table>
      <p>四、政府信息公开行政复议、行政诉讼情况</p>
      <p>六、其他需要报告的事项</p><p>无。</p><p>东湖街道办事处</p><p>2023年1月16日</p>
      </body></html>`;
    const r = await parseFile(Buffer.from(html), 'donghu.html');
    expectTable(r, 'applications', APPLICATIONS_ROWS);
    expect(findingSummary(r).filter((f) => f.includes('applications'))).toEqual([]);
  });
});

describe('text broken into pieces (issue 18 item 5)', () => {
  it('reads tab rows whose cells span lines, as a web page copied to text gives them, with TAB-led paragraphs and empty ones', () => {
    const apps = APPLICATIONS_2021.map((l) =>
      l
        // A label cell holding two paragraphs.
        .replace('只计这一情形，不计其他情形）', '只计这一情形，\n不计其他情形）')
        // A value cell beginning with a line break (an empty paragraph before the number).
        .replace('4．保护第三方合法权益\t1', '4．保护第三方合法权益\t\n1')
        // A value cell ending with one.
        .replace('1．本机关不掌握相关政府信息\t3\t', '1．本机关不掌握相关政府信息\t3\n\t')
        // Empty paragraphs between rows.
        .replace('\t\t2．重复申请', '\n\t\t2．重复申请'),
    );
    const r = parseReport(
      donghu({ overview: ['\t一、总体情况', `\t${OVERVIEW[1]}`, ''], applications: apps }),
      'donghu.txt',
    );
    expectWhole(r);
    expect(r.findings).toEqual([]);
    const cellAt = (row: string, column: string) => r.cells.find((c) => c.row === row && c.column === column);
    expect(cellAt('denied_third_party', 'natural_person')).toMatchObject({ value: 1, raw: '1', line: 34 });
    expect(cellAt('unable_not_held', 'natural_person')).toMatchObject({ value: 3, raw: '3', line: 39 });
    expect(cellAt('unable_not_held', 'commercial')).toMatchObject({ value: 1, raw: '1', line: 40 });
  });

  it('reads a web page whose cells hold one character per paragraph, words split over cells, &nbsp; and line breaks', async () => {
    const td = (s: string, span = '') => `<td${span}>${s}</td>`;
    const html = `<html><body>
      <p>${TITLE}</p>
      <p>四、政府信息公开行政复议、行政诉讼情况</p>
      <table>
        <tr>${td('<p>行</p><p>政</p><p>复</p><p>议</p>', ' colspan="5"')}${td('行政诉讼&nbsp;', ' colspan="10"')}</tr>
        <tr>${td('结果维', ' rowspan="2"')}${td('持', ' rowspan="2"')}${td('结果<br>纠正', ' rowspan="2"')}${td('其他结果', ' rowspan="2"')}${td('尚未审结', ' rowspan="2"')}${td('总计', ' rowspan="2"')}${td('未经复议直接起诉', ' colspan="5"')}${td('复议后起诉', ' colspan="5"')}</tr>
        <tr>${['结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计'].map((s) => td(s)).join('')}</tr>
        <tr>${[2, 1, 0, 0, 3].map((v) => td(`&nbsp;${v}&nbsp;`)).join('')}${td('<br>1')}${td('<p>0</p><p></p>')}${[0, 0, 1, 0, 0, 0, 0, 0].map((v) => td(`\n${v}\n`)).join('')}</tr>
      </table>
      <p>五、存在的主要问题及改进情况</p><p>无。</p><p>东湖街道办事处</p><p>2023年1月16日</p>
      </body></html>`;
    const r = await parseFile(Buffer.from(html), 'donghu.html');
    expectTable(r, 'review_litigation', REVIEW_ROWS);
  });
});

describe('layouts (issue 18 item 8)', () => {
  /** A table part with every cell a paragraph of its own and an empty paragraph between cells (Word saved as text). */
  const cellPerLine = (part: string[], lead = '') =>
    part.flatMap((l, i) => (i === 0 ? [l, ''] : l.split('\t').flatMap((c) => (c ? [`${lead}${c}`, ''] : []))));

  it('reads one cell per line with a blank line between every cell, not just between rows', () => {
    const r = parseReport(
      donghu({
        proactive: cellPerLine(PROACTIVE_2021),
        applications: cellPerLine(APPLICATIONS_2021),
        review: cellPerLine(REVIEW),
      }),
      'donghu.txt',
    );
    expectWhole(r);
    expect(r.findings).toEqual([]);
  });

  it('reads the same led by tabs', () => {
    const r = parseReport(
      donghu({ applications: cellPerLine(APPLICATIONS_2021, '\t'), review: cellPerLine(REVIEW, '\t') }),
      'donghu.txt',
    );
    expectWhole(r);
    expect(r.findings).toEqual([]);
  });

  it('reads |-separated rows with ASCII punctuation: (一) for （一）, : for ：, 1. for 1．', () => {
    const ascii = (l: string) =>
      l.replace(/（/g, '(').replace(/）/g, ')').replace(/：/g, ':').replace(/，/g, ',').replace(/．/g, '.');
    const piped = (part: string[]) => [
      ascii(part[0]),
      ...part.slice(1).map((l) => `| ${ascii(l).split('\t').join(' | ')} |`),
    ];
    const r = parseReport(
      donghu({ proactive: piped(PROACTIVE_2021), applications: piped(APPLICATIONS_2021), review: piped(REVIEW) }),
      'donghu.txt',
    );
    expectWhole(r);
    expect(r.findings).toEqual([]);
  });

  it('reads flip-book PDF text whose column headers are printed one character per line', () => {
    const vertical = (s: string) => [...s].map((ch) => `        ${ch}`);
    const spaced = (l: string) => l.replace(/^\t+/, '').split('\t').filter(Boolean).join('    ');
    // The header as the page prints it, each column's label stacked one character per line: read line by line.
    const applications = [
      APPLICATIONS_2021[0],
      '                                        申请人情况',
      '                     自        法人或其他组织          总',
      '                     然    商  科  社  法  其          计',
      '                     人    业  研  会  律  他',
      '                           企  机  公  服',
      '                           业  构  益  务',
      '                                   组  机',
      '                                   织  构',
      ...APPLICATIONS_2021.slice(4).map(spaced),
    ];
    const review = [
      REVIEW[0],
      '        行政复议                                      行政诉讼',
      ...['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'].flatMap(vertical),
      '        未经复议直接起诉                       复议后起诉',
      spaced(REVIEW[4]),
    ];
    const r = parseReport(donghu({ applications, review }), 'donghu.txt');
    expectWhole(r);
    expect(r.findings).toEqual([]);
  });

  it('reads a proactive block whose caption line is missing', () => {
    const r = parseReport(
      donghu({ proactive: PROACTIVE_2021.filter((l) => l !== '第二十条第（六）项') }),
      'donghu.txt',
    );
    expectWhole(r);
    expect(r.findings).toEqual([]);
  });
});

describe('wrapped labels in PDFs (issue 18 item 6)', () => {
  // The (六)其他处理 rows of a PDF page as its text reads: each label wraps over two lines, the category cell sits
  // between them, and its characters interleave with the second row's (pdftotext and pdfjs order both so).
  const other = [
    '                  1、申请人无正当理由逾期不补正、行政机关不再处理其政府信    1     0     0     0     0     0     1',
    '  息公开申请(六)其2、申请人逾期未按收费通知要他处理求缴纳费用、行政机关不再处理其政府信息公开申请    0     0     0     0     0     0     0',
    '                  3、其他                                                   0     0     0     0     0     0     0',
  ];
  const spaced = (l: string) => `      ${l.replace(/^\t+/, '').split('\t').filter(Boolean).join('     ')}`;
  const pdfText = [
    APPLICATIONS_2021[0],
    '                                                              申请人情况',
    '                                                  自然人    法人或其他组织                      总计',
    '                                                        商业企业 科研机构 社会公益组织 法律服务机构 其他',
    ...APPLICATIONS_2021.slice(4, 24).map(spaced),
    ...other,
    ...APPLICATIONS_2021.slice(27).map(spaced),
  ];

  it('matches a row by the fragments only it prints when its label is interleaved with another, and says so', () => {
    const r = parseReport(donghu({ applications: pdfText }), 'donghu.txt');
    expectWhole(r);
    expect(findingSummary(r)).toEqual(['label_fragments@45 applications/other_no_fee']);
    expect(r.findings[0].message).toBe(
      'the label "息公开申请(六)其2、申请人逾期未按收费通知要他处理求缴纳费用、行政机关不再处理其政府信息公开申请" is not whole; taken as 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 (other_no_fee) by the fragments only it prints: "申请人逾期未按收费通知要", "求缴纳费用行政机"',
    );
  });

  it('never takes a short alias among interleaved pieces (其他 of (六)其他处理) for the row', () => {
    const contiguous = pdfText.map((l) =>
      l.replace('(六)其2、申请人逾期未按收费通知要他处理求', '(六)其他2、申请人逾期未按收费通知要处理求'),
    );
    const r = parseReport(donghu({ applications: contiguous }), 'donghu.txt');
    expectWhole(r);
    expect(findingSummary(r)).toEqual(['label_fragments@45 applications/other_no_fee']);
  });

  it('does not match by fragments that two rows print; the row is then placed only by its position, checked', () => {
    const garbled = pdfText.map((l) => l.replace('申请人逾期未按收费通知要他处理求缴纳费用、', '他处理'));
    const r = parseReport(donghu({ applications: garbled }), 'donghu.txt');
    expectWhole(r);
    expect(findingSummary(r)).toEqual(['filled_by_position@45 applications/other_no_fee']);
  });
});

describe('positional fill, checked by the consistency rules (issue 18 item 9)', () => {
  const numbers = (key: keyof typeof APPLICATIONS_ROWS) => APPLICATIONS_ROWS[key].map(String);
  const ROW_LABELS = APPLICATIONS_2021.slice(4).map((l) => l.split('\t').filter((c) => c && !/^\d+$/.test(c)));

  // Text in raw reading order, as some flip-book PDFs give it: the header columns out of order, every label of the
  // first columns, then the numbers row by row, one per line.
  const rawOrder = (rows: string[][]) => [
    APPLICATIONS_2021[0],
    '申请人情况',
    '总计',
    '自然人',
    '法人或其他组织',
    '商业企业',
    '科研机构',
    '社会公益组织',
    '法律服务机构',
    '其他',
    ...ROW_LABELS.flat(),
    ...rows.flat(),
  ];
  const keys = Object.keys(APPLICATIONS_ROWS) as (keyof typeof APPLICATIONS_ROWS)[];

  it('fills a table whose labels are all apart from its numbers by position, when every rule holds, with a finding', () => {
    const r = parseReport(donghu({ applications: rawOrder(keys.map(numbers)) }), 'donghu.txt');
    expectWhole(r);
    expect(findingSummary(r)).toEqual(['filled_by_position@- applications']);
    expect(r.findings[0].message).toBe(
      'the labels placed 0 of 25 rows; the table prints 175 numbers, 25 rows of 7: filled by position in the order of the format, and every consistency rule over them holds (7 balance, 25 row_total, 7 handled_sum)',
    );
  });

  it('fills nothing when the numbers are in another order (here column by column): the rules do not hold', () => {
    const byColumn = [0, 1, 2, 3, 4, 5, 6].map((c) => keys.map((k) => String(APPLICATIONS_ROWS[k][c])));
    const r = parseReport(donghu({ applications: rawOrder(byColumn) }), 'donghu.txt');
    expect(r.cells.filter((c) => c.table === 'applications')).toEqual([]);
    expect(r.findings.map((f) => f.code)).not.toContain('filled_by_position');
  });

  const garbled = (values: string) =>
    APPLICATIONS_2021.map((l) =>
      l.startsWith('\t\t2．没有现成信息需要另行制作') ? `\t\t2．渋有現戚信息需耍另行制作\t${values}` : l,
    );

  it('takes a single unrecognised row between two recognised neighbours as the one row missing there, when the rules hold', () => {
    const r = parseReport(donghu({ applications: garbled('1\t0\t0\t0\t0\t0\t1') }), 'donghu.txt');
    expectWhole(r);
    expect(findingSummary(r)).toEqual(['filled_by_position@37 applications/unable_needs_creation']);
    expect(r.findings[0].message).toBe(
      'the label "2.渋有現戚信息需耍另行制作" matches no row; it stands between 本机关不掌握相关政府信息 (unable_not_held) and 补正后申请内容仍不明确 (unable_unclear), where only 没有现成信息需要另行制作 (unable_needs_creation) is missing: filled there, and every consistency rule over it holds (8 equations)',
    );
  });

  const lost = (values: string) =>
    APPLICATIONS_2021.map((l) => (l.startsWith('\t\t4．保护第三方合法权益') ? `\t\t\t${values}` : l));

  it('takes a row whose label was lost by its position only when the rules hold over it', () => {
    const r = parseReport(donghu({ applications: lost('1\t0\t0\t0\t0\t0\t1') }), 'donghu.txt');
    expectWhole(r);
    expect(r.findings.map((f) => [f.code, f.row, f.message])).toEqual([
      [
        'label_missing',
        'denied_third_party',
        'a row with no label of its own ("") stands between 危及“三安全一稳定” (denied_security_stability) and 属于三类内部事务信息 (denied_internal_affairs), where one row is missing: taken as 保护第三方合法权益 (denied_third_party) by its position, and every consistency rule over it holds (8 equations)',
      ],
    ]);
    const broken = parseReport(donghu({ applications: lost('1\t0\t0\t0\t0\t0\t3') }), 'donghu.txt');
    expect(broken.cells.filter((c) => c.row === 'denied_third_party')).toEqual([]);
    expect(findingSummary(broken)).toEqual([
      'row_unrecognized@31 applications',
      'row_missing@- applications/denied_third_party',
    ]);
  });

  it('leaves that row out when the rules do not hold over it', () => {
    const r = parseReport(donghu({ applications: garbled('1\t0\t0\t0\t0\t0\t2') }), 'donghu.txt');
    expect(r.cells.filter((c) => c.row === 'unable_needs_creation')).toEqual([]);
    expect(findingSummary(r)).toEqual([
      'row_unrecognized@37 applications',
      'row_missing@- applications/unable_needs_creation',
    ]);
  });
});
