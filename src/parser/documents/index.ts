/** Bytes in, lines of a text view out, whatever the file is: routed by its content (sniff.ts). */
import { ParseError, toLines, type Line } from '../text';
import { finding, type Finding, type PageDate, type SourceKind } from '../types';
import { decodeText } from './encoding';
import { htmlLines, htmlPage, reportLines } from './html';
import { docxHtml } from './docx';
import { pdfLines } from './pdf';
import { megabytes, PARSE_LIMITS } from './limits';
import { asBuffer, sniff } from './sniff';

export interface Document {
  kind: SourceKind;
  encoding: string | null;
  lines: Line[];
  /** Web pages: the publication date the page states outside the report (its chrome), where it states one. */
  pageDate?: PageDate | null;
  /** What reading the file found wrong with it (a cut-off end). */
  findings: Finding[];
}

function decoded(
  bytes: Uint8Array,
  source: string,
  declared?: string,
): { text: string; encoding: string; findings: Finding[] } {
  const d = decodeText(bytes, source, declared);
  const findings = d.truncated
    ? [finding('file_truncated', 'the file ends in the middle of a UTF-8 character: it was cut off there', null)]
    : [];
  return { text: d.text, encoding: d.encoding, findings };
}

const CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i;

/** The charset a web page declares: trusted when its bytes are not UTF-8 (pages declaring UTF-8 wrongly are common). */
export const declaredCharset = (bytes: Uint8Array) =>
  CHARSET.exec(asBuffer(bytes.subarray(0, 4096)).toString('latin1'))?.[1].toLowerCase();

export { megabytes } from './limits';

const tooManyLines = (count: number, source: string) =>
  new ParseError(`too many lines for a report: ${count} (the limit is ${PARSE_LIMITS.lines})`, source);

/** Lines of a text, counted before they are made (a line costs far more than its characters). */
function lineCount(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** A text file (synchronous: nothing to convert). `charset`: the one its server declared, if any. */
export function textDocument(bytes: Uint8Array, source: string, charset?: string): Document {
  const { text, encoding, findings } = decoded(bytes, source, charset?.toLowerCase());
  const count = lineCount(text);
  if (count > PARSE_LIMITS.lines) throw tooManyLines(count, source);
  return { kind: 'text', encoding, lines: toLines(text), findings };
}

/** Elements that never enclose others, or whose end tag may be left out (a page of 10,000 unclosed <p> is flat). */
const NOT_NESTING = new Set(
  'area base br col embed hr img input link meta source track wbr p li dt dd tr td th thead tbody tfoot option optgroup rb rt rtc rp colgroup caption html head body'.split(
    ' ',
  ),
);

/** How deep a page's elements nest, as far as its tags tell (without parsing it: that is what may take long). */
function nestingDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    if (NOT_NESTING.has(m[2].toLowerCase()) || m[3]) continue;
    depth = m[1] ? Math.max(0, depth - 1) : depth + 1;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/** A converted document's lines, within the limit. */
function bounded(lines: Line[], source: string): Line[] {
  if (lines.length > PARSE_LIMITS.lines) throw tooManyLines(lines.length, source);
  return lines;
}

export interface ReadOptions {
  /** The charset a web server sent (Content-Type): taken where the page itself declares none. */
  charset?: string;
}

export async function readDocument(bytes: Uint8Array, source: string, opts: ReadOptions = {}): Promise<Document> {
  if (bytes.length === 0) throw new ParseError('empty file', source);
  const kind = sniff(bytes, source);
  if ((kind === 'text' || kind === 'html') && bytes.length > PARSE_LIMITS.textBytes) {
    throw new ParseError(
      `too large for a report: ${megabytes(bytes.length)} of ${kind === 'html' ? 'HTML' : 'text'} (the limit is ${megabytes(PARSE_LIMITS.textBytes)})`,
      source,
    );
  }
  switch (kind) {
    case 'text':
      return textDocument(bytes, source, opts.charset);
    case 'html': {
      const { text, encoding, findings } = decoded(
        bytes,
        source,
        declaredCharset(bytes) ?? opts.charset?.toLowerCase(),
      );
      const depth = nestingDepth(text);
      if (depth > PARSE_LIMITS.htmlDepth)
        throw new ParseError(
          `a web page nested ${depth} elements deep: not read (real pages nest under 100; the limit is ${PARSE_LIMITS.htmlDepth})`,
          source,
        );
      const page = htmlPage(text, source);
      return { kind, encoding, lines: reportLines(bounded(page.lines, source)), findings, pageDate: page.date };
    }
    case 'docx':
      return {
        kind,
        encoding: null,
        lines: reportLines(bounded(htmlLines(await docxHtml(bytes, source), source), source)),
        findings: [],
      };
    case 'pdf':
      return { kind, encoding: null, lines: bounded(await pdfLines(bytes, source), source), findings: [] };
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
