/** Who published the report and when: title, signature, and the division and organ they name. */
import { resolveAgency } from '../divisions/resolve';
import { ParseError, readNumber, squeeze, type Line } from './text';
import { finding, type AgencyInfo, type Finding } from './types';
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

/** Everything the report tells about its publisher, resolved to a division of the gazetteer and an organ of it. */
export interface AgencyContext {
  title: Line[];
  signature: Line | null;
  /** The report's narrative: place names in it can tell namesakes apart. */
  text: string;
  source: string;
}

export function readAgency(title: Title, at: AgencyContext): { agency: AgencyInfo; finding: Finding | null } {
  const signed = at.signature ? squeeze(at.signature.text) : null;
  // A signature is the issuing body only when it names the agency of the title.
  const fullName = signed?.includes(title.name) ? signed : title.name;
  const r = resolveAgency({
    name: title.name,
    fullName,
    title: at.title.map((l) => l.text).join(''),
    signature: signed,
    text: at.text,
    source: at.source,
  });
  const line = (fullName === signed ? at.signature?.no : at.title[0]?.no) ?? null;
  return {
    agency: {
      name: title.name,
      fullName,
      divisionCode: r.divisionCode,
      organ: r.organ,
      level: r.level,
      candidates: r.candidates,
    },
    finding: r.problem ? finding(r.problem.code, r.problem.message, line) : null,
  };
}
