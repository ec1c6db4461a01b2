import type { FormatKey, LevelKey, TableKey } from './format';
import type { GridPosition } from './text';

export type Severity = 'error' | 'warning' | 'info';

/** Everything the parser can say about a report it is unsure of. Codes are public (database, API, docs). */
export const FINDING_CODES = {
  format_uncertain: { severity: 'warning', description: 'the format generation could not be told from the labels' },
  year_from_body: { severity: 'warning', description: 'the title names no year; the year was read from the text' },
  section_missing: { severity: 'info', description: 'a section heading was not found' },
  table_missing: { severity: 'error', description: 'a table was not found' },
  caption_typo: { severity: 'info', description: 'a 第二十条 block caption is misprinted' },
  column_missing: { severity: 'warning', description: 'the table header lacks a column of the national format' },
  label_missing: { severity: 'warning', description: 'a row label was lost; the row was assigned by its position in the format' },
  row_unrecognized: { severity: 'warning', description: 'a row of numbers whose label matches no row of the format; not recorded' },
  row_missing: { severity: 'warning', description: 'a row of the format was not found in the text' },
  row_duplicate: { severity: 'warning', description: 'a row appears twice; the first one was kept' },
  row_incomplete: { severity: 'warning', description: 'a row has fewer values than columns; its values were not assigned' },
  row_extra_values: { severity: 'warning', description: 'a row has more values than columns; its values were not assigned' },
  value_without_column: { severity: 'warning', description: 'a value was printed under a column the table does not have; not recorded' },
  garbled_cell: { severity: 'warning', description: 'a cell holds a garbled count such as "00" or "0 0"; read as 0' },
  unreadable_cell: { severity: 'error', description: 'a cell could not be read as a number; not recorded' },
  unit_assumed: { severity: 'warning', description: 'a money amount has no unit; kept as printed and assumed to be 万元' },
  unit_converted: { severity: 'info', description: 'a money amount printed in 元 was converted to 万元' },
  review_cells_mismatch: { severity: 'warning', description: 'the review/litigation table does not have 15 cells; not recorded' },
  rule_violation: { severity: 'warning', description: 'a consistency rule of FORMAT.md does not hold' },
} as const satisfies Record<string, { severity: Severity; description: string }>;

export type FindingCode = keyof typeof FINDING_CODES;

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  /** Source line, where one can be named. */
  line: number | null;
  table?: TableKey;
  row?: string;
  column?: string;
  rule?: string;
  expected?: number;
  actual?: number;
  /** The cells a rule involved, as "table/row/column". */
  cells?: string[];
}

export interface ParsedCell {
  table: TableKey;
  row: string;
  column: string;
  /** null: printed blank (not reported). A cell that could not be found is absent, with a finding. */
  value: number | null;
  /** The cell as printed. */
  raw: string;
  /** Line of the document's text view (the text itself, or what `gongkai parse --text` shows of an HTML, Word or PDF file). */
  line: number;
  /** PDF: the page. */
  page?: number;
  /** HTML and Word: table, row and column in the document. */
  at?: GridPosition;
}

export interface AgencyInfo {
  /** As printed in the title (湖塘乡). */
  name: string;
  /** The issuing body from the signature where it names the agency (丰城市湖塘乡人民政府), else the name. */
  fullName: string;
  region: string | null;
  level: LevelKey | null;
}

export type SourceKind = 'text' | 'html' | 'docx' | 'pdf';

export interface ParsedReport {
  source: string;
  agency: AgencyInfo;
  year: number;
  format: FormatKey;
  /** ISO date (YYYY-MM-DD) where printed. */
  publishedOn: string | null;
  /** What the file was: text, a web page, a Word file or a PDF (see documents/sniff.ts). */
  sourceKind: SourceKind;
  /** Text and web pages: the encoding the bytes were read in. */
  encoding: string | null;
  sections: { overview: string | null; problems: string | null; other: string | null };
  cells: ParsedCell[];
  findings: Finding[];
}

export function finding(code: FindingCode, message: string, line: number | null, extra: Partial<Finding> = {}): Finding {
  return { code, severity: FINDING_CODES[code].severity, message, line, ...extra };
}
