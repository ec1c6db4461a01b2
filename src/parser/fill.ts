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

/**
 * A run of rows that labels did not place, between two rows that they did (or the table's start or end): the rows
 * missing there, in order, when there are exactly as many.
 */
function fillRun(format: FormatDef, key: TableKey, result: TableResult, run: Unplaced[]): TableResult | null {
  const table = format.tables[key];
  const { after, before } = run[0];
  const placed = new Set(result.cells.map((c) => c.row));
  for (const rows of printedRowSets(table)) {
    const a = after === null ? -1 : rows.findIndex((r) => r.key === after);
    const b = before === null ? rows.length : rows.findIndex((r) => r.key === before);
    if (a < -1 || b < 0 || b - a - 1 !== run.length) continue;
    const missing = rows.slice(a + 1, b);
    if (missing.some((r) => placed.has(r.key))) continue;
    const added: ParsedCell[] = [];
    const findings: Finding[] = [];
    // A row whose label became a number: that number, dropped.
    const dropped: (string | null)[] = [];
    for (const [i, u] of run.entries()) {
      const row = missing[i];
      const columns = row.columns.map((k) => table.columns.find((c) => c.key === k)!);
      const f = fit(u.values, columns, { table: key, row: row.key }, u.line, { labelLost: u.labelLost });
      const t = f.cells && rowCells(table, row, f.cells);
      if (!t) break;
      added.push(...t.cells);
      findings.push(...t.findings);
      dropped.push(f.dropped ? f.dropped.raw.trim() : null);
    }
    if (added.length !== missing.reduce((n, r) => n + r.columns.length, 0)) continue;
    const cells = [...result.cells, ...added];
    const counts = rulesHold(format, key, rows, cells, new Set(added.map(keyOf)));
    if (!counts) continue;
    const n = [...counts.values()].reduce((x, y) => x + y, 0);
    const name = (k: string | null) =>
      k === null ? "the table's edge" : `${table.rows.find((r) => r.key === k)!.label} (${k})`;
    const where = `between ${name(after)} and ${name(before)}`;
    const checked = `every consistency rule over ${run.length > 1 ? 'them' : 'it'} holds (${n} equations)`;
    for (const [i, u] of run.entries()) {
      const row = missing[i];
      const at = { table: key, row: row.key };
      findings.push(
        u.labelLost
          ? finding(
              'label_missing',
              `a row with no label of its own (${dropped[i] === null ? `"${u.label}"` : `its label replaced by the number "${dropped[i]}", dropped`}) stands ${where}, where ${run.length === 1 ? 'one row is' : `${run.length} rows are`} missing: taken as ${name(row.key)} by its position, and ${checked}`,
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
    const lines = new Set(run.map((u) => u.line));
    const rowsFilled = new Set(missing.map((r) => r.key));
    const kept = result.findings.filter(
      (x) =>
        !(x.code === 'row_unrecognized' && x.line !== null && lines.has(x.line)) &&
        !(x.code === 'row_missing' && x.row !== undefined && rowsFilled.has(x.row)),
    );
    return { ...result, cells, findings: [...kept, ...findings] };
  }
  return null;
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
  let out = result;
  const runs: Unplaced[][] = [];
  for (const u of result.unplaced ?? []) {
    const last = runs.at(-1)?.[0];
    if (last && last.after === u.after && last.before === u.before) runs.at(-1)!.push(u);
    else runs.push([u]);
  }
  for (const run of runs) out = fillRun(format, key, out, run) ?? out;
  if (!out.findings.some((f) => f.code === 'row_missing' && f.table === key)) return out;
  return fillTable(format, key, out, records) ?? out;
}
