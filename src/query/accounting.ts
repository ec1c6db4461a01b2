/**
 * Buckets that account for themselves. An aggregation first decides, for every report the filter selects, whether
 * its numbers enter the bucket and if not why — a blank cell, a cell not found, a row its format does not print, a
 * rule the query excludes — then sums only the reports used, so that a share is always computed over reports that
 * print both its numerator and its denominator, and every bucket can be reconciled with its reports.
 */
import type { SelectQueryBuilder } from 'typeorm';
import { STATUS } from '../model/summary';

// The standings and rule flags are shared with the summary rows (model/summary.ts), which store them per report.
export { STATUS, rulesOn, violatesAny } from '../model/summary';
export { constantRows } from '../model/literals';

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

/**
 * Where a bucket's reports come from: a subquery of one row per report (and detail), with `status` and `violating`;
 * or, `weighted`, of rows that each stand for `w` reports of one standing (the rollups: model/rollup.ts).
 */
export function addAccounting(
  qb: SelectQueryBuilder<object>,
  from: string,
  weighted = false,
): SelectQueryBuilder<object> {
  const one = weighted ? `${from}."w"` : '1';
  qb.addSelect(weighted ? `SUM(${one})` : 'COUNT(*)', 'reports');
  for (const [field, status] of [
    ['reportsUsed', STATUS.used],
    ['reportsBlank', STATUS.blank],
    ['reportsMissing', STATUS.missing],
    ['reportsNotPrinted', STATUS.notPrinted],
    ['reportsExcluded', STATUS.excluded],
  ])
    qb.addSelect(`SUM(CASE WHEN ${from}."status" = '${status}' THEN ${one} ELSE 0 END)`, field);
  qb.addSelect(
    `SUM(CASE WHEN ${from}."status" = '${STATUS.used}' THEN ${from}."violating"${weighted ? ` * ${one}` : ''} ELSE 0 END)`,
    'reportsViolating',
  );
  return qb;
}
