/** The findings vocabulary: what gongkai can say about a report it is unsure of. Public, like the format's keys. */
export type Severity = 'error' | 'warning' | 'info';

/** Everything the parser can say about a report it is unsure of. Codes are public (database, API, docs). */
export const FINDING_CODES = {
  agency_ambiguous: {
    severity: 'warning',
    description: "the agency's name fits several administrative divisions and the report does not tell which",
  },
  division_unresolved: {
    severity: 'warning',
    description: "the agency's name names no administrative division of the gazetteer",
  },
  file_truncated: {
    severity: 'warning',
    description: 'the file ends in the middle of a character (a cut-off download): what follows was lost',
  },
  format_uncertain: { severity: 'warning', description: 'the format generation could not be told from the labels' },
  year_from_body: { severity: 'warning', description: 'the title names no year; the year was read from the text' },
  title_missing: {
    severity: 'warning',
    description: 'no title names the agency; the agency was taken from the signature closing the report',
  },
  section_missing: { severity: 'info', description: 'a section heading was not found' },
  section_by_content: {
    severity: 'info',
    description: 'a table whose heading is misprinted or missing was found by what it prints (its header or caption)',
  },
  table_missing: { severity: 'error', description: 'a table was not found' },
  caption_typo: { severity: 'info', description: 'a 第二十条 block caption is misprinted' },
  column_missing: { severity: 'warning', description: 'the table header lacks a column of the national format' },
  column_assumed: {
    severity: 'warning',
    description:
      'the table header lacks a column of the national format, but rows print its values: read in the national order',
  },
  label_missing: {
    severity: 'warning',
    description: 'a row label was lost; the row was assigned by its position in the format',
  },
  label_fragments: {
    severity: 'info',
    description:
      'a label that is not whole (interleaved with another in a PDF) was matched by fragments only its row prints',
  },
  filled_by_position: {
    severity: 'warning',
    description:
      'rows whose labels were not recognized were filled by their position in the format; every consistency rule over them holds',
  },
  row_unrecognized: {
    severity: 'warning',
    description: 'a row of numbers whose label matches no row of the format; not recorded',
  },
  row_missing: { severity: 'warning', description: 'a row of the format was not found in the text' },
  row_duplicate: { severity: 'warning', description: 'a row appears twice; the first one was kept' },
  row_incomplete: {
    severity: 'warning',
    description: 'a row has fewer values than columns; its values were not assigned',
  },
  row_extra_values: {
    severity: 'warning',
    description: 'a row has more values than columns; its values were not assigned',
  },
  value_without_column: {
    severity: 'warning',
    description: 'a value was printed under a column the table does not have; not recorded',
  },
  garbled_cell: { severity: 'warning', description: 'a cell holds a garbled count such as "00" or "0 0"; read as 0' },
  unreadable_cell: {
    severity: 'error',
    description:
      'a cell could not be read as a number (a fraction or unit in a count, a stray comma, out of range); not recorded',
  },
  thousands_separator: { severity: 'info', description: 'a number printed with thousands separators (1,234) was read' },
  unit_assumed: {
    severity: 'warning',
    description: 'a money amount has no unit; kept as printed and assumed to be 万元',
  },
  unit_converted: { severity: 'info', description: 'a money amount printed in 元 was converted to 万元' },
  review_cells_mismatch: {
    severity: 'warning',
    description: 'the review/litigation table does not have 15 cells; not recorded',
  },
  rule_violation: {
    severity: 'warning',
    description: 'a consistency rule of FORMAT.md does not hold (a weak rule such as stock_flow: info)',
  },
  published_late: {
    severity: 'warning',
    description:
      'published after the deadline of 条例第四十九条 for the agency’s kind (closing date, or the page’s date)',
  },
  prose_mismatch: {
    severity: 'warning',
    description:
      'a figure the narrative states differs from the table cells it speaks of; both are quoted, none changed',
  },
} as const satisfies Record<string, { severity: Severity; description: string }>;

export type FindingCode = keyof typeof FINDING_CODES;
