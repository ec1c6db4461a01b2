/** Who published the report and when: title, signature, region, administrative level. */
import type { LevelKey } from '../format';
import { ParseError, readNumber, squeeze, type Line } from './text';
import type { AgencyInfo } from './types';
import { TITLE } from './recognize';

export interface Title {
  name: string;
  year: number;
}

export function readTitle(title: Line[], source: string): Title {
  const text = squeeze(title.map((l) => l.text).join(''));
  const m = TITLE.exec(text);
  const year = m ? readNumber(m[2]) : null;
  if (!m || year === null || !/报告/.test(m[3])) {
    throw new ParseError(
      `not an annual report: no title naming a year and 报告 before the first section (found "${text.slice(0, 60)}")`,
      source,
      title[0]?.no,
    );
  }
  // "2020年湖塘乡政府信息公开工作年度报告" puts the agency after the year.
  const name = m[1] || m[3].replace(/(政府信息公开|政务公开|信息公开).*$/, '');
  if (!name) throw new ParseError('the title names no agency', source, title[0]?.no);
  return { name, year };
}

// Administrative units that can stand before an agency's own name: 省, 市, 州, 县, 区, 旗 ...
const REGION_UNIT = /^(.{2,12}?(?:自治区|自治州|自治县|特别行政区|省|市|州|盟|地区|县|区|旗))/;
const TOWNSHIP_SUFFIX = /^(乡|镇|街道|苏木)/;

/** The place names at the head of a full name: 丰城市湖塘乡人民政府 → 丰城市, 湛河区政府办公室 → 湛河区. */
export function regionOf(fullName: string): string | null {
  let rest = fullName;
  let region = '';
  for (;;) {
    const m = REGION_UNIT.exec(rest);
    // 新市镇 is a township, not the region 新市.
    if (!m || TOWNSHIP_SUFFIX.test(rest.slice(m[1].length)) || rest.length === m[1].length) break;
    region += m[1];
    rest = rest.slice(m[1].length);
    if (!REGION_UNIT.test(rest)) break;
  }
  return region || null;
}

export function levelOf(fullName: string): LevelKey | null {
  const n = fullName.replace(/(人民政府|政府)$/, '');
  if (/(办公室|办公厅|局|委员会|委|厅|中心|办|院|署|站|所|队|管委会)$/.test(n)) return 'department';
  if (/(乡|镇|街道|街道办事处|办事处|苏木)$/.test(n)) return 'township';
  if (/(省|自治区)$/.test(n)) return 'province';
  if (/(县|区|旗|自治县)$/.test(n)) return 'county';
  if (/(市|州|盟|地区)$/.test(n)) {
    // A city named after another (宜春市丰城市) is a county-level city.
    return regionOf(n) && regionOf(n) !== n ? 'county' : 'city';
  }
  return null;
}

export function readAgency(title: Title, signature: Line | null): AgencyInfo {
  const signed = signature ? squeeze(signature.text) : null;
  // A signature is the issuing body only when it names the agency of the title.
  const fullName = signed?.includes(title.name) ? signed : title.name;
  return { name: title.name, fullName, region: regionOf(fullName), level: levelOf(fullName) ?? levelOf(title.name) };
}
