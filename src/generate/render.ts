/**
 * Renders a synthetic report as text in each layout the parser meets: (a) tabs, (b) cell-lines, (c) spaces (PDF text),
 * (d) pipes (web tables). Tables are first built as grids of label and value cells; each layout prints the grid its way.
 */
import { DISPOSITION_CATEGORIES, FORMAT_KEYS, FORMATS, SECTIONS, type ColumnDef, type RowDef } from '../format';
import type { SyntheticReport } from './model';
import { GARBLED_ROW, INTERLEAVED, LOST_ROW, type VariantName } from './variants';

export const LAYOUTS = ['tabs', 'cell-lines', 'spaces', 'pipes'] as const;
export type LayoutName = (typeof LAYOUTS)[number];

export interface GridRow {
  labels: string[];
  values: string[];
  /** Category printed beside a run of rows (vertically, between rows, in PDF text). */
  category?: string;
  /** A header row of column labels under the table's first (applications, review). */
  header?: boolean;
  /** The row of this key (data rows). */
  row?: string;
}

const has = (r: SyntheticReport, v: VariantName) => r.variants.includes(v);

/** How a report prints its cells: blanks, units, signs, separators, padding (the variants of issue 18 item 7). */
interface Style {
  value(v: number | null | undefined, column: ColumnDef): string;
  label(s: string): string;
  unitInHeader: boolean;
}

const BLANKS = ['—', '-', '/', '无'];

function styleOf(r: SyntheticReport, unitInHeader: boolean): Style {
  let n = 0;
  const pad = (s: string) => (has(r, 'nbsp_padding') && s ? `\u00a0${s}\u00a0` : s);
  const grouped = (v: number) => {
    const digits = String(Math.abs(v)).replace(/\B(?=(\d{3})+$)/g, n++ % 2 ? '，' : ',');
    return v < 0 ? `-${digits}` : digits;
  };
  return {
    unitInHeader,
    value(v, column) {
      if (v === null || v === undefined) return has(r, 'dash_blanks') ? BLANKS[n++ % BLANKS.length] : '';
      if (column.money) {
        // Amounts have two decimals: in 元 they are whole, printed exactly.
        if (has(r, 'money_in_yuan')) return pad(`${Math.round(v * 100) * 100}元`);
        return pad(`${v}${unitInHeader ? '' : '万元'}`);
      }
      const text = has(r, 'thousands') && Math.abs(v) >= 1000 ? grouped(v) : String(Math.abs(v));
      if (column.signed && v > 0) return pad(`+${text}`);
      if (v < 0) return pad(`${has(r, 'signed_minus') ? (n++ % 2 ? '－' : '−') : '-'}${text.replace(/^-/, '')}`);
      return pad(text);
    },
    label(s) {
      const ascii = has(r, 'ascii_punctuation')
        ? s.replace(/（/g, '(').replace(/）/g, ')').replace(/：/g, ':').replace(/，/g, ',').replace(/．/g, '.')
        : s;
      return has(r, 'nbsp_padding') && ascii ? `${ascii}\u00a0` : ascii;
    },
  };
}

const NUMERALS = '一二三四五六七八九十';

/** A column's header over a row's block, as the format prints it; a money header may state the unit. */
function headerLabel(column: ColumnDef, row: RowDef, unitInHeader: boolean): string {
  const label = row.printedHeaders?.[column.key] ?? column.printed ?? column.label;
  return column.money && unitInHeader ? `${label}（单位：万元）` : label;
}

const cellOf = (r: SyntheticReport, table: string, row: string, column: string) =>
  r.cells.find((c) => c.table === table && c.row === row && c.column === column)?.value;

function proactiveGrid(r: SyntheticReport, style: Style): GridRow[] {
  const table = FORMATS[r.format].tables.proactive;
  const grid: GridRow[] = [];
  // The 第二十条 items whose blocks the table prints, in order.
  let block = 0;
  for (const item of new Set(table.rows.map((x) => x.item!))) {
    const rows = table.rows.filter((x) => x.item === item && !x.optional);
    if (rows.length === 0) continue;
    // A caption line lost: the second block's.
    if (!(has(r, 'missing_caption') && block === 1)) grid.push({ labels: [`第二十条第（${item}）项`], values: [] });
    block++;
    grid.push({
      labels: [
        '信息内容',
        ...rows[0].columns.map((k) =>
          headerLabel(table.columns.find((c) => c.key === k)!, rows[0], style.unitInHeader),
        ),
      ],
      values: [],
    });
    for (const row of rows) {
      grid.push({
        labels: [style.label(row.label)],
        values: row.columns.map((k) =>
          style.value(cellOf(r, 'proactive', row.key, k), table.columns.find((c) => c.key === k)!),
        ),
        row: row.key,
      });
    }
  }
  return grid;
}

const CATEGORY_LABELS = new Map(DISPOSITION_CATEGORIES.map((c) => [c.key, c.printed]));

function applicationsGrid(r: SyntheticReport, style: Style): GridRow[] {
  const table = FORMATS[r.format].tables.applications;
  const present = new Set(r.cells.filter((c) => c.table === 'applications').map((c) => c.row));
  const rows = table.rows.filter((x) => present.has(x.key));
  const grid: GridRow[] = (table.printedHeader ?? []).map((labels, i) => ({
    labels: labels.map((l, j) =>
      // 总计 lost; the 勾稽关系 note's cell left blank.
      (has(r, 'header_without_total') && l === '总计') || (has(r, 'header_spans') && i === 0 && j === 0) ? '' : l,
    ),
    values: [],
    header: i > 0,
  }));
  const counters = new Map<string, number>();
  let blockOpened = false;
  for (const row of rows) {
    const values = table.columns.map((c) => style.value(cellOf(r, 'applications', row.key, c.key), c));
    const siblings = rows.filter((x) => x.category === row.category);
    let labels: string[];
    let category: string | undefined;
    if (row.printed || !row.category) labels = [row.printed ?? row.label];
    else if (siblings.length === 1) labels = [CATEGORY_LABELS.get(row.category) ?? row.label];
    else {
      // Rows of a category of several: numbered under the category, printed beside them.
      const n = (counters.get(row.category) ?? 0) + 1;
      counters.set(row.category, n);
      category = CATEGORY_LABELS.get(row.category);
      // An unreadable label (characters in another order) or none at all.
      const own = has(r, 'garbled_label') && row.key === GARBLED_ROW ? [...row.label].reverse().join('') : row.label;
      labels = has(r, 'lost_label') && row.key === LOST_ROW ? [''] : [`${n}.${own}`];
    }
    // The whole handling block sits under one label (三、本年度办理结果), printed on its first row.
    if (row.category && !blockOpened && table.printedHandlingBlock) {
      labels.unshift(table.printedHandlingBlock);
      blockOpened = true;
    }
    // ... and printed again where a page break splits the table.
    if (has(r, 'repeated_block_label') && row.category === 'unable' && counters.get('unable') === 1)
      grid.push({ labels: [table.printedHandlingBlock ?? ''], values: [] });
    grid.push({ labels: labels.map(style.label), values, category: category && style.label(category), row: row.key });
  }
  return grid;
}

function reviewGrid(r: SyntheticReport, style: Style): GridRow[] {
  const table = FORMATS[r.format].tables.review_litigation;
  const split = (labels: string[]) =>
    has(r, 'split_words') ? labels.flatMap((l) => (l === '结果维持' ? ['结果维', '持'] : [l])) : labels;
  return [
    ...(table.printedHeader ?? [table.columns.map((c) => c.label)]).map((labels, i) => ({
      labels: split(labels),
      values: [],
      header: i > 0,
    })),
    {
      labels: [],
      values: table.rows.flatMap((row) =>
        table.columns.map((c) => style.value(cellOf(r, 'review_litigation', row.key, c.key), c)),
      ),
    },
  ];
}

/** An empty row after a table (a stray paragraph mark in Word). */
const STRAY: GridRow = { labels: [''], values: [] };

// ---- layouts ----

function withCategories(grid: GridRow[]): GridRow[] {
  // Tab and pipe tables print a category as a label cell on the first row of its run, blank (merged) below.
  let last: string | undefined;
  return grid.map((g) => {
    if (!g.category) return g;
    const first = g.category !== last;
    last = g.category;
    return { ...g, labels: [first ? g.category : '', ...g.labels] };
  });
}

/** Rows whose cell holds a line break, as a web page copied to text gives them: before a number, or after one. */
const BROKEN_ROWS = ['received_new', 'granted', 'not_processed_petition'];

function tabs(grid: GridRow[], r: SyntheticReport): string[] {
  return withCategories(grid).map((g) => {
    const cells = [...g.labels, ...g.values];
    if (!has(r, 'cells_span_lines') || !g.row || !BROKEN_ROWS.includes(g.row) || g.values.length < 2)
      return cells.join('\t');
    const first = g.labels.length;
    // "…\t\n21\t0…" (a number after an empty paragraph) or "…\t21\n\t0…" (a number and a line break).
    return BROKEN_ROWS.indexOf(g.row) % 2 === 0
      ? `${cells.slice(0, first).join('\t')}\t\n${cells.slice(first).join('\t')}`
      : `${cells.slice(0, first + 1).join('\t')}\n\t${cells.slice(first + 1).join('\t')}`;
  });
}

function pipes(grid: GridRow[]): string[] {
  const out: string[] = [];
  withCategories(grid).forEach((g, i) => {
    out.push(`| ${[...g.labels, ...g.values].join(' | ')} |`);
    if (i === 0) out.push('|---|---|---|');
  });
  return out;
}

/** Breaks a label over lines the way Word tables come out as text: "本年新\n制作数量", "（三）不予\n\n公开". */
function brokenCell(label: string, random: () => number): string {
  if (label.length < 6 || random() < 0.7) return `\t${label}`;
  const at = Math.floor(label.length / 2);
  return `\t${label.slice(0, at)}\n${random() < 0.5 ? '\n' : ''}${label.slice(at)}`;
}

function cellLines(grid: GridRow[], r: SyntheticReport, random: () => number): string[] {
  const out: string[] = [];
  if (has(r, 'blank_between_cells')) {
    // Every cell a paragraph, an empty one after each: nothing tells rows apart (no place-holders for merged cells).
    for (const g of withCategories(grid))
      for (const c of [...g.labels.filter(Boolean), ...g.values]) out.push(`\t${c}`, '');
    return out;
  }
  for (const g of withCategories(grid)) {
    out.push('');
    for (const l of g.labels) out.push(l === '' ? '\t' : brokenCell(l, random));
    for (const v of g.values) out.push(`\t${v}`);
  }
  return out;
}

const WRAP = 18;

/** PDF text of the (六)其他处理 rows whose labels wrap and interleave with the category between them. */
function interleaved(grid: GridRow[], pad: () => string): string[] | null {
  const [a, b] = INTERLEAVED.map((k) => grid.find((g) => g.row === k));
  if (!a || !b) return null;
  const [la, lb] = [a.labels.join(''), b.labels.join('')];
  const category = a.category ?? '';
  // The first label's last five characters fall on the second's line, the category's characters among them.
  const cut = Math.floor(lb.length / 2);
  const head = category.slice(0, category.length - 3);
  const tail = category.slice(category.length - 3);
  return [
    `${pad()}${la.slice(0, -5)}${pad()}${a.values.join(pad())}`,
    `${pad()}${la.slice(-5)}${head}${lb.slice(0, cut)}${tail}${lb.slice(cut)}${pad()}${b.values.join(pad())}`,
  ];
}

function spaces(grid: GridRow[], r: SyntheticReport, random: () => number, page: { n: number }): string[] {
  const out: string[] = [];
  const pad = () => ' '.repeat(2 + Math.floor(random() * 4));
  if (has(r, 'raw_order') && grid.some((g) => g.row === 'received_new')) {
    // Reading order of some flip-book PDFs: every label of the table first, then its numbers, one per line.
    let category: string | undefined;
    for (const g of grid) {
      if (g.category && g.category !== category) out.push(`${pad()}${g.category}`);
      category = g.category;
      for (const l of g.labels) if (l) out.push(`${pad()}${l}`);
    }
    for (const g of grid) for (const v of g.values) out.push(`${pad()}${v}`);
    return out;
  }
  const other = has(r, 'interleaved_labels') ? interleaved(grid, pad) : null;
  let lastCategory: string | undefined;
  let pending: string | undefined;
  grid.forEach((g, i) => {
    const label = g.labels.join('');
    const values = g.values.join(pad());
    if (other && g.row === INTERLEAVED[0]) out.push(...other);
    else if (other && g.row === INTERLEAVED[1]) {
      // Printed with the row above.
    } else if (g.header && g.values.length === 0 && has(r, 'vertical_headers')) {
      // Column headers one character per line, column after column.
      for (const l of g.labels) out.push(...[...l].map((ch) => `${pad()}${ch}`));
    } else if (g.values.length > 0 && label.length > WRAP) {
      // A long label wraps over three lines, its numbers on the middle one.
      const a = Math.floor(label.length / 3);
      const b = Math.floor((2 * label.length) / 3);
      out.push(
        `${pad()}${label.slice(0, a)}`,
        `${pad()}${label.slice(a, b)}${pad()}${values}`,
        `${pad()}${label.slice(b)}`,
      );
    } else if (g.values.length > 0 || label) {
      out.push(`${pad()}${label}${label && values ? pad() : ''}${values}`);
    }
    // A category spanning several rows is printed one character per line, after the first row of its run (the
    // interleaved one is printed among its rows' labels).
    if (g.category && g.category !== lastCategory) pending = other && g.row === INTERLEAVED[0] ? undefined : g.category;
    lastCategory = g.category;
    if (pending && grid[i + 1]?.category === pending) {
      out.push(...[...pending].map((ch) => `${pad()}${ch}`));
      pending = undefined;
    }
    if (i === 10) {
      page.n++;
      out.push('', `${' '.repeat(30)}-${page.n}-`, '\f');
    }
  });
  return out;
}

function narrativeFor(key: string, r: SyntheticReport): string {
  if (key === 'problems' || key === 'other') return r.narrative.body[key];
  if (key !== 'overview') return '';
  // A report on one format may cite the notice of the other: the format is the table's, not the notice's.
  const other = FORMAT_KEYS.find((k) => k !== r.format);
  const cites = has(r, 'cites_other_notice') && other ? `按照《${FORMATS[other].label}》要求，` : '';
  // The overview opens with the year (a title without one takes it from here), then the figures, then the body.
  const opening = `${r.year}年，${r.agency.name}${cites}认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政府信息公开工作。`;
  return `${opening}${r.narrative.figures}${r.narrative.body.overview}`;
}

/** A report as printed, before a layout or a document kind prints it: title, sections (narrative or table grid), closing. */
export interface PrintedReport {
  /** Empty: printed without a title. */
  title: string;
  /** A heading empty: the section printed without one. */
  sections: { heading: string; narrative?: string; grid?: GridRow[] }[];
  signature: string;
  /** null: the report prints no closing date. */
  date: string | null;
}

const ROMAN = ['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ', 'Ⅴ', 'Ⅵ', 'Ⅶ', 'Ⅷ', 'Ⅸ', 'Ⅹ'];
/** How headings are numbered: 一、 by default; 第一部分, Ⅰ．, 1． or nothing as some reports do. */
const NUMBERINGS = [
  (i: number) => `第${NUMERALS[i]}部分 `,
  (i: number) => `${ROMAN[i]}．`,
  (i: number) => `${i + 1}．`,
  () => '',
];

function heading(r: SyntheticReport, key: string, label: string, i: number, numbering: (i: number) => string): string {
  if (key === 'applications' && has(r, 'heading_missing')) return '';
  let text = label;
  if (key === 'review_litigation') {
    if (has(r, 'heading_connector')) text = text.replace('行政复议、', '行政复议与');
    if (has(r, 'heading_misprinted')) text = text.replace('行政复议', '行政法复议');
  }
  return `${numbering(i)}${text}`;
}

export function printedReport(r: SyntheticReport, random: () => number): PrintedReport {
  const style = styleOf(r, random() < 0.5);
  const stray = (grid: GridRow[]) => (has(r, 'stray_empty_row') ? [...grid, STRAY] : grid);
  const grids: Record<string, GridRow[]> = {
    proactive: stray(proactiveGrid(r, style)),
    applications: stray(applicationsGrid(r, style)),
    review_litigation: stray(reviewGrid(r, style)),
  };
  const numbering = has(r, 'heading_numbering')
    ? NUMBERINGS[Math.floor(random() * NUMBERINGS.length)]
    : (i: number) => `${NUMERALS[i]}、`;
  const [y, m, d] = (r.publishedOn ?? '').split('-').map(Number);
  const title = has(r, 'no_title')
    ? ''
    : has(r, 'title_without_year')
      ? `${r.agency.name}政府信息公开工作年度报告`
      : `${r.agency.name}${r.year}年政府信息公开工作年度报告`;
  return {
    title,
    sections: SECTIONS.map((s, i) => ({
      heading: heading(r, s.key, s.label, i, numbering),
      ...(grids[s.key] ? { grid: grids[s.key] } : { narrative: narrativeFor(s.key, r) }),
    })),
    signature: r.agency.fullName,
    date: r.publishedOn ? `${y}年${m}月${d}日` : null,
  };
}

export function renderReport(r: SyntheticReport, layout: LayoutName, random: () => number): string {
  const printed = printedReport(r, random);
  const page = { n: 1 };
  const lines: string[] = printed.title ? [printed.title, ''] : [];
  for (const s of printed.sections) {
    if (s.heading) lines.push(s.heading);
    const grid = s.grid;
    if (!grid) lines.push(s.narrative!, '');
    else if (layout === 'tabs') lines.push(...tabs(grid, r), '');
    else if (layout === 'pipes') lines.push(...pipes(grid), '');
    else if (layout === 'cell-lines') lines.push(...cellLines(grid, r, random), '', '');
    else lines.push(...spaces(grid, r, random, page), '');
  }
  lines.push(printed.signature, ...(printed.date ? [printed.date] : []), '');
  // The page break marker is its own line in the grid; a real form feed starts the next page's first line.
  return lines.join('\n').replace(/\n\f\n/g, '\n\f');
}
