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
import { parseFile, parseReport, parseText } from '../src/parser/parse';
import { readValue } from '../src/parser/values';
import { expectTable, findingSummary } from './helpers/tables';

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
  ])('refuses %s in a count cell: %s', (_, text, why) => {
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
