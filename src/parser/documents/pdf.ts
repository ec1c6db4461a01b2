/**
 * PDFs (with a text layer) as lines: pdfjs gives positioned text items; items on one baseline make a line, and a gap
 * wider than a character separates cells with spaces, as `pdftotext -layout` prints them, for the spaced layout.
 * Page numbers and running headers and footers are dropped; a table broken over pages simply continues.
 */
import path from 'node:path';
import { makeLine, ParseError, type Line } from '../text';
import { isPageNumber } from '../recognize';
import { PARSE_LIMITS } from './limits';

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

interface PageLine {
  y: number;
  size: number;
  items: Item[];
  /** The line as the spaced layout reads it (set once its items are in order). */
  text: string;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', { with: { 'resolution-mode': 'import' }});

let pdfjs: Promise<PdfJs> | undefined;
// pdfjs is an ES module; a dynamic import loads it from this CommonJS build (and only when a PDF comes).
const loadPdfJs = () => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

const PDFJS_DIR = path.dirname(require.resolve('pdfjs-dist/package.json'));

function group(items: Item[]): PageLine[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PageLine[] = [];
  for (const it of sorted) {
    const last = lines[lines.length - 1];
    // Cells of a row are centred vertically: a label and its numbers (in another font size) sit a point or two apart.
    if (last && Math.abs(last.y - it.y) <= 0.5 * Math.min(last.size, it.size)) last.items.push(it);
    else lines.push({ y: it.y, size: it.size, items: [it], text: '' });
  }
  for (const l of lines) {
    l.items.sort((a, b) => a.x - b.x);
    l.text = lineText(l.items);
  }
  return lines;
}

function lineText(items: Item[]): string {
  let out = '';
  let end = -Infinity;
  for (const it of items) {
    const gap = it.x - end;
    if (out && gap > 0.4 * it.size) out += '  ';
    out += it.str.trim();
    end = it.x + it.width;
  }
  return out;
}

const MARGIN = 0.08;

/** Page numbers, and text repeated at the top or bottom of most pages (running headers and footers). */
function chrome(pages: { lines: PageLine[]; height: number }[]): (l: PageLine, height: number) => boolean {
  const inMargin = (l: PageLine, height: number) => l.y < height * MARGIN || l.y > height * (1 - MARGIN);
  const counts = new Map<string, number>();
  const shape = (l: PageLine) => l.text.replace(/\d+/g, '#');
  for (const p of pages)
    for (const s of new Set(p.lines.filter((l) => inMargin(l, p.height)).map(shape)))
      counts.set(s, (counts.get(s) ?? 0) + 1);
  const repeated = (l: PageLine) => pages.length >= 2 && (counts.get(shape(l)) ?? 0) >= Math.max(2, pages.length / 2);
  return (l, height) => inMargin(l, height) && (isPageNumber(l.text, true) || repeated(l));
}

export async function pdfLines(bytes: Uint8Array, source: string): Promise<Line[]> {
  const { getDocument } = await loadPdfJs();
  let doc;
  try {
    doc = await getDocument({
      // pdfjs takes ownership of (and detaches) the buffer it is given: a copy keeps the caller's bytes intact.
      data: new Uint8Array(bytes),
      verbosity: 0,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      cMapUrl: path.join(PDFJS_DIR, 'cmaps') + path.sep,
      cMapPacked: true,
      standardFontDataUrl: path.join(PDFJS_DIR, 'standard_fonts') + path.sep,
    }).promise;
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'PasswordException') throw new ParseError('encrypted PDF: a password is needed to read it', source);
    throw new ParseError(`not a readable PDF (${(e as Error).message})`, source);
  }
  try {
    if (doc.numPages > PARSE_LIMITS.pdfPages)
      throw new ParseError(
        `${doc.numPages} pages: more than a report has (the limit is ${PARSE_LIMITS.pdfPages})`,
        source,
      );
    const deadline = Date.now() + PARSE_LIMITS.pdfMs;
    const pages: { lines: PageLine[]; height: number }[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      if (Date.now() >= deadline)
        throw new ParseError(
          `took longer than ${PARSE_LIMITS.pdfMs / 1000} s to read (stopped at page ${p} of ${doc.numPages})`,
          source,
        );
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const it of content.items) {
        if (!('str' in it) || !it.str.trim()) continue;
        const [a, b, , , x, y] = it.transform as number[];
        items.push({ str: it.str, x, y, width: it.width, size: Math.hypot(a, b) || it.height || 10 });
      }
      pages.push({ lines: group(items), height: page.view[3] - page.view[1] });
      page.cleanup();
    }
    if (pages.every((p) => p.lines.length === 0))
      throw new ParseError('scanned PDF: no text layer; OCR is not supported', source);
    const isChrome = chrome(pages);
    const lines: Line[] = [];
    pages.forEach((p, i) => {
      for (const l of p.lines)
        if (!isChrome(l, p.height)) lines.push(makeLine(lines.length + 1, l.text, { page: i + 1 }));
    });
    return lines;
  } finally {
    await doc.destroy();
  }
}
