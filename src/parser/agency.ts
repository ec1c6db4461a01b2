/** Who published the report and when: title, signature, and the division and organ they name. */
import { resolveAgency } from '../divisions/resolve';
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

/** Everything the report tells about its publisher, resolved to a division of the gazetteer and an organ of it. */
export interface AgencyContext {
  title: Line[];
  signature: Line | null;
  /** The report's narrative: place names in it can tell namesakes apart. */
  text: string;
  source: string;
}

/**
 * The agency: named by the title, its issuing body by the signature where that names the same agency; a report with
 * no title is the signature's (with a finding), and one that names its agency nowhere is refused. Its division and
 * organ come from the gazetteer (src/divisions), with a finding where the report does not tell which.
 */
export function readAgency(title: Title | null, at: AgencyContext): { agency: AgencyInfo; findings: Finding[] } {
  const signed = at.signature ? squeeze(at.signature.text) : null;
  const findings: Finding[] = [];
  let name = title?.name ?? null;
  if (!name) {
    if (!signed)
      throw new ParseError(
        'not an annual report: no title names the agency and no signature closes the report',
        at.source,
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
  const r = resolveAgency({
    name,
    fullName,
    title: at.title.map((l) => l.text).join(''),
    signature: signed,
    text: at.text,
    source: at.source,
  });
  const line = (fullName === signed ? at.signature?.no : at.title[0]?.no) ?? null;
  if (r.problem) findings.push(finding(r.problem.code, r.problem.message, line));
  return {
    agency: {
      name,
      fullName,
      divisionCode: r.divisionCode,
      organ: r.organ,
      level: r.level,
      candidates: r.candidates,
    },
    findings,
  };
}
