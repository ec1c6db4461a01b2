/**
 * The compliance scorecard: per report, each item evaluators deduct points for — on time, complete, consistent, prose
 * that agrees with the tables, not copied — with its outcome and its evidence (cell, line, page, the other report);
 * and per bucket the share of the reports that could be checked that fail each item. Read from what ingest stored
 * (ingest/scorecard.ts); nothing here changes a number.
 */
import type { DataSource } from 'typeorm';
import {
  DEADLINES,
  PROBLEMS_MIN_CHARS,
  PROSE_FIGURES,
  SECTIONS,
  TABLE_KEYS,
  timeliness,
  type LevelKey,
  type SectionKey,
  type Timeliness,
} from '../format';
import { COPY_THRESHOLD, NARRATIVE_MIN_CHARS } from '../similarity';
import { Bucket, grouping, NOT_BY_APPLICANT, ordered, type BucketArgs, type BucketKey } from './analytics';
import { whereReports, type ReportFilter } from './filter';
import { reports as reportPage } from './lists';
import type { Page, PageArgs } from './pagination';
import { keyLiteral, num, whereIdIn } from './sql';

export const ITEMS = ['timeliness', 'completeness', 'consistency', 'prose', 'copy'] as const;
export type ItemKey = (typeof ITEMS)[number];
export type Outcome = 'pass' | 'fail' | 'unknown';

export const ITEM_LABELS: Record<ItemKey, string> = {
  timeliness: '按时公布',
  completeness: '内容完整',
  consistency: '数据勾稽',
  prose: '文表一致',
  copy: '非照抄',
};

/** One piece of evidence: what was seen, and where (a line and page, a cell, or another report). */
export interface Evidence {
  text: string;
  line?: number | null;
  page?: number | null;
  cell?: string | null;
  value?: number | null;
  otherReportId?: number | null;
  otherAgencyName?: string | null;
  otherYear?: number | null;
  similarity?: number | null;
}

export interface ScorecardItem {
  key: ItemKey;
  label: string;
  outcome: Outcome;
  summary: string;
  evidence: Evidence[];
}

/** A report's scorecard: one row of the deduction sheet (the flat fields), and its items with their evidence. */
export interface Scorecard {
  reportId: number;
  agencyId: number;
  agencyName: string;
  year: number;
  level: LevelKey | null;
  /** The agency's organ (government, office, department, township, zone): with the level, what decides the deadline. */
  organKind: string | null;
  timeliness: Outcome;
  deadline: string | null;
  published: string | null;
  dateSource: Timeliness['source'];
  daysLate: number | null;
  completeness: Outcome;
  sectionsMissing: string;
  tablesMissingOrEmpty: string;
  problemsChars: number | null;
  /** Cells found / cells the format expects (the parser's completeness measure); null: not recorded. */
  cellsFound: number | null;
  consistency: Outcome;
  /** The rules that could be checked (comma-separated keys; empty: none). */
  rulesChecked: string;
  violations: number;
  weakViolations: number;
  prose: Outcome;
  proseCompared: number;
  proseContradicted: number;
  copy: Outcome;
  similarityPrevious: number | null;
  similaritySameYear: number | null;
  mostSimilarReportId: number | null;
  tablesSameAsPrevious: string;
  itemsFailed: number;
  itemsChecked: number;
  items: ScorecardItem[];
}

// ---------------------------------------------------------------------------------------------------------------
// What ingest stored, for a batch of reports: one statement per kind of fact.

interface ReportFacts {
  id: number;
  agencyId: number;
  agencyName: string;
  year: number;
  level: LevelKey | null;
  organKind: string | null;
  publishedOn: string | null;
  pageDate: string | null;
  pageDateSource: string | null;
  /** The rules that could be checked on the report (within it and across years); null: stored before they were kept. */
  rulesChecked: string[] | null;
  /** The narrative's compared length; null: stored before the scorecard's facts were kept. */
  narrativeChars: number | null;
  /** Cells found / cells its format expects; null: not recorded (stored before it was kept). */
  cellsFound: number | null;
  previousId: number | null;
}

interface Facts {
  reports: ReportFacts[];
  sections: Map<
    number,
    { key: SectionKey; line: number; page: number | null; chars: number | null; substance: number | null }[]
  >;
  tables: Map<number, { key: string; cells: number; reported: number; nonzero: number; digest: string }[]>;
  violations: Map<
    number,
    { rule: string; severity: string; message: string; line: number | null; cells: string | null }[]
  >;
  late: Map<number, number | null>;
  /** Reports whose year was read from their text, not their title (year_from_body): no deadline is measured. */
  yearFromBody: Set<number>;
  prose: Map<
    number,
    {
      key: string;
      value: number;
      text: string;
      line: number;
      page: number | null;
      outcome: string;
      reason: string | null;
      cells: string | null;
      tableValue: number | null;
      tableLine: number | null;
    }[]
  >;
  matches: Map<number, { otherId: number; similarity: number; agencyId: number; agencyName: string; year: number }[]>;
}

function groupBy<T>(rows: T[], key: (r: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push(r);
  }
  return out;
}

type Raw = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** `select` from table `t` (joined to `joins`: table, alias, condition) where `column` is one of `ids`. */
async function rowsOf(
  ds: DataSource,
  select: string,
  from: string,
  column: string,
  ids: number[],
  order: string,
  joins: [string, string, string][] = [],
) {
  const qb = ds.createQueryBuilder().select(select).from(from, 't');
  for (const [table, alias, on] of joins) qb.innerJoin(table, alias, on);
  whereIdIn(qb, column, 'ids', ids);
  return (await qb.orderBy(order).getRawMany()) as Raw[];
}

async function loadFacts(ds: DataSource, ids: number[]): Promise<Facts> {
  const reportRows = await rowsOf(
    ds,
    't.id AS id, t.agency_id AS "agencyId", a.name AS "agencyName", t.year AS year, a.level AS level, a.organ_kind AS "organKind", t.published_on AS "publishedOn", t.page_date AS "pageDate", t.page_date_source AS "pageDateSource", t.rules_checked AS "rulesChecked", t.narrative_chars AS "narrativeChars", t.cells_found AS "cellsFound", t.cells_expected AS "cellsExpected", (SELECT p.id FROM report p WHERE p.agency_id = t.agency_id AND p.year = t.year - 1) AS "previousId"',
    'report',
    't.id',
    ids,
    't.id',
    [['agency', 'a', 'a.id = t.agency_id']],
  );
  const reports: ReportFacts[] = reportRows.map((r) => ({
    id: num(r.id)!,
    agencyId: num(r.agencyId)!,
    agencyName: String(r.agencyName),
    year: num(r.year)!,
    level: str(r.level) as LevelKey | null,
    organKind: str(r.organKind),
    publishedOn: str(r.publishedOn),
    pageDate: str(r.pageDate),
    pageDateSource: str(r.pageDateSource),
    rulesChecked:
      r.rulesChecked === null || r.rulesChecked === undefined
        ? null
        : String(r.rulesChecked).split(',').filter(Boolean),
    narrativeChars: num(r.narrativeChars),
    cellsFound: num(r.cellsExpected) ? num(r.cellsFound)! / num(r.cellsExpected)! : null,
    previousId: num(r.previousId),
  }));
  const withPrevious = [...new Set([...ids, ...reports.flatMap((r) => (r.previousId ? [r.previousId] : []))])];
  const [sections, tables, findings, prose, matches] = await Promise.all([
    rowsOf(
      ds,
      't.report_id AS "reportId", t.section_key AS key, t.line AS line, t.page AS page, t.chars AS chars, t.substance AS substance',
      'report_section',
      't.report_id',
      ids,
      't.id',
    ),
    rowsOf(
      ds,
      't.report_id AS "reportId", t.table_key AS key, t.cells AS cells, t.reported AS reported, t.nonzero AS nonzero, t.digest AS digest',
      'report_table',
      't.report_id',
      withPrevious,
      't.id',
    ),
    rowsOf(
      ds,
      't.report_id AS "reportId", t.code AS code, t.rule AS rule, t.severity AS severity, t.message AS message, t.line AS line, t.cells AS cells',
      'finding',
      't.report_id',
      ids,
      't.id',
    ),
    rowsOf(
      ds,
      't.report_id AS "reportId", t.figure_key AS key, t.value AS value, t.text AS text, t.line AS line, t.page AS page, t.outcome AS outcome, t.reason AS reason, t.cells AS cells, t.table_value AS "tableValue", t.table_line AS "tableLine"',
      'prose_figure',
      't.report_id',
      ids,
      't.id',
    ),
    rowsOf(
      ds,
      't.report_id AS "reportId", t.other_id AS "otherId", t.similarity AS similarity, o.agency_id AS "agencyId", a.name AS "agencyName", o.year AS year',
      'narrative_match',
      't.report_id',
      ids,
      't.other_id',
      [
        ['report', 'o', 'o.id = t.other_id'],
        ['agency', 'a', 'a.id = o.agency_id'],
      ],
    ),
  ]);
  const byReport = (r: Raw) => num(r.reportId)!;
  return {
    reports,
    sections: groupBy(
      sections.map((s) => ({
        reportId: byReport(s),
        key: s.key as SectionKey,
        line: num(s.line)!,
        page: num(s.page),
        chars: num(s.chars),
        substance: num(s.substance),
      })),
      (s) => s.reportId,
    ),
    tables: groupBy(
      tables.map((t) => ({
        reportId: byReport(t),
        key: String(t.key),
        cells: num(t.cells)!,
        reported: num(t.reported)!,
        nonzero: num(t.nonzero)!,
        digest: String(t.digest),
      })),
      (t) => t.reportId,
    ),
    violations: groupBy(
      findings
        .filter((f) => f.code === 'rule_violation')
        .map((f) => ({
          reportId: byReport(f),
          rule: String(f.rule),
          severity: String(f.severity),
          message: String(f.message),
          line: num(f.line),
          cells: str(f.cells),
        })),
      (f) => f.reportId,
    ),
    late: new Map(findings.filter((f) => f.code === 'published_late').map((f) => [byReport(f), num(f.line)])),
    yearFromBody: new Set(findings.filter((f) => f.code === 'year_from_body').map(byReport)),
    prose: groupBy(
      prose.map((p) => ({
        reportId: byReport(p),
        key: String(p.key),
        value: num(p.value)!,
        text: String(p.text),
        line: num(p.line)!,
        page: num(p.page),
        outcome: String(p.outcome),
        reason: str(p.reason),
        cells: str(p.cells),
        tableValue: num(p.tableValue),
        tableLine: num(p.tableLine),
      })),
      (p) => p.reportId,
    ),
    matches: groupBy(
      matches.map((m) => ({
        reportId: byReport(m),
        otherId: num(m.otherId)!,
        similarity: num(m.similarity)!,
        agencyId: num(m.agencyId)!,
        agencyName: String(m.agencyName),
        year: num(m.year)!,
      })),
      (m) => m.reportId,
    ),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The items, one function each.

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

const item = (key: ItemKey, outcome: Outcome, summary: string, evidence: Evidence[]): ScorecardItem => ({
  key,
  label: ITEM_LABELS[key],
  outcome,
  summary,
  evidence,
});

function timelinessItem(r: ReportFacts, f: Facts): [ScorecardItem, Timeliness] {
  const measured = timeliness(r.year, { organ: r.organKind, level: r.level }, r.publishedOn, r.pageDate);
  const t: Timeliness = f.yearFromBody.has(r.id)
    ? {
        ...measured,
        outcome: 'unknown',
        daysLate: null,
        reason: 'the title names no year: the year read from the text (year_from_body) decides no deadline',
      }
    : measured;
  const where =
    t.source === 'closing_date'
      ? `its closing date ${t.published}`
      : t.source === 'page_date'
        ? `its page's date (${r.pageDateSource}; the report prints no closing date)`
        : 'no date';
  const evidence: Evidence[] =
    t.source === null
      ? []
      : [{ text: `published on ${where}`, line: t.source === 'closing_date' ? (f.late.get(r.id) ?? null) : null }];
  if (t.deadline) evidence.push({ text: `deadline ${t.deadline}: ${t.basis}` });
  const summary =
    t.outcome === 'unknown'
      ? t.reason!
      : t.outcome === 'late'
        ? `published ${t.daysLate} days after the deadline ${t.deadline}`
        : `published ${-t.daysLate!} days before the deadline ${t.deadline}`;
  return [
    item('timeliness', t.outcome === 'on_time' ? 'pass' : t.outcome === 'late' ? 'fail' : 'unknown', summary, evidence),
    t,
  ];
}

const NARRATIVE: SectionKey[] = ['overview', 'problems', 'other'];

function completenessItem(r: ReportFacts, f: Facts) {
  const sections = f.sections.get(r.id) ?? [];
  const tables = f.tables.get(r.id) ?? [];
  const evidence: Evidence[] = [];
  const missing: string[] = [];
  for (const s of SECTIONS) {
    const heading = sections.find((x) => x.key === s.key);
    const table = tables.find((t) => t.key === s.key);
    if (!heading && !table) {
      missing.push(s.key);
      evidence.push({ text: `${s.label} (${s.key}): no heading found` });
    } else if (heading && NARRATIVE.includes(s.key)) {
      const empty = s.key === 'problems' ? (heading.substance ?? 0) < PROBLEMS_MIN_CHARS : !heading.chars;
      if (empty) {
        missing.push(s.key);
        evidence.push({
          text:
            s.key === 'problems'
              ? `${s.label}: ${heading.substance ?? 0} characters of content once headings and formulas are removed (at least ${PROBLEMS_MIN_CHARS} expected)`
              : `${s.label}: the section is empty`,
          line: heading.line,
          page: heading.page,
        });
      }
    }
  }
  const badTables = TABLE_KEYS.filter((k) => !tables.some((t) => t.key === k && t.reported > 0));
  for (const k of badTables) {
    const t = tables.find((x) => x.key === k);
    evidence.push({ text: t ? `table ${k}: printed, but every cell is blank` : `table ${k}: not found`, cell: k });
  }
  // The parser's measure of how much of the format was read: shown, not judged (a row left out and a row the parser
  // could not read look the same from here).
  const found = r.cellsFound;
  if (found !== null)
    evidence.push({ text: `cells found: ${(100 * found).toFixed(1)} % of those the format expects`, value: found });
  const outcome: Outcome = missing.length + badTables.length > 0 ? 'fail' : 'pass';
  const summary =
    outcome === 'pass'
      ? 'six sections and three tables, none empty; section 五 says something'
      : `${[...missing.map((k) => `section ${k}`), ...badTables.map((k) => `table ${k}`)].join(', ')} missing or empty`;
  return { item: item('completeness', outcome, summary, evidence), missing, badTables };
}

function consistencyItem(r: ReportFacts, f: Facts) {
  const all = f.violations.get(r.id) ?? [];
  const strong = all.filter((v) => v.severity !== 'info');
  const weak = all.filter((v) => v.severity === 'info');
  const rules = r.rulesChecked ?? [];
  const checked = rules.length > 0 || all.length > 0;
  const evidence = all.map((v) => ({ text: v.message, line: v.line, cell: v.cells }));
  const outcome: Outcome = !checked ? 'unknown' : strong.length > 0 ? 'fail' : 'pass';
  const summary = !checked
    ? 'no rule could be checked: the cells involved are blank or missing'
    : `rules checked: ${rules.join(', ')}; ${strong.length} violations${weak.length ? `, ${weak.length} of a weak rule (not counted)` : ''}`;
  return { item: item('consistency', outcome, summary, evidence), strong: strong.length, weak: weak.length };
}

function proseItem(r: ReportFacts, f: Facts) {
  const figures = f.prose.get(r.id) ?? [];
  const compared = figures.filter((p) => p.outcome === 'agrees' || p.outcome === 'contradicts');
  const contradicted = compared.filter((p) => p.outcome === 'contradicts');
  const label = (key: string) => PROSE_FIGURES.find((d) => d.key === key)?.label ?? key;
  const evidence = figures.map((p) => ({
    text:
      p.outcome === 'agrees' || p.outcome === 'contradicts'
        ? `“${p.text}”: ${label(p.key)} ${p.value}; the table prints ${p.tableValue} (line ${p.tableLine})${p.outcome === 'contradicts' ? ': they differ' : ''}`
        : `“${p.text}”: ${label(p.key)} ${p.value}, not checkable (${p.reason})`,
    line: p.line,
    page: p.page,
    cell: p.cells,
    value: p.value,
  }));
  const outcome: Outcome = compared.length === 0 ? 'unknown' : contradicted.length > 0 ? 'fail' : 'pass';
  const summary =
    compared.length === 0
      ? `${plural(figures.length, 'figure')} stated in the narrative, none the tables can check`
      : `${plural(compared.length, 'figure')} compared with the tables, ${contradicted.length} differ`;
  return {
    item: item('prose', outcome, summary, evidence),
    compared: compared.length,
    contradicted: contradicted.length,
  };
}

function copyItem(r: ReportFacts, f: Facts) {
  const matches = f.matches.get(r.id) ?? [];
  const previous = matches.find((m) => m.agencyId === r.agencyId && m.year === r.year - 1);
  const sameYear = matches.filter((m) => m.year === r.year && m.agencyId !== r.agencyId);
  const best = sameYear.reduce<(typeof sameYear)[number] | null>(
    (a, b) => (!a || b.similarity > a.similarity ? b : a),
    null,
  );
  const mostSimilar =
    [previous, best].filter((m) => m !== undefined && m !== null).sort((a, b) => b!.similarity - a!.similarity)[0] ??
    null;
  const own = f.tables.get(r.id) ?? [];
  const before = r.previousId ? (f.tables.get(r.previousId) ?? []) : [];
  const sameTables = own
    .filter((t) => t.nonzero > 0 && before.some((p) => p.key === t.key && p.digest === t.digest))
    .map((t) => t.key);
  const narrativeChecked = (r.narrativeChars ?? 0) >= NARRATIVE_MIN_CHARS;
  const checked = narrativeChecked || before.length > 0;
  const evidence: Evidence[] = [];
  const describe = (m: NonNullable<typeof previous>, what: string) => ({
    text: `${what}: ${m.agencyName} ${m.year} (report ${m.otherId}), narrative similarity ${m.similarity.toFixed(2)}${m.similarity >= COPY_THRESHOLD ? ' — a copy' : ''}`,
    otherReportId: m.otherId,
    otherAgencyName: m.agencyName,
    otherYear: m.year,
    similarity: m.similarity,
  });
  if (previous) evidence.push(describe(previous, 'the same agency’s report of the year before'));
  for (const m of sameYear.sort((a, b) => b.similarity - a.similarity))
    evidence.push(describe(m, 'another agency’s report of the same year'));
  for (const t of sameTables)
    evidence.push({
      text: `table ${t}: every cell equal to the report of the year before (report ${r.previousId})`,
      cell: t,
      otherReportId: r.previousId,
      otherYear: r.year - 1,
      otherAgencyName: r.agencyName,
    });
  if (!narrativeChecked)
    evidence.push({
      text: `narrative of ${r.narrativeChars ?? 0} characters: too short to compare (at least ${NARRATIVE_MIN_CHARS})`,
    });
  const copiedText = [previous, ...sameYear].some((m) => m && m.similarity >= COPY_THRESHOLD);
  const outcome: Outcome = !checked ? 'unknown' : copiedText || sameTables.length > 0 ? 'fail' : 'pass';
  const summary = !checked
    ? 'nothing to compare: the narrative is too short and there is no report of the year before'
    : mostSimilar
      ? `most similar: ${mostSimilar.agencyName} ${mostSimilar.year} (${mostSimilar.similarity.toFixed(2)})${sameTables.length ? `; tables equal to the year before: ${sameTables.join(', ')}` : ''}`
      : `no report of the year before or of the same year is similar (below 0.5)${sameTables.length ? `; tables equal to the year before: ${sameTables.join(', ')}` : ''}`;
  return {
    item: item('copy', outcome, summary, evidence),
    similarityPrevious: previous?.similarity ?? null,
    similaritySameYear: best?.similarity ?? null,
    mostSimilar,
    sameTables,
  };
}

function scorecardOf(r: ReportFacts, f: Facts): Scorecard {
  const [timed, t] = timelinessItem(r, f);
  // Reports stored before the scorecard's facts were recorded are unknown on everything but their dates.
  const recorded = r.narrativeChars !== null;
  const unknown = (x: ScorecardItem): ScorecardItem =>
    recorded
      ? x
      : { ...x, outcome: 'unknown', summary: 'stored before the scorecard was kept: ingest it again', evidence: [] };
  const complete = completenessItem(r, f);
  const consistent = consistencyItem(r, f);
  const prose = proseItem(r, f);
  const copy = copyItem(r, f);
  const items = [timed, unknown(complete.item), unknown(consistent.item), unknown(prose.item), unknown(copy.item)];
  const outcome = (k: ItemKey) => items.find((i) => i.key === k)!.outcome;
  return {
    reportId: r.id,
    agencyId: r.agencyId,
    agencyName: r.agencyName,
    year: r.year,
    level: r.level,
    organKind: r.organKind,
    timeliness: outcome('timeliness'),
    deadline: t.deadline,
    published: t.published,
    dateSource: t.source,
    daysLate: t.daysLate,
    completeness: outcome('completeness'),
    sectionsMissing: complete.missing.join(','),
    tablesMissingOrEmpty: complete.badTables.join(','),
    problemsChars: (f.sections.get(r.id) ?? []).find((s) => s.key === 'problems')?.substance ?? null,
    cellsFound: r.cellsFound,
    consistency: outcome('consistency'),
    rulesChecked: (r.rulesChecked ?? []).join(','),
    violations: consistent.strong,
    weakViolations: consistent.weak,
    prose: outcome('prose'),
    proseCompared: prose.compared,
    proseContradicted: prose.contradicted,
    copy: outcome('copy'),
    similarityPrevious: copy.similarityPrevious,
    similaritySameYear: copy.similaritySameYear,
    mostSimilarReportId: copy.mostSimilar?.otherId ?? null,
    tablesSameAsPrevious: copy.sameTables.join(','),
    itemsFailed: items.filter((i) => i.outcome === 'fail').length,
    itemsChecked: items.filter((i) => i.outcome !== 'unknown').length,
    items,
  };
}

/** The scorecards of these reports, in the order of `ids` (null: no such report). */
export async function scorecardsOf(ds: DataSource, ids: readonly number[]): Promise<(Scorecard | null)[]> {
  if (ids.length === 0) return [];
  const facts = await loadFacts(ds, [...new Set(ids)]);
  const byId = new Map(facts.reports.map((r) => [r.id, scorecardOf(r, facts)]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** A page of scorecards, in the order of the reports list (year, then agency). */
export async function scorecards(
  ds: DataSource,
  filter: ReportFilter | null | undefined,
  page: PageArgs,
): Promise<Page<Scorecard>> {
  const reports = await reportPage(ds, filter, page);
  const cards = await scorecardsOf(
    ds,
    reports.nodes.map((r) => r.id),
  );
  return { ...reports, nodes: cards.filter((c): c is Scorecard => c !== null) };
}

/** Every scorecard the filter selects, a page at a time (the deduction-sheet export streams this). */
export async function* allScorecards(
  ds: DataSource,
  filter: ReportFilter | null | undefined,
): AsyncGenerator<Scorecard> {
  let after: string | null = null;
  for (;;) {
    const page: Page<Scorecard> = await scorecards(ds, filter, { first: 500, after });
    yield* page.nodes;
    if (!page.pageInfo.hasNextPage) return;
    after = page.pageInfo.endCursor;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Buckets: the same items, counted in SQL, one statement (test/scorecard.test.ts checks they agree with the cards).

export interface ScorecardBucket extends BucketKey {
  item: ItemKey;
  /** Reports whose item could be checked (outcome pass or fail): the denominator. */
  reportsChecked: number;
  reportsFailing: number;
  share: number | null;
}

/** SQL of the item flags of report `r` (agency `a`), each 1 or 0: checked and failing. */
function itemFlags(): Record<ItemKey, { checked: string; failing: string }> {
  const published = 'COALESCE(r.published_on, r.page_date)';
  const year = 'CAST(r.year + 1 AS varchar(4))';
  const suffix = (d: (typeof DEADLINES)[number]) =>
    `'-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}'`;
  // As deadlineOf: the organ decides, the level where no organ was resolved.
  const byOrgan = DEADLINES.flatMap((d) =>
    d.organs.map((o) => `WHEN a.organ_kind = ${keyLiteral(o)} THEN ${suffix(d)}`),
  );
  const byLevel = DEADLINES.flatMap((d) =>
    d.levels.map((l) => `WHEN a.organ_kind IS NULL AND a.level = ${keyLiteral(l)} THEN ${suffix(d)}`),
  );
  const deadline = `${year} || CASE ${[...byOrgan, ...byLevel].join(' ')} END`;
  const sorted = [...DEADLINES].sort((x, y) => x.month * 100 + x.day - (y.month * 100 + y.day));
  const [earliest, latest] = [`${year} || ${suffix(sorted[0])}`, `${year} || ${suffix(sorted.at(-1)!)}`];
  const recorded = 'r.narrative_chars IS NOT NULL';
  const violations = (severity: string) =>
    `EXISTS (SELECT 1 FROM finding v WHERE v.report_id = r.id AND v.code = 'rule_violation'${severity})`;
  const prose = (outcomes: string) =>
    `EXISTS (SELECT 1 FROM prose_figure p WHERE p.report_id = r.id AND p.outcome IN (${outcomes}))`;
  const previous = 'SELECT pr.id FROM report pr WHERE pr.agency_id = r.agency_id AND pr.year = r.year - 1';
  return {
    timeliness: {
      checked: `${published} IS NOT NULL AND ((${deadline}) IS NOT NULL OR ${published} <= ${earliest} OR ${published} > ${latest}) AND NOT EXISTS (SELECT 1 FROM finding y WHERE y.report_id = r.id AND y.code = 'year_from_body')`,
      failing: `${published} IS NOT NULL AND (${published} > (${deadline}) OR ((${deadline}) IS NULL AND ${published} > ${latest}))`,
    },
    completeness: {
      checked: recorded,
      failing: `${recorded} AND ((SELECT COUNT(*) FROM report_section s WHERE s.report_id = r.id AND ((s.section_key IN ('overview', 'other') AND s.chars > 0) OR (s.section_key = 'problems' AND s.substance >= ${PROBLEMS_MIN_CHARS}))) < 3 OR (SELECT COUNT(*) FROM report_table t WHERE t.report_id = r.id AND t.reported > 0) < ${TABLE_KEYS.length})`,
    },
    consistency: {
      checked: `${recorded} AND (COALESCE(r.rules_checked, '') <> '' OR ${violations('')})`,
      failing: `${recorded} AND ${violations(" AND v.severity <> 'info'")}`,
    },
    prose: {
      checked: `${recorded} AND ${prose("'agrees', 'contradicts'")}`,
      failing: `${recorded} AND ${prose("'contradicts'")}`,
    },
    copy: {
      checked: `${recorded} AND (r.narrative_chars >= ${NARRATIVE_MIN_CHARS} OR EXISTS (SELECT 1 FROM report_table pt WHERE pt.report_id IN (${previous})))`,
      failing: `${recorded} AND (EXISTS (SELECT 1 FROM narrative_match m JOIN report o ON o.id = m.other_id WHERE m.report_id = r.id AND m.similarity >= ${COPY_THRESHOLD} AND ((o.agency_id = r.agency_id AND o.year = r.year - 1) OR (o.year = r.year AND o.agency_id <> r.agency_id))) OR EXISTS (SELECT 1 FROM report_table t JOIN report_table pt ON pt.table_key = t.table_key AND pt.digest = t.digest WHERE t.report_id = r.id AND t.nonzero > 0 AND pt.report_id IN (${previous})))`,
    },
  };
}

export async function scorecardSummary(
  ds: DataSource,
  { filter, groupBy, answer }: BucketArgs = {},
): Promise<ScorecardBucket[]> {
  const g = grouping(groupBy, NOT_BY_APPLICANT, 'report');
  const qb = whereReports(
    ds.createQueryBuilder().from('report', 'r').innerJoin('agency', 'a', 'a.id = r.agency_id'),
    filter,
  );
  g.select(qb);
  const flags = itemFlags();
  for (const key of ITEMS) {
    qb.addSelect(`SUM(CASE WHEN ${flags[key].checked} THEN 1 ELSE 0 END)`, `c_${key}`);
    // A failing item is a checked one: the numerator is within the denominator.
    qb.addSelect(`SUM(CASE WHEN (${flags[key].checked}) AND (${flags[key].failing}) THEN 1 ELSE 0 END)`, `f_${key}`);
  }
  const rows = await ordered(qb, { answer, order: g.order });
  return rows.flatMap((row) => ITEMS.map((key) => new ItemBucket(row, key)));
}

/** One hidden class for every bucket (see Bucket). */
class ItemBucket extends Bucket implements ScorecardBucket {
  item: ItemKey;
  reportsChecked: number;
  reportsFailing: number;
  share: number | null;
  constructor(row: Record<string, unknown>, item: ItemKey) {
    super(row);
    this.item = item;
    this.reportsChecked = num(row[`c_${item}`]) ?? 0;
    this.reportsFailing = num(row[`f_${item}`]) ?? 0;
    this.share = this.reportsChecked === 0 ? null : this.reportsFailing / this.reportsChecked;
  }
}
