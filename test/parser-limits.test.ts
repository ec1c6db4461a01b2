/**
 * Parser limits (issue 13, item 6): what one file may cost is bounded — a Word file's unzipped size and ratio checked
 * before it is unzipped, web-page depth and spans, lines, PDF pages and time — and past a bound the file is refused
 * with a ParseError naming it (the parser throws nothing else). Reproductions that would take gigabytes at the real
 * limits are made small by lowering the limits for the test.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { renderDocx } from '../src/generate/documents';
import { generateReport, rng } from '../src/generate/model';
import { PARSE_LIMITS } from '../src/parser/documents/limits';
import { partBytes, zipParts } from '../src/parser/documents/zip';
import { parseFile } from '../src/parser/parse';
import { ParseError } from '../src/parser/text';
import { textPdf, zipFile } from './helpers/documents';

const DEFAULTS = { ...PARSE_LIMITS };
afterEach(() => Object.assign(PARSE_LIMITS, DEFAULTS));

const SEED = readFileSync('data/reports/004_c95910d04a7fd181.txt', 'utf8');
const PAGE = readFileSync('data/published/shuyang-fgj-2023.html', 'utf8');

/** The parse's outcome: a ParseError's message, or the report; never any other error. */
async function outcome(bytes: Buffer, source: string) {
  try {
    return await parseFile(bytes, source);
  } catch (e) {
    expect(e, String((e as Error).stack)).toBeInstanceOf(ParseError);
    return (e as Error).message;
  }
}

/** A generated Word report with its document.xml padded by `paragraphs` empty paragraphs (and zipped again). */
async function paddedDocx(paragraphs: number): Promise<Buffer> {
  const random = rng(3);
  const docx = await renderDocx(generateReport(random, {}), random);
  const parts = zipParts(docx)!.map((p) => ({ name: p.name, bytes: partBytes(docx, p)! }));
  const body = parts.find((p) => p.name === 'word/document.xml')!;
  body.bytes = Buffer.from(body.bytes.toString('utf8').replace('<w:body>', `<w:body>${'<w:p/>'.repeat(paragraphs)}`));
  return zipFile(parts);
}

describe('Word files are checked before they are unzipped', () => {
  it('one whose document.xml unzips past the limit is refused, by its declared size', async () => {
    PARSE_LIMITS.docxUnzippedBytes = 2 * 1024 * 1024;
    const bomb = await paddedDocx(500_000); // 3 MB of XML in a few kB
    expect(bomb.length).toBeLessThan(100_000);
    expect(await outcome(bomb, 'bomb.docx')).toMatch(/^bomb\.docx: a Word file that unzips to more than 2\.0 MB/);
  });

  it('one part zipped far tighter than XML ever is (a zip bomb) is refused by its ratio', async () => {
    expect(await outcome(await paddedDocx(500_000), 'ratio.docx')).toMatch(
      /^ratio\.docx: a Word file with a part \(word\/document\.xml\) zipped \d+ times smaller/,
    );
  });

  it('one whose parts hold more than they declare is refused, having unzipped no more than declared', async () => {
    const docx = await paddedDocx(10);
    const parts = zipParts(docx)!;
    const body = parts.find((p) => p.name === 'word/document.xml')!;
    // The central directory declares 100 bytes for document.xml: a lie mammoth (JSZip) would not check.
    const lying = Buffer.from(docx);
    const entry = lying.indexOf(Buffer.from('word/document.xml'), lying.length - 2000) - 46;
    lying.writeUInt32LE(100, entry + 24);
    expect(body.unzippedSize).toBeGreaterThan(100);
    expect(await outcome(lying, 'lying.docx')).toMatch(
      /^lying\.docx: not a readable Word \.docx file: .*word\/document\.xml/,
    );
  });

  it('a Word file within the limits reads as before', async () => {
    const report = await outcome(await paddedDocx(100), 'fine.docx');
    expect(typeof report === 'string' ? report : report.cells.length).toBeGreaterThan(150);
  });
});

describe('web pages', () => {
  const nested = (depth: number) =>
    Buffer.from(
      PAGE.replace('<body>', `<body>${'<div>'.repeat(depth)}`).replace('</body>', `${'</div>'.repeat(depth)}</body>`),
    );

  it('nested 20,000 elements deep: refused before parsing (which alone would take seconds)', async () => {
    expect(await outcome(nested(20_000), 'deep.html')).toMatch(/^deep\.html: a web page nested 200\d\d elements deep/);
  });

  it('nested 8,000 deep with the depth limit raised past it: read without running out of stack, the same cells', async () => {
    PARSE_LIMITS.htmlDepth = 10_000;
    const plain = await outcome(Buffer.from(PAGE), 'page.html');
    const deep = await outcome(nested(8000), 'deep.html');
    expect(typeof plain).toBe('object');
    expect(typeof deep === 'string' ? deep : deep.cells).toEqual(typeof plain === 'string' ? plain : plain.cells);
  });

  it('a cell spanning 65,534 rows and 1,000 columns is refused by the grid limit, not expanded', async () => {
    PARSE_LIMITS.gridCells = 50_000;
    const rows = Array.from({ length: 2000 }, (_, i) => `<tr><td>${i}</td></tr>`).join('');
    const html = `<html><body><p>2023年政府信息公开工作年度报告</p><table><tr><td rowspan="65534" colspan="1000">1</td></tr>${rows}</table></body></html>`;
    expect(await outcome(Buffer.from(html), 'spans.html')).toMatch(
      /^spans\.html: tables too large for a report: more than 50000 cells/,
    );
  });
});

describe('text', () => {
  it('150,000 value rows in a table: no stack overflow (RangeError); refused by the line limit', async () => {
    const rows = '0\t0\t0\t0\t0\t0\t0\n'.repeat(150_000);
    const long = SEED.replace('四、结转下年度继续办理', `${rows}四、结转下年度继续办理`);
    expect(await outcome(Buffer.from(long), 'long.txt')).toMatch(/^long\.txt: too many lines for a report: 1500\d\d /);
    // And with the limit raised past them, read whole: every row a finding, none of it a crash.
    PARSE_LIMITS.lines = 200_000;
    const report = await outcome(Buffer.from(long), 'long.txt');
    expect(typeof report === 'string' ? report : report.findings.length).toBeGreaterThan(1000);
  });
});

describe('PDF', () => {
  const pdf = (pages: number) =>
    textPdf(
      Array.from({ length: pages }, (_, i) => [`line ${i}`]),
      'header',
    );

  it('more pages than the limit: refused before any page is read', async () => {
    PARSE_LIMITS.pdfPages = 50;
    expect(await outcome(pdf(200), 'many.pdf')).toBe('many.pdf: 200 pages: more than a report has (the limit is 50)');
  });

  it('reading pages past the time limit: refused, naming the page it stopped at', async () => {
    PARSE_LIMITS.pdfMs = 0;
    expect(await outcome(pdf(20), 'slow.pdf')).toMatch(
      /^slow\.pdf: took longer than 0 s to read \(stopped at page \d+ of 20\)/,
    );
  });
});
