/**
 * Summary rows per report: what the aggregations read, computed once from the report's cells and findings (issue 14).
 * A bucket aggregation first decides, for each report, its standing in the bucket (query/accounting.ts) and the
 * numbers it adds; for the arguments the dashboards send (every handling row by category, review and litigation by
 * kind, procurement) that decision depends on nothing the query asks but the rules it excludes, so it is stored here
 * — in the transaction that stores the report, renewed whenever its findings or agency change (refreshSummaries),
 * deleted with it (ON DELETE CASCADE) — and a breakdown reads a few rows per report instead of ~200 cells.
 *
 * The cell path of query/analytics.ts builds its per-report standing from the same fragments (below), so both paths
 * decide alike by construction; test/summary-paths.test.ts compares their answers byte for byte.
 */
import type { DataSource, EntityManager } from 'typeorm';
import {
  FORMAT_KEYS,
  FORMATS,
  allHandlingRows,
  allRules,
  dimensions,
  orderedKeys,
  printedHandlingSets,
  type RuleDef,
} from '../format';
import { isPostgres, run } from './bulk';
import { constantRows, formatLiteral, keyLiteral } from './literals';

/** A report's standing in one bucket. */
export const STATUS = {
  used: 'used',
  /** A cell it reads is printed blank (blank is not 0). */
  blank: 'blank',
  /** A cell it reads was not found in the report (a finding on the report says why). */
  missing: 'missing',
  /** The report's format does not print the row (or the report printed the row's alternative). */
  notPrinted: 'not_printed',
  /** The report breaks a rule the query excludes (excludeViolations). */
  excluded: 'excluded',
} as const;

/** 1 when the report (its id: `reportId`) has a rule_violation of one of these rules (in `findings`), else 0. */
export function violatesAny(rules: readonly string[], reportId = 'r.id', findings = 'finding'): string {
  if (rules.length === 0) return '0';
  return `CASE WHEN EXISTS (SELECT 1 FROM ${findings} vf WHERE vf.report_id = ${reportId} AND vf.code = 'rule_violation' AND vf.rule IN (${rules.map(keyLiteral).join(', ')})) THEN 1 ELSE 0 END`;
}

/** 1 when the report (its id: `reportId`) breaks one of these rules, read from the stored rule outcomes, else 0. */
export function violatesStored(rules: readonly string[], reportId: string): string {
  if (rules.length === 0) return '0';
  return `CASE WHEN EXISTS (SELECT 1 FROM summary_rule sr WHERE sr.report_id = ${reportId} AND sr.violated = 1 AND sr.rule IN (${rules.map(keyLiteral).join(', ')})) THEN 1 ELSE 0 END`;
}

/** The rules that read cells of a table (those that can make a bucket over that table wrong). */
export const rulesOn = (rules: RuleDef[], table: string) => rules.filter((r) => r.table === table).map((r) => r.key);

// ---------------------------------------------------------------------------------------------------------------
// The per-report fragments both paths share

export type DispositionDetail = 'CATEGORY' | 'ROW';

/** The applications rows' categories, from the format description (the newest format's, where formats differ). */
export const rowCategories = () =>
  new Map(
    dimensions()
      .filter((d) => d.table === 'applications' && d.kind === 'row' && d.category)
      .map((d) => [d.key, d.category!]),
  );

/** `CASE expr WHEN key THEN value … END` from the format description: labels and orders without a join per cell. */
export function caseOf(expr: string, values: [key: string, value: string | number][]): string {
  const whens = values
    .map(([k, v]) => `WHEN ${keyLiteral(k)} THEN ${typeof v === 'number' ? v : keyLiteral(v)}`)
    .join(' ');
  return `CASE ${expr} ${whens} END`;
}

/**
 * How a report stands on the handling rows `rows` of a detail: the detail of a cell (`c`), what the per-report cells
 * subquery (`x`: report_id, col, detail, s, nn, n) counts besides, and the conditions of its standing over the report
 * (`r`), the detail (`d."detail"`), that subquery and the printed 总计 of the column (`h`, a cell).
 */
export function dispositionParts(rows: readonly string[], detail: DispositionDetail) {
  const categoryOf = rowCategories();
  const details = [...new Set(rows.map((r) => (detail === 'ROW' ? r : categoryOf.get(r)!)))];
  // Every set of rows some report prints for a detail, each counted per report in the cells subquery.
  const sets = new Map<string, string[]>();
  const conditions: string[] = [];
  const printedBy: string[] = [];
  for (const f of FORMAT_KEYS) {
    for (const d of details) {
      const options = printedHandlingSets(f, rows, detail, d);
      if (options.length === 0) continue;
      printedBy.push(`(r.format = ${formatLiteral(f)} AND d."detail" = ${keyLiteral(d)})`);
      const whole = options.map((set) => {
        const id = set.join(',');
        if (!sets.has(id)) sets.set(id, set);
        const k = [...sets.keys()].indexOf(id);
        return `x."v${k}" = ${set.length}`;
      });
      conditions.push(`(r.format = ${formatLiteral(f)} AND d."detail" = ${keyLiteral(d)} AND (${whole.join(' OR ')}))`);
    }
  }
  const detailExpr = detail === 'ROW' ? 'c.row_key' : caseOf('c.row_key', [...categoryOf]);
  const inSet = (set: string[]) => `c.row_key IN (${set.map(keyLiteral).join(', ')})`;
  return {
    details,
    detailExpr,
    /** The cells subquery's columns besides report_id, col and detail: expression → alias. */
    counts: [
      ['SUM(c.value)', 's'],
      ['COUNT(c.value)', 'nn'],
      ['COUNT(*)', 'n'],
      ...[...sets.values()].map((set, k) => [`COUNT(CASE WHEN ${inSet(set)} THEN 1 END)`, `v${k}`]),
    ] as [string, string][],
    /**
     * The same columns where a detail is one row (ROW): a report has one cell per table, row and column (the parser
     * keeps the first of a row printed twice, and the 总计 `h` is joined on the same premise), so they are that cell's
     * own, without grouping.
     */
    cellCounts: [
      ['c.value', 's'],
      ['CASE WHEN c.value IS NULL THEN 0 ELSE 1 END', 'nn'],
      ['1', 'n'],
      ...[...sets.values()].map((set, k) => [`CASE WHEN ${inSet(set)} THEN 1 ELSE 0 END`, `v${k}`]),
    ] as [string, string][],
    /** The WHEN clauses of the standing (after the query's own: excluded). */
    standing: `WHEN NOT (${printedBy.join(' OR ') || '1 = 0'}) THEN '${STATUS.notPrinted}'
        WHEN x.report_id IS NULL OR NOT (${conditions.join(' OR ') || '1 = 0'}) OR h.id IS NULL THEN '${STATUS.missing}'
        WHEN x.nn < x.n OR h.value IS NULL THEN '${STATUS.blank}'
        ELSE '${STATUS.used}'`,
  };
}

/** The printed 总计 of the applications column `col` of report `r`: the condition joining it as cell `h`. */
export const handledOn = (col: string) =>
  `h.report_id = r.id AND h.table_key = 'applications' AND h.row_key = 'total_handled' AND h.column_key = ${col}`;

/** The outcomes of a review or litigation kind (review_litigation's columns the breakdown reads). */
export const REVIEW_OUTCOMES = ['upheld', 'corrected', 'other', 'pending', 'total'];

/** The WHEN clauses of a review kind's standing over its cells subquery `x` (report_id, kind, nn, n). */
export const reviewStanding = `WHEN x.report_id IS NULL OR x.n < ${REVIEW_OUTCOMES.length} THEN '${STATUS.missing}'
        WHEN x.nn < x.n THEN '${STATUS.blank}'
        ELSE '${STATUS.used}'`;

/** Money is summed in whole 元 (0.0001 万元): integers, exact and the same on SQLite and PostgreSQL. */
export const YUAN_PER_WAN = 10_000;
const inYuan = (expr: string) => `ROUND(${expr} * ${YUAN_PER_WAN})`;

/** The procurement cells subquery's columns besides report_id (projects, yuan, nn, n): expression → alias. */
export const PROCUREMENT_COUNTS: [string, string][] = [
  ["SUM(CASE WHEN c.column_key = 'projects' THEN c.value END)", 'projects'],
  [`SUM(CASE WHEN c.column_key = 'amount_wan' THEN ${inYuan('c.value')} END)`, 'yuan'],
  ['COUNT(c.value)', 'nn'],
  ['COUNT(*)', 'n'],
];

/** 1 when report `r`'s procurement amount was printed without a unit (unit_assumed, in `findings`), else 0. */
export const unitAssumed = (findings = 'finding') =>
  `CASE WHEN EXISTS (SELECT 1 FROM ${findings} uf WHERE uf.report_id = r.id AND uf.code = 'unit_assumed' AND uf.table_key = 'proactive' AND uf.row_key = 'procurement') THEN 1 ELSE 0 END`;

/** The WHEN clauses of a report's procurement standing over its cells subquery `x`. */
export function procurementStanding(): string {
  const printing = FORMAT_KEYS.filter((f) => FORMATS[f].tables.proactive.rows.some((row) => row.key === 'procurement'));
  return `WHEN r.format NOT IN (${printing.map(formatLiteral).join(', ') || "''"}) THEN '${STATUS.notPrinted}'
        WHEN x.report_id IS NULL OR x.n < 2 THEN '${STATUS.missing}'
        WHEN x.nn < x.n THEN '${STATUS.blank}'
        ELSE '${STATUS.used}'`;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing them

/** Every applications column (the applicant columns and 总计): the columns a disposition summary is kept for. */
const applicationColumns = () => orderedKeys('applications', 'column');

/** The summary tables (all of them keyed by report). */
export const SUMMARY_TABLES = [
  'summary_disposition',
  'summary_disposition_row',
  'summary_review',
  'summary_procurement',
  'summary_rule',
];

/** Reports to (re)compute: some ids, or every report (the migration's backfill). */
type Which = readonly number[] | 'all';

/**
 * Where a statement reads: every report (`cell`, `finding`), or one report's cells and findings taken first by its
 * id (the CTEs `rc` and `rf`): the lookups by table, row and rule that follow must not pick an index over every
 * report (ix_cell_slice, ix_finding_code) over the report's own, whatever the planner's statistics.
 */
interface Source {
  with: string;
  cell: string;
  finding: string;
  /** The condition on `report r`. */
  report: string;
  params: unknown[];
  /** The condition on a summary table's report_id, and its parameters. */
  rows: string;
  rowParams: unknown[];
}

const EVERY_REPORT: Source = {
  with: '',
  cell: 'cell',
  finding: 'finding',
  report: '1 = 1',
  params: [],
  rows: '1 = 1',
  rowParams: [],
};

/**
 * Some reports' cells of one table (all tables: none named) and findings, taken first by their ids (one pass for a
 * batch of reports): of the cells only the columns the statements read, through ix_cell_report (report_id, table_key).
 */
function someReports(db: EntityManager | DataSource, ids: readonly number[], table?: string): Source {
  // One parameter whatever the number of ids, so that the statement's text (and its prepared plan) stays the same.
  const [list, param] = isPostgres(db)
    ? ['SELECT unnest(CAST(? AS integer[]))', ids]
    : ['SELECT value FROM json_each(?)', JSON.stringify(ids)];
  const ofTable = table === undefined ? '' : ` AND table_key = ${keyLiteral(table)}`;
  // SQLite would take ix_cell_slice for the table alone (every report's cells of it) where its statistics are old.
  const cells = isPostgres(db) ? 'cell' : 'cell INDEXED BY ix_cell_report';
  return {
    with: `WITH rc AS MATERIALIZED (SELECT id, report_id, table_key, row_key, column_key, value FROM ${cells} WHERE report_id IN (${list})${ofTable}), rf AS MATERIALIZED (SELECT * FROM finding WHERE report_id IN (${list})) `,
    cell: 'rc',
    finding: 'rf',
    report: `r.id IN (${list})`,
    params: [param, param, param],
    rows: `report_id IN (${list})`,
    rowParams: [param],
  };
}

/**
 * Renews the summary rows of these reports (or of all) from their cells, findings and report row: call it after
 * anything that changes what they read — the report's cells or findings, its rules_checked, its agency. In the
 * caller's transaction. In one pass over all of them: a few statements whatever their number.
 */
export async function refreshSummaries(db: EntityManager | DataSource, which: Which): Promise<void> {
  // Every report at once (a migration): PostgreSQL plans the joins over fresh statistics, the rule outcomes included
  // once written (without them it takes a table just filled for empty, and scans it for each row).
  const analyze = async (tables: string[]) => {
    if (which === 'all' && isPostgres(db)) for (const t of tables) await run(db, `ANALYZE ${t}`);
  };
  await analyze(['report', 'cell', 'finding']);
  if (which !== 'all' && which.length === 0) return;
  const from = (table?: string) => (which === 'all' ? EVERY_REPORT : someReports(db, which, table));
  const reports = from();
  for (const table of SUMMARY_TABLES) await run(db, `DELETE FROM ${table} WHERE ${reports.rows}`, reports.rowParams);
  // Rule outcomes first: the others read their violating flags from them.
  await run(db, `${reports.with}${writeRules(reports)}`, reports.params);
  await analyze(['summary_rule']);
  // Each from the one table it reads.
  for (const [write, table] of [
    [writeDispositions('CATEGORY'), 'applications'],
    [writeDispositions('ROW'), 'applications'],
    [writeReview, 'review_litigation'],
    [writeProcurement, 'proactive'],
  ] as const) {
    const cells = from(table);
    await run(db, `${cells.with}${write(cells)}`, cells.params);
  }
}

/**
 * Reports whose summary rows are renewed together, in one pass before their batch commits (load.ts), rather than
 * report by report: eight statements a batch instead of eight a report. Nothing in the batch reads summary rows
 * meanwhile, and no other connection sees the batch before it commits.
 */
export class PendingSummaries {
  private readonly ids = new Set<number>();

  add(reportId: number): void {
    this.ids.add(reportId);
  }

  /** Renews them, in the caller's transaction. An id whose report was rolled back since writes nothing. */
  async flush(db: EntityManager | DataSource): Promise<void> {
    const ids = [...this.ids];
    this.ids.clear();
    await refreshSummaries(db, ids);
  }

  clear(): void {
    this.ids.clear();
  }
}

/** Renews a report's summary rows now, or with its batch when the store is part of one (`pending`). */
export async function renewSummaries(db: EntityManager, reportId: number, pending?: PendingSummaries): Promise<void> {
  if (pending) pending.add(reportId);
  else await refreshSummaries(db, [reportId]);
}

/** 1 when report `r` breaks a rule on this table, read from its rule outcomes (written first). */
const violating = (table: string) => violatesStored(rulesOn(allRules(), table), 'r.id');

/** Rule outcomes: a row per report and rule that was checked on it or that it breaks. */
function writeRules(from: Source): string {
  const outcomes = `SELECT r.id AS report_id, k."rule",
      CASE WHEN (',' || COALESCE(r.rules_checked, '') || ',') LIKE ('%,' || k."rule" || ',%') THEN 1 ELSE 0 END AS checked,
      CASE WHEN EXISTS (SELECT 1 FROM ${from.finding} vf WHERE vf.report_id = r.id AND vf.code = 'rule_violation' AND vf.rule = k."rule") THEN 1 ELSE 0 END AS violated
    FROM report r CROSS JOIN (${constantRows(allRules().map((rule) => ({ rule: rule.key })))}) k WHERE ${from.report}`;
  return `INSERT INTO summary_rule (report_id, rule, checked, violated) SELECT * FROM (${outcomes}) o WHERE o.checked = 1 OR o.violated = 1`;
}

/**
 * Dispositions, every handling row counted: a row per report × applications column × category
 * (summary_disposition), or per report × handling row of the 总计 column (summary_disposition_row).
 */
function writeDispositions(detail: DispositionDetail): (from: Source) => string {
  const [table, detailColumn, columns] =
    detail === 'CATEGORY'
      ? ['summary_disposition (report_id, year, agency_id, column_key, category', 'ap.col, ', applicationColumns()]
      : ['summary_disposition_row (report_id, year, agency_id, row_key', '', ['total']];
  return (from) => {
    const rows = allHandlingRows();
    const parts = dispositionParts(rows, detail);
    const cells = `SELECT c.report_id, c.column_key AS col, ${parts.detailExpr} AS detail, ${parts.counts.map(([e, a]) => `${e} AS "${a}"`).join(', ')}
    FROM ${from.cell} c WHERE c.table_key = 'applications' AND c.column_key IN (${columns.map(keyLiteral).join(', ')}) AND c.row_key IN (${rows.map(keyLiteral).join(', ')})
    GROUP BY c.report_id, c.column_key, ${parts.detailExpr}`;
    // The printed 总计 cells, one per report and column, joined by hash (a lookup per report × column would scan the
    // slice index's range of every report without statistics, as a migration may find them).
    const handled = `SELECT report_id, table_key, row_key, column_key, MIN(id) AS id, MAX(value) AS value FROM ${from.cell}
    WHERE table_key = 'applications' AND row_key = 'total_handled' GROUP BY report_id, table_key, row_key, column_key`;
    return `INSERT INTO ${table}, status, s, h, violating)
    SELECT r.id, r.year, r.agency_id, ${detailColumn}d."detail", CASE ${parts.standing} END, x.s, h.value, ${violating('applications')}
    FROM report r
    CROSS JOIN (${constantRows(columns.map((col) => ({ col })))}) ap
    CROSS JOIN (${constantRows(parts.details.map((detail) => ({ detail })))}) d
    LEFT JOIN (${cells}) x ON x.report_id = r.id AND x.col = ap.col AND x.detail = d."detail"
    LEFT JOIN (${handled}) h ON ${handledOn('ap.col')}
    WHERE ${from.report}`;
  };
}

/** Review and litigation: a row per report × kind. */
function writeReview(from: Source): string {
  const sums = REVIEW_OUTCOMES.map(
    (col) => `SUM(CASE WHEN c.column_key = ${keyLiteral(col)} THEN c.value END) AS "${col}"`,
  );
  const cells = `SELECT c.report_id, c.row_key AS kind, COUNT(c.value) AS nn, COUNT(*) AS n, ${sums.join(', ')}
    FROM ${from.cell} c WHERE c.table_key = 'review_litigation' AND c.column_key IN (${REVIEW_OUTCOMES.map(keyLiteral).join(', ')})
    GROUP BY c.report_id, c.row_key`;
  return `INSERT INTO summary_review (report_id, year, agency_id, kind, status, ${REVIEW_OUTCOMES.join(', ')}, violating)
    SELECT r.id, r.year, r.agency_id, k."kind", CASE ${reviewStanding} END, ${REVIEW_OUTCOMES.map((o) => `x."${o}"`).join(', ')}, ${violating('review_litigation')}
    FROM report r
    CROSS JOIN (${constantRows(orderedKeys('review_litigation', 'row').map((kind) => ({ kind })))}) k
    LEFT JOIN (${cells}) x ON x.report_id = r.id AND x.kind = k."kind"
    WHERE ${from.report}`;
}

/** Procurement: a row per report. */
function writeProcurement(from: Source): string {
  const cells = `SELECT c.report_id, ${PROCUREMENT_COUNTS.map(([e, a]) => `${e} AS "${a}"`).join(', ')}
    FROM ${from.cell} c WHERE c.table_key = 'proactive' AND c.row_key = 'procurement' AND c.column_key IN ('projects', 'amount_wan')
    GROUP BY c.report_id`;
  return `INSERT INTO summary_procurement (report_id, year, agency_id, province_code, status, projects, yuan, assumed, violating)
    SELECT r.id, r.year, r.agency_id, (SELECT a.province_code FROM agency a WHERE a.id = r.agency_id), CASE ${procurementStanding()} END, x.projects, x.yuan, ${unitAssumed(from.finding)}, ${violating('proactive')}
    FROM report r
    LEFT JOIN (${cells}) x ON x.report_id = r.id
    WHERE ${from.report}`;
}
