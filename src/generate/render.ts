/**
 * Renders a synthetic report as text in each layout the parser meets: (a) tabs, (b) cell-lines, (c) spaces (PDF text),
 * (d) pipes (web tables). Tables are first built as grids of label and value cells; each layout prints the grid its way.
 */
import { DISPOSITION_CATEGORIES, FORMATS, SECTIONS, type ColumnDef, type RowDef } from '../format';
import type { SyntheticReport } from './model';

export const LAYOUTS = ['tabs', 'cell-lines', 'spaces', 'pipes'] as const;
export type LayoutName = (typeof LAYOUTS)[number];

export interface GridRow {
  labels: string[];
  values: string[];
  /** Category printed beside a run of rows (vertically, between rows, in PDF text). */
  category?: string;
}

const NUMERALS = '一二三四五六七八九十';

/** A column's header over a row's block, as the format prints it; a money header may state the unit. */
function headerLabel(column: ColumnDef, row: RowDef, unitInHeader: boolean): string {
  const label = row.printedHeaders?.[column.key] ?? column.printed ?? column.label;
  return column.money && unitInHeader ? `${label}（单位：万元）` : label;
}

function show(v: number | null | undefined, signed = false, unit = ''): string {
  if (v === null || v === undefined) return '';
  return `${signed && v > 0 ? '+' : ''}${v}${unit}`;
}

function proactiveGrid(r: SyntheticReport, unitInHeader: boolean): GridRow[] {
  const table = FORMATS[r.format].tables.proactive;
  const value = (row: string, column: string) =>
    r.cells.find((c) => c.table === 'proactive' && c.row === row && c.column === column)?.value;
  const grid: GridRow[] = [];
  // The 第二十条 items whose blocks the table prints, in order.
  for (const item of new Set(table.rows.map((x) => x.item!))) {
    const rows = table.rows.filter((x) => x.item === item && !x.optional);
    if (rows.length === 0) continue;
    grid.push({ labels: [`第二十条第（${item}）项`], values: [] });
    grid.push({
      labels: [
        '信息内容',
        ...rows[0].columns.map((k) => headerLabel(table.columns.find((c) => c.key === k)!, rows[0], unitInHeader)),
      ],
      values: [],
    });
    for (const row of rows) {
      grid.push({
        labels: [row.label],
        values: row.columns.map((k) => {
          const def = table.columns.find((c) => c.key === k)!;
          return show(value(row.key, k), def.signed, def.money && !unitInHeader ? '万元' : '');
        }),
      });
    }
  }
  return grid;
}

const CATEGORY_LABELS = new Map(DISPOSITION_CATEGORIES.map((c) => [c.key, c.printed]));

function applicationsGrid(r: SyntheticReport): GridRow[] {
  const table = FORMATS[r.format].tables.applications;
  const present = new Set(r.cells.filter((c) => c.table === 'applications').map((c) => c.row));
  const rows = table.rows.filter((x) => present.has(x.key));
  const grid: GridRow[] = (table.printedHeader ?? []).map((labels) => ({ labels, values: [] }));
  const counters = new Map<string, number>();
  let blockOpened = false;
  for (const row of rows) {
    const values = table.columns.map((c) =>
      show(r.cells.find((x) => x.table === 'applications' && x.row === row.key && x.column === c.key)?.value),
    );
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
      labels = [`${n}.${row.label}`];
    }
    // The whole handling block sits under one label (三、本年度办理结果), printed on its first row.
    if (row.category && !blockOpened && table.printedHandlingBlock) {
      labels.unshift(table.printedHandlingBlock);
      blockOpened = true;
    }
    grid.push({ labels, values, category });
  }
  return grid;
}

function reviewGrid(r: SyntheticReport): GridRow[] {
  const table = FORMATS[r.format].tables.review_litigation;
  return [
    ...(table.printedHeader ?? [table.columns.map((c) => c.label)]).map((labels) => ({ labels, values: [] })),
    {
      labels: [],
      values: table.rows.flatMap((row) =>
        table.columns.map((c) =>
          show(r.cells.find((x) => x.table === 'review_litigation' && x.row === row.key && x.column === c.key)?.value),
        ),
      ),
    },
  ];
}

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

function tabs(grid: GridRow[]): string[] {
  return withCategories(grid).map((g) => [...g.labels, ...g.values].join('\t'));
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

function cellLines(grid: GridRow[], random: () => number): string[] {
  const out: string[] = [];
  for (const g of withCategories(grid)) {
    out.push('');
    for (const l of g.labels) out.push(l === '' ? '\t' : brokenCell(l, random));
    for (const v of g.values) out.push(`\t${v}`);
  }
  return out;
}

const WRAP = 18;

function spaces(grid: GridRow[], random: () => number, page: { n: number }): string[] {
  const out: string[] = [];
  const pad = () => ' '.repeat(2 + Math.floor(random() * 4));
  let lastCategory: string | undefined;
  let pending: string | undefined;
  grid.forEach((g, i) => {
    const label = g.labels.join('');
    const values = g.values.join(pad());
    if (g.values.length > 0 && label.length > WRAP) {
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
    // A category spanning several rows is printed one character per line, after the first row of its run.
    if (g.category && g.category !== lastCategory) pending = g.category;
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
  const { figures, body } = r.narrative;
  if (key === 'overview') return `${figures}${body.overview}`;
  return key === 'problems' || key === 'other' ? body[key] : '';
}

/** A report as printed, before a layout or a document kind prints it: title, sections (narrative or table grid), closing. */
export interface PrintedReport {
  title: string;
  sections: { heading: string; narrative?: string; grid?: GridRow[] }[];
  signature: string;
  /** null: the report prints no closing date. */
  date: string | null;
}

export function printedReport(r: SyntheticReport, random: () => number): PrintedReport {
  const unitInHeader = random() < 0.5;
  const grids: Record<string, GridRow[]> = {
    proactive: proactiveGrid(r, unitInHeader),
    applications: applicationsGrid(r),
    review_litigation: reviewGrid(r),
  };
  const [y, m, d] = (r.publishedOn ?? '').split('-').map(Number);
  return {
    title: `${r.agency.name}${r.year}年政府信息公开工作年度报告`,
    sections: SECTIONS.map((s, i) => ({
      heading: `${NUMERALS[i]}、${s.label}`,
      ...(grids[s.key] ? { grid: grids[s.key] } : { narrative: narrativeFor(s.key, r) }),
    })),
    signature: r.agency.fullName,
    date: r.publishedOn ? `${y}年${m}月${d}日` : null,
  };
}

export function renderReport(r: SyntheticReport, layout: LayoutName, random: () => number): string {
  const printed = printedReport(r, random);
  const page = { n: 1 };
  const lines: string[] = [printed.title, ''];
  for (const s of printed.sections) {
    lines.push(s.heading);
    const grid = s.grid;
    if (!grid) lines.push(s.narrative!, '');
    else if (layout === 'tabs') lines.push(...tabs(grid), '');
    else if (layout === 'pipes') lines.push(...pipes(grid), '');
    else if (layout === 'cell-lines') lines.push(...cellLines(grid, random), '', '');
    else lines.push(...spaces(grid, random, page), '');
  }
  lines.push(printed.signature, ...(printed.date ? [printed.date] : []), '');
  // The page break marker is its own line in the grid; a real form feed starts the next page's first line.
  return lines.join('\n').replace(/\n\f\n/g, '\n\f');
}
