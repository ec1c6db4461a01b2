/**
 * The registry of report formats and everything derived from them. Detection, ordering, validation, metrics, the
 * database dimensions, the GraphQL enums and the generator all loop over FORMATS; nothing else names a format.
 * A new format is one description (see national.ts) passed to registerFormat — at start-up, or in a test.
 */
import type { FormatDef, FormatKey, RowDef, RuleDef, TableDef, TableKey } from './model';
import { TABLE_KEYS } from './model';
import { NATIONAL_FORMATS } from './national';

export * from './model';
export {
  APPLICANT_COLUMNS,
  APPLICATION_CATEGORY_LABELS,
  APPLICATIONS_TOTAL_COLUMN,
  DISPOSITION_CATEGORIES,
  SECTIONS,
} from './national';

/** Every format by key. Live: registerFormat adds to it (and to FORMAT_KEYS). */
export const FORMATS: Record<FormatKey, FormatDef> = {};
/** Format keys, oldest format first. */
export const FORMAT_KEYS: FormatKey[] = [];

export function registerFormat(def: FormatDef): void {
  if (FORMATS[def.key]) throw new Error(`format ${def.key} is already registered`);
  FORMATS[def.key] = def;
  FORMAT_KEYS.push(def.key);
  FORMAT_KEYS.sort((a, b) => FORMATS[a].years.from - FORMATS[b].years.from);
}

for (const f of NATIONAL_FORMATS) registerFormat(f);

export const isFormatKey = (key: string): boolean => key in FORMATS;

/** The formats in words, for documentation: '"2019" (国办公开办函〔2019〕60号), "2021" (…)'. */
export const formatsText = () => FORMAT_KEYS.map((k) => `"${k}" (${FORMATS[k].label})`).join(', ');

/** The formats that print a row (for documentation: "format 2019 only"). */
export const formatsPrinting = (table: TableKey, row: string) =>
  FORMAT_KEYS.filter((k) => FORMATS[k].tables[table].rows.some((r) => r.key === row));

/** The format that is national for a report year: the newest one whose years include it (or the oldest one). */
export function formatOfYear(year: number): FormatDef {
  const covering = FORMAT_KEYS.map((k) => FORMATS[k]).filter(
    (f) => f.years.from <= year && (f.years.to === undefined || year <= f.years.to),
  );
  return covering.at(-1) ?? FORMATS[FORMAT_KEYS[0]];
}

/**
 * The format the tables' labels point to. Each format scores the share of its own tell-tale labels the text prints,
 * less those of other formats that it does not print: so a format that adds one row to another is told from it both
 * ways (the older one lacks the new label, the newer one was not printed). The year decides only when no single
 * format leads, and then `uncertain` says so with each format's score.
 */
export function detectFormat(tableText: string, year: number): { format: FormatDef; uncertain?: string } {
  const found = new Set(FORMAT_KEYS.flatMap((k) => FORMATS[k].tellTales).filter((t) => tableText.includes(t)));
  const scores = FORMAT_KEYS.map((k) => {
    const own = new Set(FORMATS[k].tellTales);
    const ownFound = [...own].filter((t) => found.has(t)).length;
    const foreignFound = [...found].filter((t) => !own.has(t)).length;
    return { key: k, score: (ownFound - foreignFound) / Math.max(own.size, 1) };
  });
  const best = Math.max(...scores.map((s) => s.score));
  const leaders = scores.filter((s) => s.score === best);
  if (best > 0 && leaders.length === 1) return { format: FORMATS[leaders[0].key] };
  const format = formatOfYear(year);
  const said = scores.map((s) => `${s.key}: ${s.score.toFixed(2)}`).join(', ');
  return {
    format,
    uncertain: `the labels point to no single format (scores ${said}); taken from the year: ${format.key}`,
  };
}

/** Applications rows that count as handling outcomes (the handled_sum rule and the disposition breakdowns). */
export function handlingRows(format: FormatKey): RowDef[] {
  return FORMATS[format].tables.applications.rows.filter((r) => r.category !== undefined);
}

/**
 * The sets of rows a report of this table prints in full: every row but the optional ones, and of two alternatives
 * (one row printed instead of a set: (六)其他处理 or its three sub-rows) one side — the set first, the usual one.
 */
export function printedRowSets(table: TableDef): RowDef[][] {
  const required = table.rows.filter((r) => !r.optional);
  const single = required.filter((r) => (r.alternativeTo?.length ?? 0) > 1);
  const set = required.filter((r) => r.alternativeTo?.length === 1);
  if (single.length === 0 || set.length === 0) return [required];
  return [required.filter((r) => !single.includes(r)), required.filter((r) => !set.includes(r))];
}

/** Handling rows of every format, in canonical order. */
export const allHandlingRows = (): string[] =>
  orderedKeys('applications', 'row').filter((k) => FORMAT_KEYS.some((f) => handlingRows(f).some((r) => r.key === k)));

/**
 * The handling rows (of `rows`) a format prints for a detail value — a category, or with `ROW` a row key — as the
 * sets any one report prints in full (alternatives apart): what a disposition bucket needs printed to use a report.
 */
export function printedHandlingSets(
  format: FormatKey,
  rows: readonly string[],
  detail: 'CATEGORY' | 'ROW',
  key: string,
): string[][] {
  const inDetail = handlingRows(format).filter(
    (r) => rows.includes(r.key) && (detail === 'ROW' ? r.key === key : r.category === key),
  );
  if (inDetail.length === 0) return [];
  const plain = inDetail.filter((r) => !r.alternativeTo).map((r) => r.key);
  const alternatives = inDetail.filter((r) => r.alternativeTo);
  if (alternatives.length === 0) return [plain];
  // (六)其他处理: one row standing for several, or the several: a report prints one of the two sets.
  const single = alternatives.filter((r) => r.alternativeTo!.length > 1).map((r) => r.key);
  const split = alternatives.filter((r) => r.alternativeTo!.length === 1).map((r) => r.key);
  return [
    [...plain, ...single],
    [...plain, ...split],
  ].filter((set) => set.length > 0);
}

/** The applicant columns of the applications table: every column but the total. */
export const applicantColumns = (format: FormatKey) =>
  FORMATS[format].tables.applications.columns.filter((c) => c.key !== 'total');

/** Every rule of every format, each once (by key), in the order the formats declare them. */
export function allRules(): RuleDef[] {
  const out = new Map<string, RuleDef>();
  for (const k of FORMAT_KEYS) for (const r of FORMATS[k].rules) if (!out.has(r.key)) out.set(r.key, r);
  return [...out.values()];
}

/**
 * Merges each format's printed order into one: a key new to the merge goes right after the key its format prints
 * before it, or, when it opens its format's list, right before the first following key already placed. So a row
 * only a newer format prints lands where that format prints it, never at either end by accident.
 */
export function mergeOrders(lists: string[][]): string[] {
  const merged: string[] = [];
  for (const list of lists) {
    let at = -1;
    list.forEach((key, i) => {
      const found = merged.indexOf(key);
      if (found >= 0) {
        at = found;
        return;
      }
      if (at < 0) {
        const next = list.slice(i + 1).find((k) => merged.includes(k));
        at = next === undefined ? merged.length : merged.indexOf(next);
      } else at++;
      merged.splice(at, 0, key);
    });
  }
  return merged;
}

/** Row or column keys of a table over all formats, in the order users see (the printed order, merged). */
export function orderedKeys(table: TableKey, kind: 'row' | 'column'): string[] {
  return mergeOrders(
    FORMAT_KEYS.map((f) => FORMATS[f].tables[table][kind === 'row' ? 'rows' : 'columns'].map((d) => d.key)),
  );
}

export interface Dimension {
  table: TableKey;
  kind: 'row' | 'column';
  key: string;
  label: string;
  en: string;
  category: string | null;
  order: number;
  formats: FormatKey[];
}

/** Row and column dimensions of every table, merged over all formats (seeded into the database). */
export function dimensions(): Dimension[] {
  const out: Dimension[] = [];
  for (const table of TABLE_KEYS) {
    for (const kind of ['row', 'column'] as const) {
      orderedKeys(table, kind).forEach((key, order) => {
        const formats = FORMAT_KEYS.filter((f) =>
          FORMATS[f].tables[table][kind === 'row' ? 'rows' : 'columns'].some((d) => d.key === key),
        );
        // The newest format's wording where formats differ.
        const newest = FORMATS[formats[formats.length - 1]].tables[table];
        const d: { label: string; en: string; category?: string } =
          kind === 'row' ? newest.rows.find((r) => r.key === key)! : newest.columns.find((c) => c.key === key)!;
        out.push({ table, kind, key, label: d.label, en: d.en, category: d.category ?? null, order, formats });
      });
    }
  }
  return out;
}
export * from './rules';
export * from './metrics';
export * from './deadlines';
export * from './prose';
export * from './substance';
export * from './completeness';
