/** What kind of document a file is, by its first bytes (the extension is only a tie-breaker between text and HTML). */

export type DocumentKind = 'text' | 'html' | 'docx' | 'pdf' | 'doc' | 'xls' | 'ppt' | 'ole' | 'zip' | 'image';

/** The bytes as a Buffer without copying them (a whole file can be large). */
export const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const startsWith = (bytes: Uint8Array, magic: number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // .doc, .xls, .wps: Compound File Binary
const IMAGES = [
  [0x89, 0x50, 0x4e, 0x47],
  [0xff, 0xd8, 0xff],
  [0x47, 0x49, 0x46, 0x38],
  [0x49, 0x49, 0x2a, 0x00],
  [0x4d, 0x4d, 0x00, 0x2a],
];

/**
 * Office 97–2003 files share one container (Compound File Binary); the name of the main stream in its directory,
 * stored in UTF-16LE, tells Word from Excel and PowerPoint.
 */
function oleKind(bytes: Buffer): DocumentKind {
  const has = (name: string) => bytes.includes(Buffer.from(name, 'utf16le'));
  if (has('WordDocument')) return 'doc';
  if (has('Workbook') || has('Book')) return 'xls';
  if (has('PowerPoint Document')) return 'ppt';
  return 'ole';
}

const HTML_START = /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|table|div|p)\b/i;

export function sniff(bytes: Uint8Array, fileName: string): DocumentKind {
  // A PDF may carry junk before its header (the spec allows 1024 bytes).
  const head = asBuffer(bytes.subarray(0, 1024));
  if (startsWith(bytes, PDF) || head.includes('%PDF-')) return 'pdf';
  if (startsWith(bytes, ZIP)) return asBuffer(bytes).includes('word/document.xml') ? 'docx' : 'zip';
  if (startsWith(bytes, OLE)) return oleKind(asBuffer(bytes));
  if (IMAGES.some((m) => startsWith(bytes, m))) return 'image';
  // Markup is ASCII: a look at the first bytes decoded as Latin-1 tells, whatever the encoding of the rest.
  const text = head.toString('latin1').replace(/^\ufeff|^\xef\xbb\xbf/, '');
  if (HTML_START.test(text) || (/\.(s?html?|xhtml)$/i.test(fileName) && /<[a-z!]/i.test(text))) return 'html';
  return 'text';
}
