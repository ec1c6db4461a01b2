/** Bytes in, lines of a text view out, whatever the file is: routed by its content (sniff.ts). */
import { ParseError, toLines, type Line } from '../text';
import type { PageDate, SourceKind } from '../types';
import { decodeText } from './encoding';
import { htmlLines, htmlPage, reportLines } from './html';
import { docxHtml } from './docx';
import { pdfLines } from './pdf';
import { asBuffer, sniff } from './sniff';

export interface Document {
  kind: SourceKind;
  encoding: string | null;
  lines: Line[];
  /** Web pages: the publication date the page states outside the report (its chrome), where it states one. */
  pageDate?: PageDate | null;
}

const CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i;

/** The charset a web page declares: trusted when its bytes are not UTF-8 (pages declaring UTF-8 wrongly are common). */
export const declaredCharset = (bytes: Uint8Array) =>
  CHARSET.exec(asBuffer(bytes.subarray(0, 4096)).toString('latin1'))?.[1].toLowerCase();

/** Text and web pages larger than this are refused: the longest real reports are well under 1 MB of text. */
export const MAX_TEXT_BYTES = 32 * 1024 * 1024;

export const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** A text file (synchronous: nothing to convert). `charset`: the one its server declared, if any. */
export function textDocument(bytes: Uint8Array, source: string, charset?: string): Document {
  const { text, encoding } = decodeText(bytes, source, charset?.toLowerCase());
  return { kind: 'text', encoding, lines: toLines(text) };
}

export interface ReadOptions {
  /** The charset a web server sent (Content-Type): taken where the page itself declares none. */
  charset?: string;
}

export async function readDocument(bytes: Uint8Array, source: string, opts: ReadOptions = {}): Promise<Document> {
  if (bytes.length === 0) throw new ParseError('empty file', source);
  const kind = sniff(bytes, source);
  if ((kind === 'text' || kind === 'html') && bytes.length > MAX_TEXT_BYTES) {
    throw new ParseError(
      `too large for a report: ${megabytes(bytes.length)} of ${kind === 'html' ? 'HTML' : 'text'} (the limit is ${megabytes(MAX_TEXT_BYTES)})`,
      source,
    );
  }
  switch (kind) {
    case 'text':
      return textDocument(bytes, source, opts.charset);
    case 'html': {
      const { text, encoding } = decodeText(bytes, source, declaredCharset(bytes) ?? opts.charset?.toLowerCase());
      const page = htmlPage(text);
      return { kind, encoding, lines: reportLines(page.lines), pageDate: page.date };
    }
    case 'docx':
      return { kind, encoding: null, lines: reportLines(htmlLines(await docxHtml(bytes, source))) };
    case 'pdf':
      return { kind, encoding: null, lines: await pdfLines(bytes, source) };
    case 'doc':
      throw new ParseError('old binary Word file (.doc): not supported; save it as .docx or PDF', source);
    case 'xls':
      throw new ParseError(
        'an Excel workbook (.xls): not a report; reports are read from text, web pages, .docx or PDF',
        source,
      );
    case 'ppt':
      throw new ParseError(
        'a PowerPoint file (.ppt): not a report; reports are read from text, web pages, .docx or PDF',
        source,
      );
    case 'ole':
      throw new ParseError('an Office 97–2003 file of unknown kind: not supported; save it as .docx or PDF', source);
    case 'zip':
      throw new ParseError('a ZIP archive that is not a Word .docx file', source);
    case 'image':
      throw new ParseError('an image: a scanned report has no text layer; OCR is not supported', source);
  }
}
