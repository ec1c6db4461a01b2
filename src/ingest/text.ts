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
}

/** Decodes a text file: UTF-8 (with or without BOM), UTF-16 with BOM, otherwise GB18030 (a superset of GBK). */
export function decode(bytes: Uint8Array, source: string): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.includes(0)) throw new ParseError('binary file (NUL bytes), not a text report', source);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

// Non-breaking, ideographic and other Unicode spaces that NFKC leaves alone or maps inconsistently.
const SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200b\ufeff]/g;

export function normalizeText(s: string): string {
  return s.normalize('NFKC').replace(SPACES, ' ');
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

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, O: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

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
