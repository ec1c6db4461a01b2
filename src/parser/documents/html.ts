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
import type { PageDate } from '../types';

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
export const htmlLines = (html: string, source: string): Line[] => linesOf(parse(html), source);

function linesOf(doc: DefaultTreeAdapterMap['document'], source: string): Line[] {
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

// Labels of a publication date in government CMS pages. Not 成文日期 / 发文日期 (when a document was written or
// signed), 页面生成时间 (when the page was built), 采集时间 (when it was saved), nor an unlabelled date (today's).
const PAGE_DATE_LABEL =
  /(发布时间|发布日期|公开日期|公布日期|发表时间|发布于)\s*[:：]?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/;
const PAGE_DATE_META = new Set(['pubdate', 'publishdate', 'firstpublishedtime', 'article:published_time']);
const META_DATE = /^\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/;

function isoDate(y: string, m: string, d: string): string | null {
  const [year, month, day] = [Number(y), Number(m), Number(d)];
  if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The page's own publication date: a labelled date in the page before its first section heading (the article's
 * information line: 发布时间：2024-01-17), else a publication-date meta tag. The first one found; none: null.
 */
function pageDateOf(doc: DefaultTreeAdapterMap['document'], lines: Line[]): PageDate | null {
  const first = lines.findIndex((l) => !l.cells && sectionOf(l) !== null);
  for (const l of first < 0 ? lines : lines.slice(0, first)) {
    const m = PAGE_DATE_LABEL.exec(l.text);
    const date = m && isoDate(m[2], m[3], m[4]);
    if (date) return { iso: date, label: m[1], printed: m[0].replace(/\s+/g, ' ') };
  }
  for (const el of descendants(doc as unknown as Element)) {
    if (el.tagName !== 'meta') continue;
    const name = (attr(el, 'name') ?? attr(el, 'property') ?? '').toLowerCase();
    const m = PAGE_DATE_META.has(name) ? META_DATE.exec(attr(el, 'content') ?? '') : null;
    const date = m && isoDate(m[1], m[2], m[3]);
    if (date) return { iso: date, label: `meta ${attr(el, 'name') ?? attr(el, 'property')}`, printed: m[0].trim() };
  }
  return null;
}

/** A saved web page: its lines, and the publication date its chrome states. */
export function htmlPage(html: string, source: string): { lines: Line[]; date: PageDate | null } {
  const doc = parse(html);
  const lines = linesOf(doc, source);
  return { lines, date: pageDateOf(doc, lines) };
}
