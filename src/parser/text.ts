/** Decoding bytes and normalizing text. Every later stage works on `Line`s, which keep their 1-based source line. */

export class ParseError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly line?: number,
  ) {
    super(`${source}${line !== undefined ? `:${line}` : ''}: ${message}`);
    this.name = 'ParseError';
  }
}

export interface Line {
  /** 1-based line number in the source file. */
  no: number;
  /** The line as printed (BOM, CR and form feeds removed). */
  raw: string;
  /** NFKC-normalized, every kind of space folded to an ASCII space, tabs kept. */
  text: string;
  /** PDF: the page the line is printed on (1-based). */
  page?: number;
  /** HTML and Word: a table row as its grid cells (the line's raw is them joined by tabs). */
  cells?: GridCell[];
}

/** Where a cell of an HTML or Word table stands: table of the document, row and column of its grid (all 1-based). */
export interface GridPosition {
  table: number;
  row: number;
  column: number;
}

export interface GridCell {
  raw: string;
  at: GridPosition;
}

// Non-breaking, ideographic and other Unicode spaces that NFKC leaves alone or maps inconsistently.
const SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200b\ufeff]/g;

// The minus sign (U+2212) that NFKC keeps: "−18" in a 本年增/减 column is -18, as "－18" (full-width) already is.
const MINUS = /\u2212/g;

export function normalizeText(s: string): string {
  return s.normalize('NFKC').replace(SPACES, ' ').replace(MINUS, '-');
}

/** A line of a converted document (HTML, Word, PDF), numbered by its place in the document's text view. */
export function makeLine(no: number, raw: string, extra: Pick<Line, 'page' | 'cells'> = {}): Line {
  return { no, raw, text: normalizeText(raw), ...extra };
}

export function toLines(content: string): Line[] {
  const body = content.replace(/^\ufeff/, '');
  return body.split(/\r\n|\r|\n/).map((raw, i) => {
    const printed = raw.replace(/\f/g, '');
    return { no: i + 1, raw: printed, text: normalizeText(printed) };
  });
}

/** Removes every space: labels are compared without them ("商业 企业", "结果 维持"). */
export function squeeze(s: string): string {
  return normalizeText(s).replace(/\s+/g, '');
}

const CN_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  O: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Reads a number written in Arabic digits or Chinese numerals (二〇二四, 十二, 二十三). */
export function readNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[〇零O一二三四五六七八九十]+$/.test(s)) return null;
  if (s.includes('十')) {
    const [tens, ones] = s.split('十');
    return (tens ? CN_DIGITS[tens] : 1) * 10 + (ones ? CN_DIGITS[ones] : 0);
  }
  return Number([...s].map((c) => CN_DIGITS[c]).join(''));
}

/** Appends items one by one: push(...items) passes each as an argument, and some 100,000 of them overflow the stack. */
export function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
