/** The consistency rules of FORMAT.md, checked on one report. Violations are findings; numbers are never changed. */
import { APPLICANT_COLUMNS, FORMATS, handlingRows, type FormatKey, type TableKey } from './format';
import { finding, type Finding, type ParsedCell } from './types';

type Ref = [row: string, column: string];

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

/** sum(lhs) = sum(rhs), checked only where every cell involved is reported (neither blank nor missing). */
function violation(eq: Equation, get: (table: TableKey, ref: Ref) => number | null | undefined, lineOf: (table: TableKey, ref: Ref) => number | null): Finding | null {
  const sum = (refs: Ref[]) => refs.map((r) => get(eq.table, r)).reduce<number | null>((a, v) => (a === null || v === null || v === undefined ? null : a + v), 0);
  const expected = sum(eq.lhs);
  const actual = sum(eq.rhs);
  if (expected === null || actual === null || Math.abs(expected - actual) < EPSILON) return null;
  return finding('rule_violation', `${eq.rule}: ${eq.text}: ${expected} ≠ ${actual}`, lineOf(eq.table, eq.lhs[0]), {
    table: eq.table,
    row: eq.row,
    column: eq.column,
    rule: eq.rule,
    expected,
    actual,
    cells: [...eq.lhs, ...eq.rhs].map(([r, c]) => `${eq.table}/${r}/${c}`),
  });
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
      { rule: 'balance', table: 'applications', column: c, lhs: [['received_new', c], ['carried_over', c]], rhs: [['total_handled', c], ['carried_forward', c]], text: `received_new + carried_over = total_handled + carried_forward (${c})` },
      { rule: 'handled_sum', table: 'applications', column: c, lhs: [['total_handled', c]], rhs: handling.map((r) => [r, c]), text: `total_handled = sum of the handling rows (${c})` },
    );
  }
  for (const { key: r } of apps.rows) {
    eqs.push({ rule: 'row_total', table: 'applications', row: r, lhs: [[r, 'total']], rhs: APPLICANT_COLUMNS.map((c) => [r, c.key]), text: `total = sum of the applicant columns (${r})` });
  }
  for (const { key: r } of FORMATS[format].tables.review_litigation.rows) {
    eqs.push({ rule: 'review_total', table: 'review_litigation', row: r, lhs: [[r, 'total']], rhs: ['upheld', 'corrected', 'other', 'pending'].map((c) => [r, c]), text: `total = upheld + corrected + other + pending (${r})` });
  }
  return eqs;
}

export function validate(format: FormatKey, cells: ParsedCell[]): Finding[] {
  const byKey = new Map(cells.map((c) => [`${c.table}/${c.row}/${c.column}`, c]));
  const present = new Set(cells.filter((c) => c.table === 'applications').map((c) => c.row));
  return equations(format, present)
    .map((eq) =>
      violation(
        eq,
        (t, [r, c]) => byKey.get(`${t}/${r}/${c}`)?.value,
        (t, [r, c]) => byKey.get(`${t}/${r}/${c}`)?.line ?? null,
      ),
    )
    .filter((f): f is Finding => f !== null);
}
