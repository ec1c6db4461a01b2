import { expect } from 'vitest';
import type { SyntheticReport } from '../../src/generate/model';
import type { ParsedReport } from '../../src/parser/types';

const key = (c: { table: string; row: string; column: string }) => `${c.table}/${c.row}/${c.column}`;

/**
 * A parsed synthetic report is what was generated: metadata, every cell, exactly the planted rule violations and the
 * findings its variants call for, all read.
 */
export function expectSame(parsed: ParsedReport, report: SyntheticReport): void {
  expect(parsed.agency).toEqual(report.agency);
  expect([parsed.year, parsed.format, parsed.publishedOn]).toEqual([report.year, report.format, report.publishedOn]);
  expect(new Map(parsed.cells.map((c) => [key(c), c.value]))).toEqual(
    new Map(report.cells.map((c) => [key(c), c.value])),
  );
  const rules = parsed.findings
    .filter((f) => f.code === 'rule_violation')
    .map((f) => ({ rule: f.rule, row: f.row, column: f.column }));
  expect(rules).toEqual(
    expect.arrayContaining(report.violations.map((v) => ({ rule: v.rule, row: v.row, column: v.column }))),
  );
  expect(rules).toHaveLength(report.violations.length);
  // The findings its variants call for, and no other.
  const named = (f: { code: string; table?: string; row?: string; column?: string }) =>
    [f.code, f.table ?? '', f.row ?? '', f.column ?? ''].join('/');
  expect(
    parsed.findings
      .filter((f) => f.code !== 'rule_violation')
      .map(named)
      .sort(),
  ).toEqual(report.expectedFindings.map(named).sort());
  // Every row the format prints in full is printed: all of it was read.
  expect(parsed.completeness).toEqual({ found: report.cells.length, expected: report.cells.length, ratio: 1 });
}
