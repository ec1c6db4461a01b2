/**
 * Positional fill, a checked fallback. Where labels leave rows of a table unplaced, its numbers can still be put in
 * the format's order: a single unrecognised row between two recognised neighbours is the one row missing there, and a
 * table whose numbers count exactly its rows × columns is its rows in order. A fill is kept only when every
 * consistency rule over the cells it adds can be checked and holds, and it agrees with every row the labels placed:
 * otherwise the rows stay missing, with their findings.
 */
import {
  acrossYears,
  cellKey,
  check,
  equations,
  printedRowSets,
  type FormatDef,
  type RowDef,
  type TableDef,
  type TableKey,
} from '../format';
import type { Cell, RecordRow } from './layout';
import { fit, split, toCells, type TableResult, type Unplaced } from './tables';
import { finding, type Finding, type ParsedCell } from './types';

/**
 * The rules of the table over the rows it prints, counted per rule, when every one that reads a cell of `added` (or
 * every one, without it) can be checked and holds; null otherwise, or when no rule reads them.
 */
function rulesHold(
  format: FormatDef,
  table: TableKey,
  rows: RowDef[],
  cells: ParsedCell[],
  added?: Set<string>,
): Map<string, number> | null {
  const value = new Map(cells.map((c) => [cellKey(c.table, c.row, c.column), c.value]));
  const printed = new Set(rows.map((r) => r.key));
  const rowOf = (key: string) => key.split('/')[1];
  const counts = new Map<string, number>();
  for (const eq of equations(format.key, printed)) {
    const terms = [...eq.lhs, ...eq.rhs];
    if (eq.table !== table || acrossYears(eq) || terms.some((t) => !printed.has(rowOf(t.key)))) continue;
    if (added && !terms.some((t) => added.has(t.key))) continue;
    if (check(eq, (k) => value.get(k)).holds !== true) return null;
    counts.set(eq.rule, (counts.get(eq.rule) ?? 0) + 1);
  }
  return counts.size > 0 ? counts : null;
}

const countsText = (counts: Map<string, number>) => [...counts].map(([rule, n]) => `${n} ${rule}`).join(', ');

const keyOf = (c: ParsedCell) => cellKey(c.table, c.row, c.column);

/** A row's values as cells, or null when one of them cannot be read (a fill must place every cell it claims). */
function rowCells(table: TableDef, row: RowDef, values: Cell[]): TableResult | null {
  const columns = row.columns.map((k) => table.columns.find((c) => c.key === k)!);
  const t = toCells(table.key, row, columns, values, () => null);
  return t.cells.length === columns.length ? t : null;
}

interface Placement {
  run: Unplaced[];
  /** The rows the run stands for, in order. */
  rows: RowDef[];
  cells: ParsedCell[];
  findings: Finding[];
  /** Per row of the run: the number that stood where its lost label would, dropped. */
  dropped: (string | null)[];
}

/**
 * A run of rows that labels did not place, between two rows that they did (or the table's start or end), in a report
 * printing these rows: the rows missing there, in order, when there are exactly as many and every value reads.
 */
function place(table: TableDef, rows: RowDef[], placed: Set<string>, run: Unplaced[]): Placement | null {
  const { after, before } = run[0];
  const a = after === null ? -1 : rows.findIndex((r) => r.key === after);
  const b = before === null ? rows.length : rows.findIndex((r) => r.key === before);
  if (a < -1 || b < 0 || b - a - 1 !== run.length) return null;
  const missing = rows.slice(a + 1, b);
  if (missing.some((r) => placed.has(r.key))) return null;
  const out: Placement = { run, rows: missing, cells: [], findings: [], dropped: [] };
  for (const [i, u] of run.entries()) {
    const row = missing[i];
    const columns = row.columns.map((k) => table.columns.find((c) => c.key === k)!);
    const f = fit(u.values, columns, { table: table.key, row: row.key }, u.line, { labelLost: u.labelLost });
    const t = f.cells && rowCells(table, row, f.cells);
    if (!t) return null;
    out.cells.push(...t.cells);
    out.findings.push(...t.findings);
    out.dropped.push(f.dropped ? f.dropped.raw.trim() : null);
  }
  return out;
}

/** The result with these placements, when every rule over the cells they add can be checked and holds. */
function accept(format: FormatDef, key: TableKey, result: TableResult, rows: RowDef[], placements: Placement[]) {
  const added = placements.flatMap((p) => p.cells);
  const cells = [...result.cells, ...added];
  const counts = rulesHold(format, key, rows, cells, new Set(added.map(keyOf)));
  if (!counts) return null;
  const n = [...counts.values()].reduce((x, y) => x + y, 0);
  const table = format.tables[key];
  const name = (k: string | null) =>
    k === null ? "the table's edge" : `${table.rows.find((r) => r.key === k)!.label} (${k})`;
  const all = placements.flatMap((p) => p.run).length;
  const checked = `every consistency rule over ${all > 1 ? 'them' : 'it'} holds (${n} equations)`;
  const findings: Finding[] = [];
  for (const p of placements) {
    const { after, before } = p.run[0];
    const where = `between ${name(after)} and ${name(before)}`;
    for (const [i, u] of p.run.entries()) {
      const row = p.rows[i];
      const at = { table: key, row: row.key };
      const missing = p.run.length === 1 ? 'one row is' : `${p.run.length} rows are`;
      findings.push(
        u.labelLost
          ? finding(
              'label_missing',
              `a row with no label of its own (${p.dropped[i] === null ? `"${u.label}"` : `its label replaced by the number "${p.dropped[i]}", dropped`}) stands ${where}, where ${missing} missing: taken as ${name(row.key)} by its position, and ${checked}`,
              u.line,
              at,
            )
          : finding(
              'filled_by_position',
              `the label "${u.label}" matches no row; it stands ${where}, where only ${name(row.key)} is missing: filled there, and ${checked}`,
              u.line,
              at,
            ),
      );
    }
    findings.push(...p.findings);
  }
  const lines = new Set(placements.flatMap((p) => p.run.map((u) => u.line)));
  const filled = new Set(placements.flatMap((p) => p.rows.map((r) => r.key)));
  const kept = result.findings.filter(
    (x) =>
      !(x.code === 'row_unrecognized' && x.line !== null && lines.has(x.line)) &&
      !(x.code === 'row_missing' && x.row !== undefined && filled.has(x.row)),
  );
  return { ...result, cells, findings: [...kept, ...findings] };
}

/**
 * The runs of unplaced rows, placed together where every rule over all they add holds (two rows missing from one
 * handling column are checked only together), else each where the rules over it hold.
 */
function fillRuns(format: FormatDef, key: TableKey, result: TableResult, runs: Unplaced[][]): TableResult {
  const table = format.tables[key];
  const placed = new Set(result.cells.map((c) => c.row));
  for (const rows of printedRowSets(table)) {
    const placements = runs.map((run) => place(table, rows, placed, run));
    if (placements.every((p) => p !== null)) {
      const all = accept(format, key, result, rows, placements as Placement[]);
      if (all) return all;
    }
  }
  let out = result;
  for (const run of runs)
    for (const rows of printedRowSets(table)) {
      const p = place(table, rows, new Set(out.cells.map((c) => c.row)), run);
      const one = p && accept(format, key, out, rows, [p]);
      if (one) {
        out = one;
        break;
      }
    }
  return out;
}

/** The whole table by position, when its numbers count exactly its rows × columns. */
function fillTable(format: FormatDef, key: TableKey, result: TableResult, records: RecordRow[]): TableResult | null {
  const table = format.tables[key];
  const values = records.flatMap((r) => split(r).values).filter((c) => c.text !== '');
  const placed = new Map(result.cells.map((c) => [keyOf(c), c.value]));
  for (const rows of printedRowSets(table)) {
    const widths = rows.map((r) => r.columns.length);
    if (values.length !== widths.reduce((x, y) => x + y, 0)) continue;
    const cells: ParsedCell[] = [];
    const findings: Finding[] = [];
    let at = 0;
    for (const [i, row] of rows.entries()) {
      const t = rowCells(table, row, values.slice(at, at + widths[i]));
      at += widths[i];
      if (!t) break;
      cells.push(...t.cells);
      findings.push(...t.findings);
    }
    if (at !== values.length || cells.length !== values.length) continue;
    if (cells.some((c) => placed.has(keyOf(c)) && placed.get(keyOf(c)) !== c.value)) continue;
    const counts = rulesHold(format, key, rows, cells);
    if (!counts) continue;
    const rowsPlaced = new Set(result.cells.map((c) => c.row)).size;
    const filled = finding(
      'filled_by_position',
      `the labels placed ${rowsPlaced} of ${rows.length} rows; the table prints ${values.length} numbers, ${rows.length} rows of ${Math.max(...widths)}: filled by position in the order of the format, and every consistency rule over them holds (${countsText(counts)})`,
      null,
      { table: key },
    );
    return { cells, findings: [filled, ...findings] };
  }
  return null;
}

/** The table's result with what positional fill can add and the rules confirm; the result itself otherwise. */
export function fillByPosition(
  format: FormatDef,
  key: TableKey,
  result: TableResult,
  records: RecordRow[],
): TableResult {
  // Only tables with rules can be checked.
  if (!format.rules.some((r) => r.table === key)) return result;
  const runs: Unplaced[][] = [];
  for (const u of result.unplaced ?? []) {
    const last = runs.at(-1)?.[0];
    if (last && last.after === u.after && last.before === u.before) runs.at(-1)!.push(u);
    else runs.push([u]);
  }
  const out = runs.length > 0 ? fillRuns(format, key, result, runs) : result;
  if (!out.findings.some((f) => f.code === 'row_missing' && f.table === key)) return out;
  return fillTable(format, key, out, records) ?? out;
}
