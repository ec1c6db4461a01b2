/** Synthetic reports with known cells: consistent numbers, optional blanks and deliberate rule violations. */
import {
  FORMAT_KEYS,
  FORMATS,
  applicantColumns,
  deadlineOf,
  formatOfYear,
  handlingRows,
  type FormatKey,
  type TableKey,
} from '../format';
import { panelAgency, randomAgency, type SyntheticAgency } from './agencies';
import { copyBody, drawBody, figureSentences, type Narrative } from './narrative';
import { expectedFindings, keptVariants, type ExpectedFinding, type VariantName } from './variants';

export interface TruthCell {
  table: TableKey;
  row: string;
  column: string;
  value: number | null;
}

export interface ExpectedViolation {
  rule: string;
  row?: string;
  column?: string;
}

/** Faults planted for the compliance scorecard (each one what the scorecard must find, and nothing else). */
export interface Planted {
  /** Published after the deadline. */
  late?: boolean;
  /** No closing date printed: timeliness unknown. */
  noDate?: boolean;
  /** The narrative's body copied from this report (file, when the corpus names it; agency and year). */
  copiedNarrative?: { agency: string; year: number; kind: 'previous_year' | 'same_year'; file?: string };
  /** Tables whose every cell is the year before's. */
  copiedTables?: string[];
  /** A narrative figure stated off the table (its key in format/prose.ts). */
  proseMismatch?: string;
  /** Section 五 reduced to a formula. */
  emptyProblems?: boolean;
  /** A proactive row whose 现行有效件数 breaks stock_flow against the year before. */
  stockFlowBreak?: string;
}

export interface SyntheticReport {
  /** Drawn from the gazetteer, with the division and organ it must resolve to. */
  agency: SyntheticAgency;
  year: number;
  format: FormatKey;
  /** null: the report prints no closing date. */
  publishedOn: string | null;
  /** (六)其他处理 printed as one row in a 2021 report, as some agencies do. */
  singleOtherRow: boolean;
  cells: TruthCell[];
  violations: ExpectedViolation[];
  narrative: Narrative;
  planted: Planted;
  /** How it is printed (variants.ts), and the findings its parse must give besides the planted rule violations. */
  variants: VariantName[];
  expectedFindings: ExpectedFinding[];
}

export interface GenerateOptions {
  /** Leave some cells blank (never in layouts that cannot print a blank's position). */
  blanks?: boolean;
  /** Break one consistency rule on purpose. */
  violate?: boolean;
  /**
   * A panel: this agency (a number) reporting for this year, so a corpus can hold one report per agency and year
   * (benchmarks) instead of random agencies that collide.
   */
  panel?: { agency: number; year: number };
  /** The same agency's report of the year before: carried-over requests and documents in force follow from it. */
  previous?: SyntheticReport;
  /** Faults to plant (see Planted). */
  plant?: {
    late?: boolean;
    noDate?: boolean;
    copyNarrativeOf?: { report: SyntheticReport; kind: 'previous_year' | 'same_year'; file?: string };
    /** The review/litigation table copied from `previous` (where it prints every cell, at least 5 not 0). */
    copyTables?: boolean;
    proseMismatch?: boolean;
    emptyProblems?: boolean;
    breakStockFlow?: boolean;
  };
  /** Print it as real agencies do in these ways (those that apply to the report are kept: variants.ts). */
  variants?: readonly VariantName[];
}

/** mulberry32: small, fast and seedable, so every corpus can be made again from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateReport(random: () => number, opts: GenerateOptions = {}): SyntheticReport {
  const int = (max: number) => Math.floor(random() * (max + 1));
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length - 1)];
  const panel = opts.panel;
  const year = panel ? panel.year : 2019 + int(6);
  // A few agencies keep the 2019 table after 2021: the format is not the year.
  const national = formatOfYear(year).key;
  const older = FORMAT_KEYS.slice(0, FORMAT_KEYS.indexOf(national));
  const format: FormatKey = older.length > 0 && random() <= 0.1 ? older[older.length - 1] : national;
  const agency = panel ? panelAgency(panel.agency) : randomAgency(random);
  const cells: TruthCell[] = [];
  const put = (table: TableKey, row: string, column: string, value: number | null) =>
    cells.push({ table, row, column, value });
  const f = FORMATS[format];

  const before = (table: TableKey, row: string, column: string) =>
    opts.previous?.cells.find((x) => x.table === table && x.row === row && x.column === column)?.value ?? null;
  const cell = (table: TableKey, row: string, column: string) =>
    cells.find((c) => c.table === table && c.row === row && c.column === column)!;
  // What the year before carried forward in a column; a column it printed blank is its total less the others.
  const forwardBefore = (column: string): number | null => {
    if (!opts.previous) return null;
    const own = before('applications', 'carried_forward', column);
    if (own !== null) return own;
    const others = applicantColumns(opts.previous.format).filter((c) => c.key !== column);
    const parts = others.map((c) => before('applications', 'carried_forward', c.key));
    const total = before('applications', 'carried_forward', 'total');
    return total === null || parts.some((p) => p === null) ? null : total - parts.reduce((a, b) => a! + b!, 0)!;
  };

  // Proactive: counts, signed changes, money with two decimals.
  for (const row of f.tables.proactive.rows) {
    if (row.optional) continue;
    for (const column of row.columns) {
      const def = f.tables.proactive.columns.find((c) => c.key === column)!;
      const value = def.money
        ? Math.round(random() * 100_000) / 100
        : def.signed
          ? int(40) - 20
          : int(row.key === 'other_services' ? 2000 : 60);
      put('proactive', row.key, column, value);
    }
  }

  // stock_flow: documents in force are those in force the year before, plus those issued, less those repealed.
  const STOCK = ['in_force', 'issued', 'repealed'];
  const stockRows = f.tables.proactive.rows.filter((r) => !r.optional && STOCK.every((k) => r.columns.includes(k)));
  for (const row of stockRows) {
    const prior = before('proactive', row.key, 'in_force');
    if (prior === null) continue;
    const issued = cell('proactive', row.key, 'issued').value!;
    const repealed = Math.min(cell('proactive', row.key, 'repealed').value!, prior + issued);
    cell('proactive', row.key, 'repealed').value = repealed;
    cell('proactive', row.key, 'in_force').value = prior + issued - repealed;
  }

  // Applications: per applicant column, requests in = handled + carried forward.
  // Where the format lets one row stand for several ((六)其他处理 for its three sub-rows), some reports print it so.
  const alternatives = handlingRows(format).some((r) => r.alternativeTo);
  const singleOtherRow = alternatives && random() < 0.2;
  const standsForSeveral = (r: { alternativeTo?: string[] }) => (r.alternativeTo?.length ?? 0) > 1;
  const handling = handlingRows(format)
    .filter((r) => !r.alternativeTo || (singleOtherRow ? standsForSeveral(r) : !standsForSeveral(r)))
    .map((r) => r.key);
  const totals = new Map<string, number>();
  const add = (row: string, v: number) => totals.set(row, (totals.get(row) ?? 0) + v);
  for (const { key: c } of applicantColumns(format)) {
    const busy = c === 'natural_person' ? 30 : 4;
    const received = int(busy);
    // carry_continuity: what the year before carried forward is carried over.
    const over = forwardBefore(c) ?? int(2);
    const forward = int(Math.min(received + over, 2));
    const perRow = new Map(handling.map((r) => [r, 0]));
    for (let i = 0; i < received + over - forward; i++) {
      const r = random() < 0.5 ? 'granted' : pick(handling);
      perRow.set(r, perRow.get(r)! + 1);
    }
    const rows: [string, number][] = [
      ['received_new', received],
      ['carried_over', over],
      ...perRow,
      ['total_handled', received + over - forward],
      ['carried_forward', forward],
    ];
    for (const [row, v] of rows) {
      put('applications', row, c, v);
      add(row, v);
    }
  }
  for (const [row, v] of totals) put('applications', row, 'total', v);

  // Review and litigation: each row's total is the sum of its outcomes.
  for (const { key: row } of f.tables.review_litigation.rows) {
    const outcomes = f.tables.review_litigation.columns.filter((c) => c.key !== 'total');
    const parts = outcomes.map((_, i) => int(i === 0 ? 9 : 3));
    outcomes.forEach((c, i) => put('review_litigation', row, c.key, parts[i]));
    put(
      'review_litigation',
      row,
      'total',
      parts.reduce((a, b) => a + b, 0),
    );
  }

  if (opts.blanks) {
    // As web pages print it: an applicant column left blank where nobody applied.
    const column = pick(applicantColumns(format).slice(1)).key;
    for (const c of cells) if (c.table === 'applications' && c.column === column) c.value = null;
    cells.filter((c) => c.table === 'review_litigation' && c.row === 'review').forEach((c) => (c.value = null));
  }

  const violations: ExpectedViolation[] = [];
  if (opts.violate) {
    const get = (table: TableKey, row: string, column: string) =>
      cells.find((c) => c.table === table && c.row === row && c.column === column)!;
    const kind = int(1);
    if (kind === 0) {
      const row = pick(f.tables.review_litigation.rows.filter((r) => r.key !== 'review' || !opts.blanks)).key;
      get('review_litigation', row, 'total').value! += 1 + int(5);
      violations.push({ rule: 'review_total', row });
    } else {
      const cell = get('applications', 'received_new', 'total');
      cell.value! += 1 + int(5);
      violations.push({ rule: 'balance', column: 'total' });
      // A blank applicant cell leaves every row total unchecked.
      if (!opts.blanks) violations.push({ rule: 'row_total', row: 'received_new' });
    }
  }

  const variants = keptVariants(opts.variants ?? [], {
    format,
    singleOtherRow,
    blanks: opts.blanks === true,
    applicationsViolated: violations.some((v) => v.rule !== 'review_total'),
  });
  if (variants.includes('thousands')) {
    // Counts in the thousands, whatever the format: a decision count is the one most reports print that large.
    for (const c of cells)
      if (c.table === 'proactive' && c.column === 'decisions' && c.row === 'licensing') c.value! += 1200;
  }
  // Without a title the agency is the signature's: its full name.
  const name = variants.includes('no_title') ? agency.fullName : agency.name;
  const plant = opts.plant ?? {};
  const planted: Planted = {};
  const prior = opts.previous;
  if (plant.breakStockFlow && prior) {
    const row = stockRows.find((r) => before('proactive', r.key, 'in_force') !== null);
    if (row) {
      cell('proactive', row.key, 'in_force').value! += 1 + int(4);
      planted.stockFlowBreak = row.key;
    }
  }
  if (plant.copyTables && prior && prior.format === format) {
    const table = prior.cells.filter((c) => c.table === 'review_litigation');
    // Only a table printed in full: a blank copied into a layout that cannot show one (PDF text) would be lost.
    if (table.every((c) => c.value !== null) && table.filter((c) => c.value !== 0).length >= 5) {
      for (const c of table) cell('review_litigation', c.row, c.column).value = c.value;
      // The copied table holds whatever the year before held: its violations, not this report's.
      for (let i = violations.length - 1; i >= 0; i--)
        if (violations[i].rule === 'review_total') violations.splice(i, 1);
      violations.push(...prior.violations.filter((v) => v.rule === 'review_total'));
      planted.copiedTables = ['review_litigation'];
    }
  }

  // Published on time (in January: before every deadline), late (up to 90 days after its kind's deadline), or
  // with no date.
  let publishedOn: string | null = `${year + 1}-01-${String(1 + int(29)).padStart(2, '0')}`;
  const deadline = deadlineOf(year, { organ: agency.organ.kind, level: agency.level });
  if (plant.late && deadline) {
    publishedOn = new Date(Date.parse(`${deadline.date}T00:00:00Z`) + (1 + int(89)) * 864e5).toISOString().slice(0, 10);
    planted.late = true;
  } else if (plant.noDate) {
    publishedOn = null;
    planted.noDate = true;
  }

  const copy = plant.copyNarrativeOf;
  const body = copy ? copyBody(random, copy.report, agency.name) : drawBody(random, agency.name);
  if (copy)
    planted.copiedNarrative = {
      agency: copy.report.agency.fullName,
      year: copy.report.year,
      kind: copy.kind,
      ...(copy.file ? { file: copy.file } : {}),
    };
  // A copy keeps its source's section 五, empty or not (emptied, it would be a copy no longer).
  if (plant.emptyProblems && !copy) body.problems = '无。';
  if ((plant.emptyProblems && !copy) || copy?.report.planted.emptyProblems) planted.emptyProblems = true;
  const offset = plant.proseMismatch ? 1 + int(9) : 0;
  const figures = figureSentences({ year, cells }, offset);
  if (offset && figures) planted.proseMismatch = 'received_new';
  return {
    agency: { ...agency, name },
    year,
    format,
    publishedOn,
    singleOtherRow,
    cells,
    violations,
    narrative: { figures, body },
    planted,
    variants,
    expectedFindings: expectedFindings(variants, format, cells),
  };
}
