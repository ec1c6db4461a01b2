/**
 * The ways real agencies print the national form (issue 18), as generator options: a synthetic report can be rendered
 * with any of them, in every target (text layout or document kind) each applies to, and says which findings its
 * parse must give. The round-trip property test draws them at random (test/roundtrip.test.ts).
 */
import { FORMATS, type TableKey } from '../format';
import type { TruthCell } from './model';

/** What a report is rendered as: one of the text layouts, or a document. */
export const TARGETS = ['tabs', 'cell-lines', 'spaces', 'pipes', 'html', 'docx'] as const;
export type Target = (typeof TARGETS)[number];

const ALL = TARGETS;
const TEXT: readonly Target[] = ['tabs', 'cell-lines', 'spaces', 'pipes'];
const DOCUMENTS: readonly Target[] = ['html', 'docx'];

interface VariantDef {
  /** The item of issue 18 it is a case of. */
  item: number;
  description: string;
  targets: readonly Target[];
}

export const VARIANTS = {
  heading_connector: { item: 1, description: 'a heading with 与 for 、 (行政复议与行政诉讼)', targets: ALL },
  heading_numbering: { item: 1, description: 'headings numbered 第四部分, Ⅳ., 4. or not at all', targets: ALL },
  heading_misprinted: { item: 1, description: 'the review heading misprinted (行政法复议)', targets: ALL },
  heading_missing: { item: 1, description: 'no heading before the applications table', targets: ALL },
  title_without_year: { item: 2, description: 'a title naming no year', targets: ALL },
  no_title: { item: 2, description: 'no title line at all', targets: TEXT },
  cites_other_notice: { item: 3, description: 'the overview cites the other format’s notice', targets: ALL },
  header_without_total: { item: 4, description: 'the applications header lost 总计', targets: ALL },
  repeated_block_label: { item: 4, description: '三、本年度办理结果 printed again mid-table', targets: ALL },
  stray_empty_row: { item: 4, description: 'an empty row after each table', targets: ALL },
  header_spans: {
    item: 4,
    description: 'header cells spanning more columns than values; a blank one',
    targets: DOCUMENTS,
  },
  nbsp_padding: { item: 5, description: 'non-breaking spaces around labels and numbers', targets: ALL },
  char_per_paragraph: { item: 5, description: 'header cells with one character per paragraph', targets: DOCUMENTS },
  split_words: { item: 5, description: 'words split over two cells (结果维|持)', targets: ALL },
  cells_span_lines: { item: 5, description: 'tab rows whose cells hold a line break', targets: ['tabs'] },
  interleaved_labels: { item: 6, description: 'PDF labels of (六)其他处理 interleaved', targets: ['spaces'] },
  money_in_yuan: { item: 7, description: 'amounts printed in 元 in the cell', targets: ALL },
  signed_minus: { item: 7, description: 'negative changes printed with − or －', targets: ALL },
  thousands: { item: 7, description: 'counts of 1,000 or more with thousands separators', targets: ALL },
  dash_blanks: { item: 7, description: 'blank cells printed as —, -, / or 无', targets: ALL },
  blank_between_cells: {
    item: 8,
    description: 'one cell per line, a blank line between every cell',
    targets: ['cell-lines'],
  },
  ascii_punctuation: { item: 8, description: 'ASCII punctuation in labels ((一) for （一）, : for ：)', targets: ALL },
  vertical_headers: { item: 8, description: 'column headers printed one character per line', targets: ['spaces'] },
  missing_caption: { item: 8, description: 'a 第二十条 caption line missing', targets: ALL },
  raw_order: { item: 9, description: 'the applications labels all apart from its numbers', targets: ['spaces'] },
  garbled_label: { item: 9, description: 'one row label unreadable', targets: ALL },
  lost_label: { item: 9, description: 'one row printed without its label', targets: ALL },
} as const satisfies Record<string, VariantDef>;

export type VariantName = keyof typeof VARIANTS;
export const VARIANT_NAMES = Object.keys(VARIANTS) as VariantName[];

/** The variants that apply to a target. */
export const variantsFor = (target: Target): VariantName[] =>
  VARIANT_NAMES.filter((v) => (VARIANTS[v].targets as readonly Target[]).includes(target));

/** The rows some variants print differently: one handling row without its label, another garbled. */
export const LOST_ROW = 'denied_third_party';
export const GARBLED_ROW = 'unable_needs_creation';
/** The rows whose labels interleave in PDF text. */
export const INTERLEAVED = ['other_no_correction', 'other_no_fee'] as const;

/** What the report is, as far as which variants can apply to it. */
export interface VariantContext {
  format: string;
  /** The report prints (六)其他处理 as one row. */
  singleOtherRow: boolean;
  blanks: boolean;
  /** A consistency rule of the applications table is broken on purpose. */
  applicationsViolated: boolean;
}

/**
 * The variants of those asked for that can apply to this report, one reading each: those that place rows by their
 * position need every rule over them to be checkable (no blanks) and to hold (no rule broken on purpose).
 */
export function keptVariants(asked: readonly VariantName[], ctx: VariantContext): VariantName[] {
  const has = (v: VariantName) => asked.includes(v);
  const rows = new Set(FORMATS[ctx.format].tables.applications.rows.map((r) => r.key));
  const checked = !ctx.blanks && !ctx.applicationsViolated;
  return asked.filter((v) => {
    switch (v) {
      case 'title_without_year':
        return !has('no_title');
      case 'raw_order':
        return checked;
      case 'interleaved_labels':
        return !has('raw_order') && !ctx.singleOtherRow && INTERLEAVED.every((k) => rows.has(k));
      case 'lost_label':
        return !has('raw_order') && !has('blank_between_cells') && !ctx.blanks && rows.has(LOST_ROW);
      case 'garbled_label':
        return !has('raw_order') && !ctx.blanks && rows.has(GARBLED_ROW);
      case 'header_without_total':
        return !has('raw_order');
      // Only where they show: blanks to print, negative changes to sign.
      case 'dash_blanks':
        return ctx.blanks;
      case 'signed_minus':
        return Object.values(FORMATS[ctx.format].tables).some((t) => t.columns.some((c) => c.signed));
      default:
        return true;
    }
  });
}

export interface ExpectedFinding {
  code: string;
  table?: TableKey;
  row?: string;
  column?: string;
}

/** The findings a parse of a report rendered with these variants must give (besides the planted rule violations). */
export function expectedFindings(
  variants: readonly VariantName[],
  format: string,
  cells: TruthCell[],
): ExpectedFinding[] {
  const out: ExpectedFinding[] = [];
  const columns = FORMATS[format].tables.proactive.columns;
  for (const v of variants) {
    switch (v) {
      case 'heading_misprinted':
        out.push({ code: 'section_by_content', table: 'review_litigation' });
        break;
      case 'heading_missing':
        out.push({ code: 'section_by_content', table: 'applications' });
        break;
      case 'title_without_year':
        out.push({ code: 'year_from_body' });
        break;
      case 'no_title':
        out.push({ code: 'title_missing' }, { code: 'year_from_body' });
        break;
      case 'header_without_total':
        out.push({ code: 'column_assumed', table: 'applications', column: 'total' });
        break;
      case 'interleaved_labels':
        out.push({ code: 'label_fragments', table: 'applications', row: INTERLEAVED[1] });
        break;
      case 'raw_order':
        out.push({ code: 'filled_by_position', table: 'applications' });
        break;
      case 'garbled_label':
        out.push({ code: 'filled_by_position', table: 'applications', row: GARBLED_ROW });
        break;
      case 'lost_label':
        out.push({ code: 'label_missing', table: 'applications', row: LOST_ROW });
        break;
      case 'money_in_yuan':
        for (const c of cells)
          if (c.table === 'proactive' && columns.find((d) => d.key === c.column)?.money)
            out.push({ code: 'unit_converted', table: c.table, row: c.row, column: c.column });
        break;
      case 'thousands':
        for (const c of cells)
          if (c.value !== null && Math.abs(c.value) >= 1000 && !isMoney(format, c))
            out.push({ code: 'thousands_separator', table: c.table, row: c.row, column: c.column });
        break;
    }
  }
  return out;
}

const isMoney = (format: string, c: TruthCell) =>
  FORMATS[format].tables[c.table].columns.find((d) => d.key === c.column)?.money === true;
