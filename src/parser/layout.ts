/**
 * Lays a table section's lines out as records: one printed table row each, as label cells followed by value cells.
 * Four layouts reach us as text:
 *   (a) tabs:      one line per row, cells separated by tabs, empty cells kept in position;
 *   (b) cell-lines: one cell per line (led by a tab), rows separated by blank lines, an empty cell a bare tab;
 *   (c) spaces:    text extracted from PDFs, cells separated by runs of spaces, labels wrapped over lines;
 *   (d) pipes:     web-page tables converted to text, cells separated by "|";
 *   (f) stream:    one cell per line with nothing telling rows apart (a blank line between every cell, or none: Word
 *                  tables saved as text, PDF text in reading order): a row is a label and the values that follow it;
 * and one from documents read as tables (HTML, Word):
 *   (e) grid:      a line per table row, its cells given with their grid positions.
 */
import { normalizeText, type GridPosition, type Line } from './text';
import { VALUE_CELL, isPageNumber, isValueText } from './recognize';

export type LayoutKind = 'tabs' | 'cell-lines' | 'spaces' | 'pipes' | 'stream' | 'grid';

export interface Cell {
  /** Normalized and trimmed. */
  text: string;
  /** As printed. */
  raw: string;
  line: number;
  /** PDF: the page it is printed on. */
  page?: number;
  /** HTML and Word: its place in the document's tables. */
  at?: GridPosition;
}

export interface RecordRow {
  cells: Cell[];
  line: number;
}

function cell(raw: string, line: number, page?: number): Cell {
  const c: Cell = { raw, text: normalizeText(raw).trim(), line };
  if (page !== undefined) c.page = page;
  return c;
}

const PIPE_RULE = /^[\s|:\-+]+$/;

export function detectLayout(lines: Line[]): LayoutKind {
  if (lines.some((l) => l.cells)) return 'grid';
  let single = 0;
  let multi = 0;
  let pipes = 0;
  // Lines that are one value alone, and lines that end in values after a label (PDF text).
  let lone = 0;
  let rows = 0;
  for (const l of lines) {
    const tabs = l.raw.split('\t').length - 1;
    if (tabs === 1 && l.raw.startsWith('\t')) single++;
    else if (tabs >= 1) multi++;
    else if ((l.text.match(/\|/g) ?? []).length >= 2) pipes++;
    else {
      const t = l.text.trim();
      if (!t || isPageNumber(t)) continue;
      if (VALUE_CELL.test(t) && !/\s{2}/.test(t)) lone++;
      else if (/\s/.test(t) && isValueText(t.slice(t.search(/\S+$/)))) rows++;
    }
  }
  if (single + multi > 0) return single > multi ? 'cell-lines' : 'tabs';
  if (pipes > 0) return 'pipes';
  return lone > rows ? 'stream' : 'spaces';
}

/**
 * Cells in reading order with nothing telling rows apart: each text cell starts a record, the values after it are its
 * values (a label broken over cells leaves its first parts as records of their own, which the table stage joins).
 */
function streamed(cells: Cell[]): RecordRow[] {
  const records: RecordRow[] = [];
  let current: RecordRow | null = null;
  for (const c of cells) {
    if (current && isValueText(c.text)) current.cells.push(c);
    else {
      current = { line: c.line, cells: [c] };
      records.push(current);
    }
  }
  return records;
}

// Cell-lines where (nearly) every record is one cell: the blank lines stand between cells, not rows.
const SINGLE_CELL_RECORDS = 0.8;

export function layOut(lines: Line[], kind: LayoutKind = detectLayout(lines)): RecordRow[] {
  switch (kind) {
    case 'tabs':
      return lines
        .filter((l) => l.raw.trim())
        .map((l) => ({ line: l.no, cells: l.raw.split('\t').map((c) => cell(c, l.no)) }));
    case 'pipes':
      return lines
        .filter((l) => l.raw.trim() && !PIPE_RULE.test(l.text))
        .map((l) => ({
          line: l.no,
          cells: l.raw
            .trim()
            .replace(/^[|｜]|[|｜]$/g, '')
            .split(/[|｜]/)
            .map((c) => cell(c, l.no)),
        }));
    case 'cell-lines': {
      const records = cellLines(lines);
      const single = records.filter((r) => r.cells.length === 1).length;
      return records.length > 0 && single >= SINGLE_CELL_RECORDS * records.length
        ? streamed(records.flatMap((r) => r.cells))
        : records;
    }
    case 'stream':
      return streamed(
        lines
          .filter((l, i) => l.text.trim() && !isPageNumber(l.text, atPageBreak(lines, i)))
          .map((l) => cell(l.raw.trim(), l.no, l.page)),
      );
    case 'spaces':
      return spaced(lines);
    case 'grid':
      // Paragraphs between table rows (captions, units) are records of one label cell.
      return lines
        .filter((l) => l.raw.trim())
        .map((l) => ({
          line: l.no,
          cells: l.cells ? l.cells.map((g) => ({ ...cell(g.raw, l.no), at: g.at })) : [cell(l.raw, l.no)],
        }));
  }
}

function cellLines(lines: Line[]): RecordRow[] {
  const records: RecordRow[] = [];
  let current: RecordRow | null = null;
  let gap = true;
  for (const l of lines) {
    if (!l.raw.trim() && !l.raw.includes('\t')) {
      gap = true;
      continue;
    }
    if (l.raw.startsWith('\t')) {
      if (gap || !current) {
        current = { line: l.no, cells: [] };
        records.push(current);
      }
      current.cells.push(
        ...l.raw
          .slice(1)
          .split('\t')
          .map((c) => cell(c, l.no)),
      );
      gap = false;
    } else if (current && current.cells.length > 0) {
      // A line not led by a tab continues the cell above, even across a blank line ("商业\n\n企业", "本年新\n制作数量").
      // Above an empty cell it is the cell, on its own line. Numbers are joined with a line break, never run
      // together: "1" over "2" is not 12 but an unreadable cell.
      const last = current.cells[current.cells.length - 1];
      const more = l.raw.trim();
      const numbers = VALUE_CELL.test(last.text) && VALUE_CELL.test(normalizeText(more));
      current.cells[current.cells.length - 1] = !last.raw.trim()
        ? cell(more, l.no)
        : cell(last.raw + (numbers ? '\n' : '') + more, last.line);
    } else {
      current = { line: l.no, cells: [cell(l.raw, l.no)] };
      records.push(current);
      gap = false;
    }
  }
  return records;
}

const TOKEN = /\S+/g;
// Every space normalizeText folds to a space (text.ts), as printed.
const PRINTED_SPACE = /[\s\u1680\u2000-\u200a\u202f\u205f\u3000\u200b\ufeff]+/;

/**
 * Text from PDFs: a line is label text followed by value tokens. Value tokens are split on any space,
 * so a garbled "0 0" reads as two cells: the row then has too many values and is reported, not guessed.
 */
/** The first or last line of its page (PDF text): where a page number stands, whether or not in a margin. */
const atPageBreak = (lines: Line[], i: number) =>
  lines[i].page !== undefined && (lines[i - 1]?.page !== lines[i].page || lines[i + 1]?.page !== lines[i].page);

function spaced(lines: Line[]): RecordRow[] {
  const records: RecordRow[] = [];
  for (const [i, l] of lines.entries()) {
    if (!l.text.trim() || isPageNumber(l.text, atPageBreak(lines, i))) continue;
    const tokens = [...l.text.matchAll(TOKEN)].map((m) => m[0]);
    // The same tokens as printed ("９" for 9), where normalizing moved no space; else the normalized ones.
    const printed = l.raw.split(PRINTED_SPACE).filter(Boolean);
    const raw = printed.length === tokens.length ? printed : tokens;
    let firstValue = tokens.length;
    while (firstValue > 0 && isValueText(tokens[firstValue - 1])) firstValue--;
    const label = raw.slice(0, firstValue).join('');
    const cells = label ? [cell(label, l.no, l.page)] : [];
    for (const t of raw.slice(firstValue)) cells.push(cell(t, l.no, l.page));
    records.push({ line: l.no, cells });
  }
  return records;
}
