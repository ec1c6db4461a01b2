import { expect } from 'vitest';
import { FORMATS, type TableKey } from '../../src/format';
import type { ParsedReport } from '../../src/parser/types';

export type Rows = Record<string, (number | null)[]>;

/**
 * Asserts a whole table: exactly these rows, each with these values in the format's column order
 * (or in `columns` order where given). A row left out here must be absent from the parse.
 */
export function expectTable(report: ParsedReport, table: TableKey, rows: Rows, columns?: string[]): void {
  const got: Rows = {};
  const defs = FORMATS[report.format].tables[table].rows;
  for (const row of defs) {
    const cols = columns ?? row.columns;
    const cells = cols.map((k) => report.cells.find((c) => c.table === table && c.row === row.key && c.column === k));
    if (cells.every((c) => c === undefined)) continue;
    got[row.key] = cells.map((c) => (c === undefined ? ('missing' as unknown as number) : c.value));
  }
  expect(got).toEqual(rows);
  const extra = report.cells.filter(
    (c) => c.table === table && !(columns ?? defs.find((d) => d.key === c.row)?.columns ?? []).includes(c.column),
  );
  expect(extra).toEqual([]);
}

export const zeros = (n: number) => Array<number>(n).fill(0);

/** The rows of a table from the format description, all with the same values. */
export function allRows(
  format: '2019' | '2021',
  table: TableKey,
  values: (columns: number) => (number | null)[],
  skip: string[] = [],
): Rows {
  const out: Rows = {};
  for (const row of FORMATS[format].tables[table].rows) {
    if (row.optional || skip.includes(row.key)) continue;
    out[row.key] = values(row.columns.length);
  }
  return out;
}

export function findingSummary(report: ParsedReport): string[] {
  return report.findings.map(
    (f) => `${f.code}@${f.line ?? '-'} ${[f.table, f.row, f.column].filter(Boolean).join('/')}`,
  );
}
