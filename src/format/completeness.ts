/**
 * How much of a report was read: cells found over the cells its format expects. Expected is every row the format
 * prints in full (optional rows left out) times that row's columns, with alternatives counted once — for (六)其他处理,
 * printed either as one row or as its three sub-rows, the side the report prints (the usual one, the sub-rows, when it
 * prints neither). A printed blank is found; a cell not found is not (and its report has a finding).
 */
import { printedRowSets } from './index';
import type { FormatDef } from './model';
import { TABLE_KEYS } from './model';
import { cellKey } from './rules';

export interface Completeness {
  found: number;
  expected: number;
  /** found / expected, from 0 to 1. */
  ratio: number;
}

/** @param cells the keys ("table/row/column") of the cells found. */
export function completeness(format: FormatDef, cells: ReadonlySet<string>): Completeness {
  let found = 0;
  let expected = 0;
  for (const t of TABLE_KEYS) {
    let best = { found: -1, expected: 0 };
    for (const rows of printedRowSets(format.tables[t])) {
      const keys = rows.flatMap((r) => r.columns.map((c) => cellKey(t, r.key, c)));
      const n = keys.filter((k) => cells.has(k)).length;
      if (n > best.found) best = { found: n, expected: keys.length };
    }
    found += best.found;
    expected += best.expected;
  }
  return { found, expected, ratio: expected === 0 ? 1 : found / expected };
}
