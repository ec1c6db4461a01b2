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
  const note = eq.note ? ` (${eq.note})` : '';
  return finding('rule_violation', `${eq.rule}: ${eq.text}: ${outcome.expected} ≠ ${outcome.actual}${note}`, line, {
    severity: eq.severity,
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
  return checkRules(format, cells).findings;
}

/**
 * The rules within one report: their violations, and the rules that could be checked at all — those with at least
 * one equation whose every cell is printed (a report that prints a table blank checks nothing on it).
 */
export function checkRules(format: FormatKey, cells: ParsedCell[]): { findings: Finding[]; checked: string[] } {
  const byKey = new Map(cells.map((c) => [cellKey(c.table, c.row, c.column), c]));
  const present = new Set(cells.filter((c) => c.table === 'applications').map((c) => c.row));
  const findings: Finding[] = [];
  const checked = new Set<string>();
  for (const eq of equations(format, present)) {
    if (acrossYears(eq)) continue;
    const value = (key: string) => byKey.get(key)?.value;
    if (check(eq, value).holds !== null) checked.add(eq.rule);
    const f = violation(eq, value, byKey.get(eq.lhs[0].key)?.line ?? null);
    if (f) findings.push(f);
  }
  return { findings, checked: [...checked] };
}
