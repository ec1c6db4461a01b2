import type { FormatKey, LevelKey, SectionKey, TableKey } from '../format';
import type { Organ } from '../divisions/organs';
import type { GridPosition } from './text';

import { FINDING_CODES, type FindingCode, type Severity } from '../format/findings';

export { FINDING_CODES, type FindingCode, type Severity };

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
  /** The division of the gazetteer (统计用区划代码) it belongs to; null when unresolved or ambiguous (with a finding). */
  divisionCode: string | null;
  /** Which body of the division: its government, the government's office, a department, a township, a zone. */
  organ: Organ | null;
  /** From the resolution: the division's level for a government, township or zone; department for offices too. */
  level: LevelKey | null;
  /** The divisions the name may mean when the report does not tell which (codes). */
  candidates: string[];
}

export type SourceKind = 'text' | 'html' | 'docx' | 'pdf';

/** The date a web page says it was published on, read from its chrome before the page is cut down to the report. */
export interface PageDate {
  iso: string;
  /** What said so: the label printed before it (发布时间) or the meta tag (meta PubDate). */
  label: string;
  /** The date as printed, with its label. */
  printed: string;
}

/** A section heading as found: where the section starts. */
export interface SectionHeading {
  key: SectionKey;
  line: number;
  page?: number;
}

/**
 * A figure the narrative states (format/prose.ts), and what the tables say of it. Kept whatever the outcome: prose
 * never changes a number.
 */
export interface ProseFigure {
  /** The figure's key in format/prose.ts (received_new, review, on_time_rate, …). */
  key: string;
  value: number;
  unit: 'count' | 'percent';
  /** The clause that states it, as printed (at most 200 characters). */
  text: string;
  line: number;
  page?: number;
  section: SectionKey | null;
  /**
   * agrees / contradicts: compared with the table cells; not_checkable: prose only, or qualified (a change, another
   * year); cell_missing: the tables do not print every cell it speaks of.
   */
  outcome: 'agrees' | 'contradicts' | 'not_checkable' | 'cell_missing';
  reason?: string;
  /** The cells it speaks of ("table/row/column"); their sum and the line of the first, where all are printed. */
  cells?: string[];
  tableValue?: number;
  tableLine?: number;
}

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
  /** The section headings found, in printed order. */
  headings: SectionHeading[];
  /** Web pages: the publication date the page states outside the report, where it states one. */
  pageDate: PageDate | null;
  cells: ParsedCell[];
  findings: Finding[];
  /** The consistency rules within the report that could be checked (at least one equation fully printed). */
  rulesChecked: string[];
  /** Cells found over the cells the format expects (format/completeness.ts). */
  completeness: { found: number; expected: number; ratio: number };
  /** Figures the narrative states, compared with the tables. */
  prose: ProseFigure[];
  /**
   * The narrative (overview, problems, other) as copy detection compares it: its length once normalized and its
   * MinHash bands (similarity/), computed here so that parser workers, not the storing thread, pay for it.
   */
  narrative: { chars: number; bands: number[] };
}

export function finding(
  code: FindingCode,
  message: string,
  line: number | null,
  extra: Partial<Finding> = {},
): Finding {
  return { code, severity: FINDING_CODES[code].severity, message, line, ...extra };
}
