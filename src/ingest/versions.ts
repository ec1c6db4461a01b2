/**
 * Comparing versions of a report: what each holds (cells, findings by severity, tables found, completeness) and when
 * a new one is clearly worse than the current one — a truncated download must not replace a complete report.
 */
import { completeness as measure, FORMATS, type FormatKey } from '../format';
import type { Severity } from '../format/findings';

interface CellKey {
  table: string;
  row: string;
  column: string;
}

export interface VersionStats {
  cells: number;
  errors: number;
  warnings: number;
  infos: number;
  tablesFound: number;
  /** Null: not known (a version stored before versions were kept; computed from its cells when compared). */
  completeness: number | null;
}

const keyOf = (c: CellKey) => `${c.table}/${c.row}/${c.column}`;

/** Cells found / cells the format expects (format/completeness.ts): 1 for a complete report, whatever is blank in it. */
export const completeness = (format: FormatKey, cells: CellKey[]): number =>
  measure(FORMATS[format], new Set(cells.map(keyOf))).ratio;

/** What a parsed report holds, as a version. */
export function statsOf(
  parsed: { cells: CellKey[]; completeness: { ratio: number } },
  findings: { severity: Severity }[],
): VersionStats {
  const { cells } = parsed;
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return {
    cells: cells.length,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
    tablesFound: new Set(cells.map((c) => c.table)).size,
    completeness: parsed.completeness.ratio,
  };
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Why `next` is clearly worse than `current` (fewer tables found, lower completeness, more errors); empty if it is not. */
export function worseThan(next: VersionStats, current: VersionStats): string[] {
  const reasons: string[] = [];
  if (next.tablesFound < current.tablesFound)
    reasons.push(`fewer tables found (${next.tablesFound} < ${current.tablesFound})`);
  if (next.completeness !== null && current.completeness !== null && next.completeness < current.completeness)
    reasons.push(`lower completeness (${percent(next.completeness)} < ${percent(current.completeness)})`);
  if (next.errors > current.errors) reasons.push(`more error findings (${next.errors} > ${current.errors})`);
  return reasons;
}
