/**
 * The shape of a report format description. A format is data: its tables, rows, columns, labels, categories,
 * consistency rules, tell-tale labels and how the national form prints it. Everything that depends on a format —
 * detection, ordering, validation, metrics, the database dimensions, the GraphQL enums, the generator — reads it from
 * a description of this shape, so adding a format means writing one (registry.ts) and nothing else.
 */

/** A format's key: the year of the notice that introduced it ("2019", "2021"). Public interface. */
export type FormatKey = string;

export const TABLE_KEYS = ['proactive', 'applications', 'review_litigation'] as const;
export type TableKey = (typeof TABLE_KEYS)[number];

export const SECTION_KEYS = [
  'overview',
  'proactive',
  'applications',
  'review_litigation',
  'problems',
  'other',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const LEVEL_KEYS = ['province', 'city', 'county', 'township', 'department', 'zone'] as const;
export type LevelKey = (typeof LEVEL_KEYS)[number];

export interface ColumnDef {
  key: string;
  label: string;
  en: string;
  /** Header spellings seen in reports, compared after label cleaning. */
  aliases: string[];
  /** Money column: values are stored in 万元. */
  money?: boolean;
  /** Signed change ("+19", "-417"). */
  signed?: boolean;
  /** The header the national form prints, where it differs from `label`. */
  printed?: string;
}

export interface RowDef {
  key: string;
  label: string;
  en: string;
  /** Spellings matched against the printed label (after cleaning); the first is the canonical one. */
  aliases: string[];
  /** Aliases that are only trusted on an exact match, because they are contained in other labels. */
  exactOnly?: boolean;
  /** Handling rows only: the outcome category (DISPOSITION_CATEGORIES). */
  category?: string;
  /** Proactive table: the 第二十条 item whose block holds the row. */
  item?: string;
  /** Column keys of this row, in printed order. */
  columns: string[];
  /** A row that some reports leave out without anything being missing (a local variant, or one of two alternatives). */
  optional?: boolean;
  /** Rows printed either as this one row or as the rows of another set: rules take whichever is present. */
  alternativeTo?: string[];
  /** The label as the national form prints it, numbering included ("一、本年新收…"), where it differs from `label`. */
  printed?: string;
  /** Headers the national form prints over this row's block, by column key (the proactive table's money column). */
  printedHeaders?: Record<string, string>;
}

export interface TableDef {
  key: TableKey;
  label: string;
  en: string;
  rows: RowDef[];
  columns: ColumnDef[];
  /** The header rows the national form prints above the data rows (the generator prints them; none: one label row). */
  printedHeader?: string[][];
  /** The label printed before the first handling row, spanning the handling block (三、本年度办理结果). */
  printedHandlingBlock?: string;
}

/**
 * One side of a rule's equation: terms added up (a term with sign −1 is subtracted). A rule is written for one
 * column (or one row) and holds for each column (row) of its table: a term names a row (a column) of that
 * column (row), or a set of them.
 */
export type RuleTerm = (
  | { row: string }
  | { column: string }
  /** Every handling row (rows with a category), the alternatives the report prints. */
  | { handlingRows: true }
  /** Every column of the table but these. */
  | { columnsExcept: string[] }
) & {
  sign?: -1;
  /** The same agency's report of the year before (rules across years). */
  previousYear?: true;
};

export interface RuleDef {
  key: string;
  label: string;
  table: TableKey;
  /**
   * How sure a violation is (default warning). A weak rule, one that honest reports can break, says so with a lower
   * severity and a note that its findings quote.
   */
  severity?: 'warning' | 'info';
  /** Why the rule is weak: printed in its description and in each finding. */
  note?: string;
  /** The equation is repeated for each column of the table (terms name rows) or each row (terms name columns). */
  each: 'column' | 'row';
  /** With each: 'row', only these rows (default: every row printing every column the terms name). */
  rows?: string[];
  lhs: RuleTerm[];
  rhs: RuleTerm[];
}

export const ruleAcrossYears = (r: RuleDef) => [...r.lhs, ...r.rhs].some((t) => t.previousYear);

export interface FormatDef {
  key: FormatKey;
  /** The notice that introduced it. */
  label: string;
  en: string;
  /** The report years it is the national format for; reports of other years may still print it. */
  years: { from: number; to?: number };
  /** Labels that only this format prints: the parser detects the format from these, never from the year. */
  tellTales: string[];
  tables: Record<TableKey, TableDef>;
  /** The consistency rules (勾稽关系) its reports must satisfy, within a report and across years. */
  rules: RuleDef[];
}

export interface SectionDef {
  key: SectionKey;
  label: string;
  en: string;
  /** Heading patterns, tested against the cleaned heading with its numbering removed. */
  headings: RegExp[];
}

export interface CategoryDef {
  key: string;
  label: string;
  en: string;
  /** As the national form prints it beside its rows ("（三）不予公开"). */
  printed: string;
}
