/**
 * Web pages (and Word files, which mammoth turns into HTML) as lines: paragraphs become lines, each row of a data table
 * one line of grid cells with rowspan/colspan resolved. A saved government page is cut down to the report: from its
 * title to its closing date, without navigation, scripts and other page chrome.
 */
import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { MAX_TITLE_LINE, isValueText, readDate, sectionOf, titleLike, yearlessTitle } from '../recognize';
import { makeLine, normalizeText, ParseError, squeeze, type GridCell, type Line } from '../text';
import { PARSE_LIMITS } from './limits';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const SKIP = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'select',
  'option',
  'button',
  'input',
  'textarea',
  'svg',
  'canvas',
  'nav',
  'map',
]);
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'center',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'td',
  'th',
  'ul',
  'caption',
]);

const isElement = (n: Node): n is Element => 'tagName' in n;
const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;

/**
 * Visits the nodes under `roots` depth first, in document order, without recursion: pages nest thousands of elements
 * deep. `enter` is called on the way down (false: skip the node's children and its `leave`), `leave` on the way up.
 */
function visit(roots: Node[], enter: (n: Node) => boolean, leave?: (el: Element) => void): void {
  const stack: { node: Node; leaving?: true }[] = roots.map((node) => ({ node })).reverse();
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { node } = top;
    if (top.leaving) {
      leave?.(node as Element);
      continue;
    }
    if (!enter(node) || !isElement(node)) continue;
    stack.push({ node, leaving: true });
    for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push({ node: node.childNodes[i] });
  }
}

function descendants(el: Element): Element[] {
  const out: Element[] = [];
  visit(el.childNodes, (n) => {
    if (isElement(n)) out.push(n);
    return true;
  });
  return out;
}

/** A table that holds no table: a table of data. Tables that hold tables lay out a page and are read as blocks. */
const isDataTable = (el: Element) => el.tagName === 'table' && !descendants(el).some((d) => d.tagName === 'table');

/** The text of an element, blocks inside it separated by a space: "0<p>0</p>" must not read as 00. */
function textOf(el: Element): string {
  let out = '';
  visit(
    el.childNodes,
    (n) => {
      if (!isElement(n)) {
        if (n.nodeName === '#text') out += (n as DefaultTreeAdapterMap['textNode']).value;
        return false;
      }
      if (SKIP.has(n.tagName)) return false;
      if (n.tagName === 'br' || BLOCK.has(n.tagName)) out += ' ';
      return true;
    },
    (n) => {
      if (BLOCK.has(n.tagName)) out += ' ';
    },
  );
  return out.replace(/[ \t\r\n\f]+/g, ' ').trim();
}

function rowsOf(table: Element): Element[] {
  return descendants(table).filter((d) => d.tagName === 'tr');
}

const span = (el: Element, name: string, max: number) =>
  Math.min(Math.max(1, Number.parseInt(attr(el, name) ?? '1', 10) || 1), max);

/** The grid positions the tables of one document have taken so far (PARSE_LIMITS.gridCells bounds them). */
export interface GridBudget {
  source: string;
  cells: number;
}

/**
 * A table's rows as grid cells. A merged cell is given once, at its top-left position; the positions it also covers
 * are left out when it is a label (a label is not repeated on the rows it spans) and kept as blanks when it holds a
 * value (so the values after it keep their columns).
 */
export function tableGrid(table: Element, tableNo: number, budget: GridBudget): GridCell[][] {
  const rows = rowsOf(table);
  const covered = new Map<string, boolean>(); // "row,col" → whether the covering cell is a value
  const grid: GridCell[][] = [];
  rows.forEach((tr, r) => {
    const line: GridCell[] = [];
    let col = 0;
    const coveredHere = () => {
      while (covered.has(`${r},${col}`)) {
        if (covered.get(`${r},${col}`)) line.push({ raw: '', at: { table: tableNo, row: r + 1, column: col + 1 } });
        col++;
      }
    };
    for (const td of tr.childNodes.filter(isElement).filter((c) => c.tagName === 'td' || c.tagName === 'th')) {
      coveredHere();
      const raw = textOf(td);
      const rowspan = span(td, 'rowspan', rows.length - r);
      const colspan = span(td, 'colspan', 1000);
      // Counted before any is made: one cell may span 65 million positions.
      budget.cells += rowspan * colspan;
      if (budget.cells > PARSE_LIMITS.gridCells)
        throw new ParseError(
          `tables too large for a report: more than ${PARSE_LIMITS.gridCells} cells, spans counted (table ${tableNo}, row ${r + 1})`,
          budget.source,
        );
      const value = isValueText(normalizeText(raw).trim());
      line.push({ raw, at: { table: tableNo, row: r + 1, column: col + 1 } });
      for (let dr = 0; dr < rowspan; dr++)
        for (let dc = 0; dc < colspan; dc++) if (dr || dc) covered.set(`${r + dr},${col + dc}`, value);
      // The rest of the first row of a merged cell is in this line already (its columns are passed by col += colspan).
      for (let dc = 1; dc < colspan; dc++)
        if (value) line.push({ raw: '', at: { table: tableNo, row: r + 1, column: col + dc + 1 } });
      col += colspan;
    }
    coveredHere();
    grid.push(line);
  });
  return grid;
}

/** The page as lines of text, tables as grid lines. */
export function htmlLines(html: string, source: string): Line[] {
  const doc = parse(html);
  const lines: Line[] = [];
  let current = '';
  let tables = 0;
  const budget: GridBudget = { source, cells: 0 };
  const flush = () => {
    const text = current.replace(/[ \t\r\n\f]+/g, ' ').trim();
    if (text) lines.push(makeLine(lines.length + 1, text));
    current = '';
  };
  visit(
    doc.childNodes,
    (n) => {
      if (!isElement(n)) {
        if (n.nodeName === '#text') current += (n as DefaultTreeAdapterMap['textNode']).value;
        return false;
      }
      if (SKIP.has(n.tagName)) return false;
      if (n.tagName === 'br') {
        flush();
        return false;
      }
      if (isDataTable(n)) {
        flush();
        tables++;
        for (const row of tableGrid(n, tables, budget)) {
          if (row.every((c) => !c.raw.trim())) continue;
          lines.push(makeLine(lines.length + 1, row.map((c) => c.raw).join('\t'), { cells: row }));
        }
        return false;
      }
      if (BLOCK.has(n.tagName)) flush();
      return true;
    },
    (n) => {
      if (BLOCK.has(n.tagName)) flush();
    },
  );
  flush();
  return lines;
}

/**
 * The report inside a saved page: from its title (the last title-like line before the first section heading; the one
 * line before it too when the title starts with the year, "洪泽区人民政府 / 2023年…报告") to its closing date.
 */
export function reportLines(lines: Line[]): Line[] {
  const first = lines.findIndex((l) => !l.cells && sectionOf(l) !== null);
  if (first < 0) return lines;
  let start = -1;
  for (let i = first - 1; i >= 0; i--) {
    const s = squeeze(lines[i].text);
    if (!lines[i].cells && s.length <= MAX_TITLE_LINE && (titleLike(s) || yearlessTitle(s))) {
      start = i;
      break;
    }
  }
  if (
    start > 0 &&
    titleLike(lines[start].text)?.yearFirst &&
    !lines[start - 1].cells &&
    squeeze(lines[start - 1].text).length <= 30
  )
    start--;
  let end = lines.length;
  let lastTable = -1;
  lines.forEach((l, i) => {
    if (l.cells) lastTable = i;
  });
  const closing = lines.findIndex((l, i) => i > Math.max(first, lastTable) && !l.cells && readDate(l.text) !== null);
  if (closing >= 0) end = closing + 1;
  return lines.slice(Math.max(start, 0), end).map((l, i) => ({ ...l, no: i + 1 }));
}
