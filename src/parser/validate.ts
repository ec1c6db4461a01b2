/** The consistency rules of the report's format, checked on one report. Violations are findings; numbers never change. */
import { acrossYears, cellKey, check, equations, type Equation, type FormatKey } from '../format';
import { finding, type Finding, type ParsedCell } from './types';

/** A finding for an equation that does not hold (null when it holds or cannot be checked). */
export function violation(
  eq: Equation,
  value: (key: string, previousYear: boolean) => number | null | undefined,
  line: number | null,
  keyText: (key: string, previousYear: boolean) => string = (key) => key,
): Finding | null {
  const outcome = check(eq, value);
  if (outcome.holds !== false) return null;
  return finding('rule_violation', `${eq.rule}: ${eq.text}: ${outcome.expected} ≠ ${outcome.actual}`, line, {
    table: eq.table,
    row: eq.row,
    column: eq.column,
    rule: eq.rule,
    expected: outcome.expected!,
    actual: outcome.actual!,
    cells: [...eq.lhs, ...eq.rhs].map((t) => keyText(t.key, t.previousYear)),
  });
}

/** The rules within one report (rules across years are checked at ingest, where the year before is stored). */
export function validate(format: FormatKey, cells: ParsedCell[]): Finding[] {
  const byKey = new Map(cells.map((c) => [cellKey(c.table, c.row, c.column), c]));
  const present = new Set(cells.filter((c) => c.table === 'applications').map((c) => c.row));
  const out: Finding[] = [];
  for (const eq of equations(format, present)) {
    if (acrossYears(eq)) continue;
    const f = violation(eq, (key) => byKey.get(key)?.value, byKey.get(eq.lhs[0].key)?.line ?? null);
    if (f) out.push(f);
  }
  return out;
}
