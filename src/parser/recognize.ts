/**
 * What a single line or cell is: a section heading, a title, a closing date, a value. The document readers use these
 * to cut a page down to the report and to tell data tables from layout tables; the later stages use them to split
 * sections and lay out cells. They sit below both so that imports point one way.
 */
import { SECTIONS, type SectionKey } from '../format';
import { readNumber, squeeze, type Line } from './text';

export const TITLE = /^(.*?)(\d{4}|[〇零O一二三四五六七八九]{4})年度?(.*)$/;

/** Whether a text reads as a report title (a year, then 报告); `yearFirst` when nothing stands before the year. */
export function titleLike(text: string): { yearFirst: boolean } | null {
  const m = TITLE.exec(squeeze(text));
  return m && readNumber(m[2]) !== null && /报告/.test(m[3]) ? { yearFirst: m[1] === '' } : null;
}

/** The words that name what a report is about: what a title holds before 报告, and what follows the agency's name. */
export const DISCLOSURE = /(政府信息公开|政务公开|信息公开).*$/;

/** A report title that names no year ("…街道办事处政府信息公开工作年度报告"): the agency, then 公开…报告. */
export const yearlessTitle = (text: string): boolean => {
  const s = squeeze(text);
  return s.length <= MAX_TITLE_LINE && /报告$/.test(s) && DISCLOSURE.test(s) && !TITLE.test(s);
};

// 四、 (四) 4. 第四部分 Ⅳ. (IV after NFKC): every way a section is numbered.
const NUMBERING =
  /^(?:第?[一二三四五六七八九十]+(?:部分|章)?[、.．:：]?|\(?[一二三四五六七八九十]+\)|\d+[、.．]|[IVX]+[、.．])/;
export const MAX_HEADING = 40;

/** Whether a line starts with a section's numbering (四、 (四) 4. 第四部分 Ⅳ.). */
export const isNumbered = (text: string) => NUMBERING.test(squeeze(text));

export function sectionOf(line: Line): SectionKey | null {
  const s = squeeze(line.text)
    .replace(NUMBERING, '')
    .replace(/[:：。]$/, '');
  if (s.length === 0 || s.length > MAX_HEADING) return null;
  return SECTIONS.find((d) => d.headings.some((h) => h.test(s)))?.key ?? null;
}

const DATE =
  /^(\d{4}|[〇零O一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日$/;

export function readDate(text: string): string | null {
  const m = DATE.exec(squeeze(text));
  if (!m) return null;
  const [y, mo, d] = [readNumber(m[1]), readNumber(m[2]), readNumber(m[3])];
  if (y === null || mo === null || d === null || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A title line is no longer than this (squeezed); a longer line before the first section is body text. */
export const MAX_TITLE_LINE = 60;

/**
 * A cell that holds a value: numbers, a unit, signs and the spaces and zeros of garbled cells. Written so that a
 * long line that is not a value fails in linear time (the form "[\d\s]*\d[\d\s]*" took 3 s on an 80 kB line of "0 ").
 */
export const VALUE_CELL = /^[+-]?(?=[\d\s.,]*\d)[\d\s.,]+(?:万元|元)?$/;

/** Dashes, slashes and 无 ("none") print "nothing to report": a blank, never 0. */
export const BLANK_MARK = /^(?:[-—–/／\\]+|无)$/;

export function isValueText(text: string): boolean {
  return text === '' || VALUE_CELL.test(text) || BLANK_MARK.test(text);
}

/**
 * A page number printed on a line of its own: "— 3 —", "第3页", "第3页 共9页", "3/9" and, where the reader knows the line
 * stands in a page margin (PDF), a bare "3". One pattern for the document readers and the layout stage, so that a page
 * number dropped by one is never read as a value by the other.
 */
const DECORATED_PAGE_NUMBER = /^(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+)$/;

export function isPageNumber(text: string, inMargin = false): boolean {
  const t = text.trim();
  return DECORATED_PAGE_NUMBER.test(t) || (inMargin && /^\d+$/.test(t));
}
