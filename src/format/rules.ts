/**
 * A format's consistency rules, expanded into equations over cell keys ("table/row/column"). Validation (one report),
 * the cross-year checks at ingest and the data-quality counts all work from these equations, so a rule is written
 * once, as data, in the format description.
 */
import { FORMATS, handlingRows } from './index';
import type { FormatKey, RuleDef, RuleTerm, TableKey } from './model';

/** A cell's key: how cells are named everywhere (validation, findings' `cells`, metrics). */
export const cellKey = (table: string, row: string, column: string) => `${table}/${row}/${column}`;

export interface EquationTerm {
  key: string;
  sign: 1 | -1;
  /** Read in the same agency's report of the year before. */
  previousYear: boolean;
}

export interface Equation {
  rule: string;
  table: TableKey;
  /** The row (rules repeated per row) or column (per column) this equation is written for. */
  row?: string;
  column?: string;
  lhs: EquationTerm[];
  rhs: EquationTerm[];
  text: string;
  /** The rule's severity and note (a weak rule's findings say why they may be honest). */
  severity: 'warning' | 'info';
  note?: string;
}

/** Which handling rows a report prints: (六)其他处理 either as one row or as its three sub-rows, whichever is present. */
function presentHandlingRows(format: FormatKey, presentRows: ReadonlySet<string>): string[] {
  return handlingRows(format)
    .filter((r) => presentRows.has(r.key) || !r.alternativeTo?.some((k) => presentRows.has(k)))
    .map((r) => r.key);
}

function termText(t: RuleTerm, i: number): string {
  const name =
    'row' in t
      ? t.row
      : 'column' in t
        ? t.column
        : 'handlingRows' in t
          ? 'sum of the handling rows'
          : `sum of the columns but ${t.columnsExcept.join(', ')}`;
  const sign = i === 0 ? (t.sign === -1 ? '−' : '') : t.sign === -1 ? ' − ' : ' + ';
  return `${sign}${name}${t.previousYear ? ' (year before)' : ''}`;
}

/** The rule in words, for one column or row: "received_new + carried_over = total_handled + carried_forward (total)". */
export const ruleText = (rule: RuleDef) => `${rule.lhs.map(termText).join('')} = ${rule.rhs.map(termText).join('')}`;

/** The rule in words, for every column or row it covers: "per applications column: received_new + … = …". */
export const ruleDescription = (rule: RuleDef) =>
  `per ${rule.table} ${rule.each}: ${ruleText(rule)}${rule.note ? ` (${rule.note})` : ''}`;

function expandRule(rule: RuleDef, format: FormatKey, presentRows: ReadonlySet<string>): Equation[] {
  const table = FORMATS[format].tables[rule.table];
  const terms = (side: RuleTerm[], row: string | null, column: string | null): EquationTerm[] =>
    side.flatMap((t) => {
      const sign: 1 | -1 = t.sign ?? 1;
      const previousYear = t.previousYear === true;
      const at = (r: string, c: string) => ({ key: cellKey(rule.table, r, c), sign, previousYear });
      if ('row' in t) return [at(t.row, column!)];
      if ('column' in t) return [at(row!, t.column)];
      if ('handlingRows' in t) return presentHandlingRows(format, presentRows).map((r) => at(r, column!));
      return table.columns.filter((c) => !t.columnsExcept.includes(c.key)).map((c) => at(row!, c.key));
    });
  const make = (row: string | null, column: string | null): Equation => {
    const lhs = terms(rule.lhs, row, column);
    const rhs = terms(rule.rhs, row, column);
    const where = row ?? column;
    return {
      rule: rule.key,
      table: rule.table,
      ...(row ? { row } : {}),
      ...(column ? { column } : {}),
      lhs,
      rhs,
      text: `${ruleText(rule)} (${where})`,
      severity: rule.severity ?? 'warning',
      ...(rule.note ? { note: rule.note } : {}),
    };
  };
  if (rule.each === 'column') return table.columns.map((c) => make(null, c.key));
  const named = [...rule.lhs, ...rule.rhs].flatMap((t) => ('column' in t ? [t.column] : []));
  return table.rows
    .filter((r) => (rule.rows ? rule.rows.includes(r.key) : named.every((c) => r.columns.includes(c))))
    .map((r) => make(r.key, null));
}

// Reports of one format mostly print the same rows: their equations are built once per (format, rows present).
const cache = new Map<string, Equation[]>();

/** The equations of a format's rules for a report printing these applications rows (all rows when not given). */
export function equations(format: FormatKey, presentRows?: ReadonlySet<string>): Equation[] {
  const present = presentRows ?? new Set(FORMATS[format].tables.applications.rows.map((r) => r.key));
  const id = `${format}:${[...present].sort().join(',')}`;
  let eqs = cache.get(id);
  if (!eqs) {
    eqs = FORMATS[format].rules.flatMap((rule) => expandRule(rule, format, present));
    if (cache.size < 100) cache.set(id, eqs);
  }
  return eqs;
}

const ofYearBefore = (t: EquationTerm) => t.previousYear;
export const acrossYears = (eq: Equation) => eq.lhs.some(ofYearBefore) || eq.rhs.some(ofYearBefore);

const EPSILON = 1e-9;

export interface Outcome {
  /** null: a cell involved is blank or missing, so the equation could not be checked. */
  expected: number | null;
  actual: number | null;
  holds: boolean | null;
}

/**
 * sum(lhs) against sum(rhs), only where every cell involved is reported (neither blank nor missing): a partial sum
 * would look like a violation, or hide one.
 */
export function check(eq: Equation, value: (key: string, previousYear: boolean) => number | null | undefined): Outcome {
  const sum = (terms: EquationTerm[]) => {
    let total = 0;
    for (const t of terms) {
      const v = value(t.key, t.previousYear);
      if (v === null || v === undefined) return null;
      total += t.sign * v;
    }
    return total;
  };
  const expected = sum(eq.lhs);
  const actual = sum(eq.rhs);
  if (expected === null || actual === null) return { expected, actual, holds: null };
  return { expected, actual, holds: Math.abs(expected - actual) < EPSILON };
}
