/**
 * Text files in whatever encoding agencies saved them: UTF-8, UTF-16 (with or without a byte-order mark), GBK/GB18030,
 * Big5. Valid UTF-8 is taken as UTF-8 (a GBK file is almost never valid UTF-8), also when only its last character is
 * cut short (a download that stopped); otherwise chardet guesses and iconv-lite decodes, and the guess is reported when
 * it is not a Chinese encoding — the text will then not read as a report.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ParseError } from '../text';
import { asBuffer } from './sniff';

export interface Decoded {
  text: string;
  /** The encoding the text was read in, as iconv-lite names it. */
  encoding: string;
  /** UTF-8 cut off in the middle of its last character (a download that stopped): that character was dropped. */
  truncated?: boolean;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** How many bytes at the end start a UTF-8 character that the file does not finish (0 when none does). */
function unfinishedTail(bytes: Uint8Array): number {
  for (let k = 1; k <= Math.min(3, bytes.length); k++) {
    const b = bytes[bytes.length - k];
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > k ? k : 0;
  }
  return 0;
}

/** The bytes as UTF-8 when they are, or are but for a last character cut short; null when they are not UTF-8. */
function utf8(bytes: Uint8Array): Decoded | null {
  try {
    return { text: UTF8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8, or cut off in the middle of a character: tried below
  }
  const cut = unfinishedTail(bytes);
  if (cut === 0) return null;
  try {
    return { text: UTF8.decode(bytes.subarray(0, bytes.length - cut)), encoding: 'utf-8', truncated: true };
  } catch {
    return null;
  }
}

/** Where a file without a byte-order mark is UTF-16: NUL high bytes of ASCII characters on one side. */
function utf16Without(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  // CJK characters have NUL bytes too (一 is U+4E00), but far fewer than the ASCII digits and line ends of a report.
  if (odd > pairs / 10 && even < odd / 4) return 'utf-16le';
  if (even > pairs / 10 && odd < even / 4) return 'utf-16be';
  return null;
}

// Encodings a Chinese report can be in; anything else chardet names is a guess the parser will not trust.
const CHINESE = new Set(['gb18030', 'gbk', 'gb2312', 'big5']);

/** `declared`: the charset a web page names, taken over chardet's guess where it is a Chinese encoding. */
export function decodeText(bytes: Uint8Array, source: string, declared?: string): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const decoded = utf8(bytes.subarray(3));
    if (!decoded) throw new ParseError('not valid UTF-8 after its UTF-8 byte-order mark', source);
    return decoded;
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: iconv.decode(asBuffer(bytes.subarray(2)), 'utf-16le'), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: iconv.decode(asBuffer(bytes.subarray(2)), 'utf-16be'), encoding: 'utf-16be' };
  const wide = utf16Without(bytes);
  if (wide) return { text: iconv.decode(asBuffer(bytes), wide), encoding: wide };
  if (bytes.includes(0)) throw new ParseError('binary file (NUL bytes), not a text report', source);
  const decoded = utf8(bytes);
  if (decoded) return decoded;
  let encoding = declared && CHINESE.has(declared) ? declared : undefined;
  if (!encoding) {
    // chardet ranks candidates; a Chinese one that is not far behind is taken (short GBK texts also look like EUC-KR).
    const ranked = chardet.analyse(bytes);
    const chinese = ranked.find((m) => CHINESE.has(m.name.toLowerCase()));
    if (!chinese || chinese.confidence < 20) {
      const top = ranked[0]
        ? `${ranked[0].name}, ${ranked[0].confidence}% as guessed by chardet`
        : 'chardet has no guess';
      throw new ParseError(
        `text in an unexpected encoding (${top}): neither UTF-8, UTF-16 nor a Chinese encoding (GBK/GB18030, Big5)`,
        source,
      );
    }
    encoding = chinese.name.toLowerCase();
  }
  // GB18030 is a superset of GBK and GB2312: decoding in it never loses a character the others have.
  if (encoding !== 'big5') encoding = 'gb18030';
  return { text: iconv.decode(asBuffer(bytes), encoding), encoding };
}
