/** Telling what a file is and reading it as lines: encodings, kinds, PDF page chrome, and the errors for what cannot be read. */
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../src/parser/documents';
import { decodeText } from '../src/parser/documents/encoding';
import { sniff } from '../src/parser/documents/sniff';
import { parseFile } from '../src/parser/parse';
import { officeFile, oldWordDoc, scannedPdf, textPdf } from './helpers/documents';

const seed = readFileSync('data/reports/004_c95910d04a7fd181.txt', 'utf8');

describe('text encodings', () => {
  it.each([
    ['utf-8', Buffer.from(seed, 'utf8'), 'utf-8'],
    ['utf-8 with a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seed)]), 'utf-8'],
    [
      'utf-16le with a byte-order mark',
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(seed, 'utf-16le')]),
      'utf-16le',
    ],
    [
      'utf-16be with a byte-order mark',
      Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(seed, 'utf-16be')]),
      'utf-16be',
    ],
    ['utf-16le without one', iconv.encode(seed, 'utf-16le'), 'utf-16le'],
    ['utf-16be without one', iconv.encode(seed, 'utf-16be'), 'utf-16be'],
    ['gbk', iconv.encode(seed, 'gbk'), 'gb18030'],
    ['gb18030', iconv.encode(seed, 'gb18030'), 'gb18030'],
    ['big5', iconv.encode(seed, 'big5'), 'big5'],
  ])('reads %s', (_, bytes, encoding) => {
    const d = decodeText(bytes, 'r.txt');
    expect(d.encoding).toBe(encoding);
    // Big5 has no simplified characters: only the text's traditional-compatible part survives, so compare a line of digits.
    if (encoding === 'big5') expect(d.text).toContain('2020');
    else expect(d.text.replace(/^\ufeff/, '')).toBe(seed);
  });

  it('names the encoding it guessed when it is not one a Chinese report comes in', () => {
    expect(() => decodeText(iconv.encode(seed, 'shift_jis'), 'sjis.txt')).toThrow(
      /^sjis\.txt: text in an unexpected encoding \(Shift_JIS, \d+% as guessed by chardet\)/,
    );
  });

  it("takes a web page's declared Chinese charset over the guess where the bytes are not UTF-8", () => {
    expect(decodeText(iconv.encode('<meta charset="gb2312"><p>年度报告</p>', 'gbk'), 'p.html', 'gb2312')).toEqual({
      text: '<meta charset="gb2312"><p>年度报告</p>',
      encoding: 'gb18030',
    });
  });
});

describe('telling a file by its content', () => {
  it.each([
    ['a PDF', readFileSync('data/published/hongze-district-2023.pdf'), 'x.txt', 'pdf'],
    ['a saved web page, whatever its name', readFileSync('data/published/shuyang-fgj-2023.html'), 'page.txt', 'html'],
    ['an HTML fragment named .htm', Buffer.from('\n  <TABLE><tr><td>1</td></tr></TABLE>'), 'x.htm', 'html'],
    ['text that mentions <b> in passing', Buffer.from('报告 a<b>c'), 'x.txt', 'text'],
    ['an old Word file', oldWordDoc(), 'x.docx', 'doc'],
    ['an old Excel workbook, named .doc', officeFile('Workbook'), 'book.doc', 'xls'],
    ['an old PowerPoint file', officeFile('PowerPoint Document'), 'x.ppt', 'ppt'],
    ['an Office 97–2003 file of no known kind', officeFile(null), 'x.doc', 'ole'],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'x.pdf', 'image'],
    ['a ZIP that is not Word', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'x.docx', 'zip'],
  ])('%s', (_, bytes, name, kind) => {
    expect(sniff(bytes, name)).toBe(kind);
  });
});

describe('PDF page chrome', () => {
  it('drops page numbers and a running header repeated on every page, and reads lines in order across pages', async () => {
    const pdf = textPdf([['first line', 'second line'], ['third line']], 'Annual report 2023 of the office');
    const doc = await readDocument(pdf, 'chrome.pdf');
    expect(doc.lines.map((l) => [l.no, l.page, l.raw])).toEqual([
      [1, 1, 'first line'],
      [2, 1, 'second line'],
      [3, 2, 'third line'],
    ]);
  });

  it('keeps a line at the top of one page only: it is not a running header', async () => {
    const doc = await readDocument(textPdf([['body']], 'A heading of page one'), 'one.pdf');
    expect(doc.lines.map((l) => l.raw)).toEqual(['A heading of page one', 'body']);
  });
});

describe('files that cannot be read as reports get an error naming the file', () => {
  it.each([
    ['old.doc', oldWordDoc(), 'old.doc: old binary Word file (.doc): not supported; save it as .docx or PDF'],
    [
      'book.xls',
      officeFile('Workbook'),
      'book.xls: an Excel workbook (.xls): not a report; reports are read from text, web pages, .docx or PDF',
    ],
    ['scan.pdf', scannedPdf(), 'scan.pdf: scanned PDF: no text layer; OCR is not supported'],
    [
      'photo.jpg',
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
      'photo.jpg: an image: a scanned report has no text layer; OCR is not supported',
    ],
    ['broken.pdf', Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n'), /^broken\.pdf: not a readable PDF \(/],
    [
      'archive.docx',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]),
      'archive.docx: a ZIP archive that is not a Word .docx file',
    ],
    [
      'truncated.docx',
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/document.xml')]),
      /^truncated\.docx: not a readable Word \.docx file/,
    ],
    ['empty.txt', Buffer.alloc(0), 'empty.txt: empty file'],
  ])('%s', async (name, bytes, message) => {
    await expect(parseFile(bytes, name)).rejects.toThrow(message);
  });
});
