/** The consistency rules of FORMAT.md, checked on one report. Violations are findings; numbers are never changed. */
import { APPLICANT_COLUMNS, FORMATS, handlingRows, type FormatKey, type TableKey } from '../format';
import { finding, type Finding, type ParsedCell } from './types';

type Ref = [row: string, column: string];

const cellKey = (table: TableKey, [row, column]: Ref) => `${table}/${row}/${column}`;

const EPSILON = 1e-9;

interface Equation {
  rule: string;
  table: TableKey;
  row?: string;
  column?: string;
  lhs: Ref[];
  rhs: Ref[];
  text: string;
}

/** An equation with its cells' keys ("table/row/column") worked out once. */
interface Prepared extends Equation {
  lhsKeys: string[];
  rhsKeys: string[];
}

/** sum(lhs) = sum(rhs), checked only where every cell involved is reported (neither blank nor missing). */
function violation(eq: Prepared, cells: Map<string, ParsedCell>): Finding | null {
  const sum = (keys: string[]) => {
    let total = 0;
    for (const k of keys) {
      const v = cells.get(k)?.value;
      if (v === null || v === undefined) return null;
      total += v;
    }
    return total;
  };
  const expected = sum(eq.lhsKeys);
  const actual = sum(eq.rhsKeys);
  if (expected === null || actual === null || Math.abs(expected - actual) < EPSILON) return null;
  return finding(
    'rule_violation',
    `${eq.rule}: ${eq.text}: ${expected} ≠ ${actual}`,
    cells.get(eq.lhsKeys[0])?.line ?? null,
    {
      table: eq.table,
      row: eq.row,
      column: eq.column,
      rule: eq.rule,
      expected,
      actual,
      cells: [...eq.lhsKeys, ...eq.rhsKeys],
    },
  );
}

function equations(format: FormatKey, presentRows: Set<string>): Equation[] {
  const apps = FORMATS[format].tables.applications;
  // (六)其他处理 is printed either as one row or as its three sub-rows: sum whichever the report has.
  const handling = handlingRows(format)
    .filter((r) => presentRows.has(r.key) || !r.alternativeTo?.some((k) => presentRows.has(k)))
    .map((r) => r.key);
  const eqs: Equation[] = [];
  for (const { key: c } of apps.columns) {
    eqs.push(
      {
        rule: 'balance',
        table: 'applications',
        column: c,
        lhs: [
          ['received_new', c],
          ['carried_over', c],
        ],
        rhs: [
          ['total_handled', c],
          ['carried_forward', c],
        ],
        text: `received_new + carried_over = total_handled + carried_forward (${c})`,
      },
      {
        rule: 'handled_sum',
        table: 'applications',
        column: c,
        lhs: [['total_handled', c]],
        rhs: handling.map((r) => [r, c]),
        text: `total_handled = sum of the handling rows (${c})`,
      },
    );
  }
  for (const { key: r } of apps.rows) {
    eqs.push({
      rule: 'row_total',
      table: 'applications',
      row: r,
      lhs: [[r, 'total']],
      rhs: APPLICANT_COLUMNS.map((c) => [r, c.key]),
      text: `total = sum of the applicant columns (${r})`,
    });
  }
  for (const { key: r } of FORMATS[format].tables.review_litigation.rows) {
    eqs.push({
      rule: 'review_total',
      table: 'review_litigation',
      row: r,
      lhs: [[r, 'total']],
      rhs: ['upheld', 'corrected', 'other', 'pending'].map((c) => [r, c]),
      text: `total = upheld + corrected + other + pending (${r})`,
    });
  }
  return eqs;
}

// Reports of one format mostly print the same rows: their equations are built once.
const cache = new Map<string, Prepared[]>();

function equationsFor(format: FormatKey, present: Set<string>): Prepared[] {
  const key = `${format}:${[...present].sort().join(',')}`;
  let eqs = cache.get(key);
  if (!eqs) {
    eqs = equations(format, present).map((eq) => ({
      ...eq,
      lhsKeys: eq.lhs.map((r) => cellKey(eq.table, r)),
      rhsKeys: eq.rhs.map((r) => cellKey(eq.table, r)),
    }));
    if (cache.size < 100) cache.set(key, eqs);
  }
  return eqs;
}

export function validate(format: FormatKey, cells: ParsedCell[]): Finding[] {
  const byKey = new Map(cells.map((c) => [`${c.table}/${c.row}/${c.column}`, c]));
  const present = new Set(cells.filter((c) => c.table === 'applications').map((c) => c.row));
  return equationsFor(format, present)
    .map((eq) => violation(eq, byKey))
    .filter((f): f is Finding => f !== null);
}
