/**
 * Buckets that account for themselves. An aggregation first decides, for every report the filter selects, whether
 * its numbers enter the bucket and if not why — a blank cell, a cell not found, a row its format does not print, a
 * rule the query excludes — then sums only the reports used, so that a share is always computed over reports that
 * print both its numerator and its denominator, and every bucket can be reconciled with its reports.
 */
import type { SelectQueryBuilder } from 'typeorm';
import type { RuleDef } from '../format';
import { keyLiteral, num } from './sql';

/** A report's standing in one bucket. */
export const STATUS = {
  used: 'used',
  /** A cell it reads is printed blank (blank is not 0). */
  blank: 'blank',
  /** A cell it reads was not found in the report (a finding on the report says why). */
  missing: 'missing',
  /** The report's format does not print the row (or the report printed the row's alternative). */
  notPrinted: 'not_printed',
  /** The report breaks a rule the query excludes (excludeViolations). */
  excluded: 'excluded',
} as const;

export interface Accounting {
  /** Reports in the bucket: every report the filter selects for it. */
  reports: number;
  /** Reports whose numbers are summed in the bucket. */
  reportsUsed: number;
  reportsBlank: number;
  reportsMissing: number;
  reportsNotPrinted: number;
  reportsExcluded: number;
  /** Of the reports used, those breaking a consistency rule that reads the bucket's cells. */
  reportsViolating: number;
}

/** Where a bucket's reports come from: a subquery of one row per report (and detail), with `status` and `violating`. */
export function addAccounting(qb: SelectQueryBuilder<object>, from: string): SelectQueryBuilder<object> {
  qb.addSelect(`COUNT(*)`, 'reports');
  for (const [field, status] of [
    ['reportsUsed', STATUS.used],
    ['reportsBlank', STATUS.blank],
    ['reportsMissing', STATUS.missing],
    ['reportsNotPrinted', STATUS.notPrinted],
    ['reportsExcluded', STATUS.excluded],
  ])
    qb.addSelect(`SUM(CASE WHEN ${from}."status" = '${status}' THEN 1 ELSE 0 END)`, field);
  qb.addSelect(
    `SUM(CASE WHEN ${from}."status" = '${STATUS.used}' THEN ${from}."violating" ELSE 0 END)`,
    'reportsViolating',
  );
  return qb;
}

export function accounting(row: Record<string, unknown>): Accounting {
  return {
    reports: num(row.reports)!,
    reportsUsed: num(row.reportsUsed)!,
    reportsBlank: num(row.reportsBlank)!,
    reportsMissing: num(row.reportsMissing)!,
    reportsNotPrinted: num(row.reportsNotPrinted)!,
    reportsExcluded: num(row.reportsExcluded)!,
    reportsViolating: num(row.reportsViolating)!,
  };
}

/** 1 when the report (`r`) has a rule_violation of one of these rules, else 0. */
export function violatesAny(rules: readonly string[]): string {
  if (rules.length === 0) return '0';
  return `CASE WHEN EXISTS (SELECT 1 FROM finding vf WHERE vf.report_id = r.id AND vf.code = 'rule_violation' AND vf.rule IN (${rules.map(keyLiteral).join(', ')})) THEN 1 ELSE 0 END`;
}

/** The rules that read cells of a table (those that can make a bucket over that table wrong). */
export const rulesOn = (rules: RuleDef[], table: string) => rules.filter((r) => r.table === table).map((r) => r.key);

/** A derived table of constant rows, the same SQL on both databases. */
export function constantRows(rows: Record<string, string | number>[]): string {
  return rows
    .map(
      (r) =>
        `SELECT ${Object.entries(r)
          .map(([k, v]) => `${typeof v === 'number' ? v : keyLiteral(v)} AS "${k}"`)
          .join(', ')}`,
    )
    .join(' UNION ALL ');
}
