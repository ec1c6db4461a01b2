/**
 * A page number printed alone on a line of PDF text is dropped wherever the page breaks, also where the PDF reader
 * did not see it in a margin: the layout stage and the PDF reader share one page-number pattern (parser/recognize.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../src/parser/documents';
import { parseLines } from '../src/parser/parse';
import { makeLine, type Line } from '../src/parser/text';

const PDF = 'data/published/hongze-district-2023.pdf';
const cellsOf = (lines: Line[]) =>
  parseLines(lines, PDF, { kind: 'pdf', encoding: null }).cells.map((c) => [c.table, c.row, c.column, c.value]);

describe('page numbers in PDF text', () => {
  it('a bare page number where a page breaks before the 重复申请 row costs no cell', async () => {
    const { lines } = await readDocument(readFileSync(PDF), PDF);
    const at = lines.findIndex((l) => l.text.includes('重复申请'));
    expect(at).toBeGreaterThan(0);
    // The row starts a new page; the page before it ends with its number, printed in the body, not the margin.
    const page = lines[at].page!;
    const moved = lines.map((l, i) => (i >= at ? { ...l, page: page + 1 } : l));
    const withNumber = [...moved.slice(0, at), makeLine(lines[at].no, `    ${page}`, { page }), ...moved.slice(at)];
    const expected = cellsOf(lines);
    expect(expected.filter(([, row]) => row === 'not_processed_duplicate')).toHaveLength(7);
    expect(cellsOf(withNumber)).toEqual(expected);
  });
});
