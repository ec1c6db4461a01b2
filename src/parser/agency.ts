/** Who published the report and when: title, signature, region, administrative level. */
import type { LevelKey } from '../format';
import { ParseError, readNumber, squeeze, type Line } from './text';
import { finding, type AgencyInfo, type Finding } from './types';
import { DISCLOSURE, TITLE, yearlessTitle } from './recognize';
import type { Layout } from './sections';

export interface Title {
  /** The agency as the title names it; null where it names none ("2020年政府信息公开工作年度报告"). */
  name: string | null;
  /** null: the title names no year. */
  year: number | null;
}

/** The title lines as a report title: with its year, or without ("…街道办事处政府信息公开工作年度报告"); null if none. */
export function readTitle(title: Line[]): Title | null {
  const text = squeeze(title.map((l) => l.text).join(''));
  const m = TITLE.exec(text);
  const year = m ? readNumber(m[2]) : null;
  if (m && year !== null && /报告/.test(m[3])) {
    // "2020年湖塘乡政府信息公开工作年度报告" puts the agency after the year.
    return { name: m[1] || m[3].replace(DISCLOSURE, '') || null, year };
  }
  const yearless = title.find((l) => yearlessTitle(l.text));
  if (yearless) return { name: squeeze(yearless.text).replace(DISCLOSURE, '') || null, year: null };
  return null;
}

/** Why a text with no report title is refused (when no table says it is a report either). */
export function notATitle(title: Line[], source: string): ParseError {
  const text = squeeze(title.map((l) => l.text).join(''));
  return new ParseError(
    `not an annual report: no title naming a year and 报告 before the first section (found "${text.slice(0, 60)}")`,
    source,
    title[0]?.no,
  );
}

const PERIOD = /自?(\d{4})年1月1日起?(?:至|到|—|-|~)(?:(\d{4})年)?12月31日止?/;
const YEAR_OF = /(\d{4})年度/;
const OPENING_YEAR = /^(\d{4})年/;
const plausible = (y: number) => y >= 2000 && y <= 2100;

/**
 * The year of a report whose title names none, from what its text says, most explicit first: the reporting period
 * (自2022年1月1日起至2022年12月31日止), a year opening the overview or named as 2022年度, the closing date minus one.
 */
export function yearFromBody(layout: Layout): { year: number; finding: Finding } | null {
  const candidates: { year: number; how: string; line: number | null }[] = [];
  const text = [...layout.intro, ...(layout.sections.get('overview')?.lines ?? [])];
  for (const l of text) {
    const m = PERIOD.exec(squeeze(l.text));
    if (m && (!m[2] || m[2] === m[1]))
      candidates.push({ year: Number(m[1]), how: `the reporting period "${m[0]}" (line ${l.no})`, line: l.no });
  }
  const opening = layout.sections.get('overview')?.lines.find((l) => l.text.trim());
  const o = opening && OPENING_YEAR.exec(squeeze(opening.text));
  if (opening && o)
    candidates.push({
      year: Number(o[1]),
      how: `"${o[0]}" opening the overview (line ${opening.no})`,
      line: opening.no,
    });
  for (const l of text) {
    const m = YEAR_OF.exec(squeeze(l.text));
    if (m) candidates.push({ year: Number(m[1]), how: `"${m[0]}" (line ${l.no})`, line: l.no });
  }
  if (layout.date) {
    const year = Number(layout.date.iso.slice(0, 4)) - 1;
    candidates.push({ year, how: `the closing date ${layout.date.iso}, minus one year`, line: layout.date.line.no });
  }
  const [best, ...others] = candidates.filter((c) => plausible(c.year));
  if (!best) return null;
  const disagreeing = others.find((c) => c.year !== best.year);
  const but = disagreeing ? `; ${disagreeing.how.replace(/, minus one year$/, '')} would say ${disagreeing.year}` : '';
  return {
    year: best.year,
    finding: finding(
      'year_from_body',
      `the title names no year; ${best.year} is taken from ${best.how}${but}`,
      best.line,
    ),
  };
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

/**
 * The agency: named by the title, its issuing body by the signature where that names the same agency; a report with
 * no title is the signature's (with a finding), and one that names its agency nowhere is refused.
 */
export function readAgency(
  title: Title | null,
  signature: Line | null,
  source: string,
): { agency: AgencyInfo; findings: Finding[] } {
  const signed = signature ? squeeze(signature.text) : null;
  const findings: Finding[] = [];
  let name = title?.name ?? null;
  if (!name) {
    if (!signed)
      throw new ParseError(
        'not an annual report: no title names the agency and no signature closes the report',
        source,
      );
    name = signed;
    findings.push(
      finding(
        'title_missing',
        title
          ? `the title names no agency; the agency is taken from the signature "${signed}"`
          : `no title naming the report before the first section; the agency is taken from the signature "${signed}"`,
        null,
      ),
    );
  }
  // A signature is the issuing body only when it names the agency of the title.
  const fullName = signed?.includes(name) ? signed : name;
  return {
    agency: { name, fullName, region: regionOf(fullName), level: levelOf(fullName) ?? levelOf(name) },
    findings,
  };
}
