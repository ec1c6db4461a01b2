/**
 * Agency identities: an agency is a division of the gazetteer and an organ of it, whatever name a report printed;
 * the user's overrides (data/agencies.csv) come first. Reports are linked to their agency here, at ingest and again
 * whenever the overrides change (re-linking moves reports and their cells without parsing anything again), and the
 * checks across years run for every pair of years both stored, whichever arrived first.
 */
import type { DataSource, EntityManager } from 'typeorm';
import {
  acrossYears,
  cellKey,
  check,
  type Equation,
  equations,
  FORMATS,
  type FormatKey,
  type LevelKey,
} from '../format';
import { gazetteer } from '../divisions/gazetteer';
import type { Organ, OrganKind } from '../divisions/organs';
import { agencyLevel, resolveAgency } from '../divisions/resolve';
import { insertRows, run } from '../model/bulk';
import { PendingSummaries, renewSummaries } from '../model/summary';
import { squeeze } from '../parser/text';
import type { Finding as ParsedFinding, ParsedReport } from '../parser/types';
import { violation } from '../parser/validate';
import { FINDING_COLUMNS, findingRow } from './findings';
import { OverrideError, type Override, type Overrides } from './overrides';

/** What a report printed, and what the parser made of it. */
export interface Printed {
  name: string;
  fullName: string;
  divisionCode: string | null;
  organ: Organ | null;
  candidates: string[];
}

export interface Identity {
  /** Unique per agency: `division|organ kind|organ name`, or `name:<printed full name>` without a division. */
  key: string;
  divisionCode: string | null;
  organ: Organ | null;
  level: LevelKey | null;
  /** The override that decided it, if one did. */
  override: Override | null;
}

function ownOrgan(code: string): Organ {
  const level = gazetteer().byCode(code)?.level;
  const kind: OrganKind =
    level === 'township' || level === 'street' ? 'township' : level === 'zone' ? 'zone' : 'government';
  return { kind, name: null };
}

export function identityOf(p: Printed, overrides: Overrides, seen: string[] = []): Identity {
  const o = overrides.get(squeeze(p.fullName)) ?? overrides.get(squeeze(p.name));
  if (o?.sameAs) {
    if (seen.includes(o.sameAs))
      throw new OverrideError(`${o.at}: same_as goes round in a circle (${seen.join(' → ')})`);
    const r = resolveAgency({ name: o.sameAs, fullName: o.sameAs });
    const target = identityOf({ name: o.sameAs, fullName: o.sameAs, ...r }, overrides, [...seen, o.name]);
    return { ...target, override: o };
  }
  const divisionCode = o?.code ?? p.divisionCode;
  const organ = o?.organ ?? (o?.code ? (p.organ ?? ownOrgan(o.code)) : p.organ);
  const key = divisionCode
    ? `${divisionCode}|${organ?.kind ?? ''}|${organ?.name ?? ''}`
    : `name:${squeeze(p.fullName)}`.slice(0, 200);
  return { key, divisionCode, organ, level: agencyLevel(divisionCode, organ), override: o ?? null };
}

const idOf = (rows: { id: unknown }[]) => (rows.length > 0 ? Number(rows[0].id) : undefined);

/** The agency of an identity: found by its key, or made. */
export async function agencyFor(em: EntityManager, identity: Identity, printed: Printed): Promise<number> {
  const found = idOf(await run<{ id: unknown }>(em, 'SELECT id FROM agency WHERE key = ?', [identity.key]));
  if (found !== undefined) return found;
  const path = identity.divisionCode ? gazetteer().path(identity.divisionCode) : null;
  return idOf(
    await run<{ id: unknown }>(
      em,
      'INSERT INTO agency (key, name, full_name, level, division_code, organ_kind, organ_name, province_code, city_code, county_code, township_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
      [
        identity.key,
        printed.name,
        printed.fullName,
        identity.level,
        identity.divisionCode,
        identity.organ?.kind ?? null,
        identity.organ?.name ?? null,
        path?.province?.code ?? null,
        path?.city?.code ?? null,
        path?.county?.code ?? null,
        path?.township?.code ?? null,
      ],
    ),
  )!;
}

/** An agency is named as its latest report printed it. */
export async function nameAfterLatest(em: EntityManager, agencyId: number): Promise<void> {
  const latest = (column: string) =>
    `(SELECT r.${column} FROM report r WHERE r.agency_id = agency.id AND r.${column} IS NOT NULL ORDER BY r.year DESC, r.id DESC LIMIT 1)`;
  await run(
    em,
    `UPDATE agency SET name = COALESCE(${latest('agency_name')}, name), full_name = COALESCE(${latest('agency_full_name')}, full_name) WHERE id = ?`,
    [agencyId],
  );
}

interface CellAt {
  value: number | null;
  line: number | null;
}

interface AcrossYears {
  findings: ParsedFinding[];
  /** The rules across years every cell of which was reported in both years: what dataQuality counts them over. */
  checked: string[];
}

/**
 * The agency's cells of a year (of its current report), by cell key: all of them, or only those with these keys (the
 * year before's cells a check across years reads: a few of its ~200).
 */
async function cellsOfYear(
  em: EntityManager,
  agencyId: number,
  year: number,
  keys?: readonly string[],
): Promise<Map<string, CellAt>> {
  const only =
    keys === undefined
      ? ''
      : ` AND (c.table_key || '/' || c.row_key || '/' || c.column_key) IN (${keys.map(() => '?').join(', ') || "''"})`;
  const rows = await run<{ table_key: string; row_key: string; column_key: string; value: unknown; line: unknown }>(
    em,
    `SELECT c.table_key, c.row_key, c.column_key, c.value, c.line FROM cell c JOIN report r ON r.id = c.report_id WHERE r.agency_id = ? AND r.year = ?${only}`,
    [agencyId, year, ...(keys ?? [])],
  );
  return new Map(
    rows.map((c) => [
      cellKey(c.table_key, c.row_key, c.column_key),
      { value: c.value === null ? null : Number(c.value), line: c.line === null ? null : Number(c.line) },
    ]),
  );
}

// equations() gives one array per format and rows printed (cached): its equations across years, once per array.
const acrossYearsOnly = new WeakMap<Equation[], Equation[]>();

/**
 * The format's equations across years for the applications rows a report prints (its cells, keyed
 * "table/row/column"), as validation expands them.
 */
function acrossYearsEquations(format: FormatKey, now: Map<string, CellAt>): Equation[] {
  const present = new Set<string>();
  for (const k of now.keys()) if (k.startsWith('applications/')) present.add(k.slice(13, k.indexOf('/', 13)));
  const all = equations(format, present);
  let eqs = acrossYearsOnly.get(all);
  if (!eqs) acrossYearsOnly.set(all, (eqs = all.filter(acrossYears)));
  return eqs;
}

/** Equations across years (acrossYearsEquations) over a report's cells and the year before's. */
function acrossYearsCheck(eqs: Equation[], year: number, now: Map<string, CellAt>, before: Map<string, CellAt>) {
  const out: AcrossYears = { findings: [], checked: [] };
  for (const eq of eqs) {
    const value = (k: string, previousYear: boolean) => (previousYear ? before : now).get(k)?.value;
    if (check(eq, value).holds !== null && !out.checked.includes(eq.rule)) out.checked.push(eq.rule);
    const at = now.get([...eq.lhs, ...eq.rhs].find((t) => !t.previousYear)!.key);
    const f = violation(eq, value, at?.line ?? null, (k, previousYear) => (previousYear ? `${year - 1}:${k}` : k));
    if (f) out.findings.push(f);
  }
  return out;
}

/** A report about to be stored against its agency's report of the year before, where that one is stored. */
export async function acrossYearsOf(em: EntityManager, agencyId: number, parsed: ParsedReport): Promise<AcrossYears> {
  const now = new Map(parsed.cells.map((c) => [cellKey(c.table, c.row, c.column), { value: c.value, line: c.line }]));
  const eqs = acrossYearsEquations(parsed.format, now);
  if (eqs.length === 0) return { findings: [], checked: [] };
  // Of the year before, only the cells the equations read: no such cell (or no report of it) checks nothing.
  const read = new Set(eqs.flatMap((eq) => [...eq.lhs, ...eq.rhs].filter((t) => t.previousYear).map((t) => t.key)));
  const before = await cellsOfYear(em, agencyId, parsed.year - 1, [...read]);
  if (before.size === 0) return { findings: [], checked: [] };
  return acrossYearsCheck(eqs, parsed.year, now, before);
}

/**
 * The rules across years for the agency's stored report of `year`, against its report of the year before: its
 * findings for those rules and its rules_checked are renewed, so the checks hold whichever year was stored first,
 * and after either report is replaced or moved to another agency. Returns how many findings it made.
 */
export async function checkAcrossYears(
  em: EntityManager,
  agencyId: number,
  year: number,
  pending?: PendingSummaries,
): Promise<number> {
  const [report] = await run<{ id: unknown; format: FormatKey; rules_checked: string | null }>(
    em,
    'SELECT id, format, rules_checked FROM report WHERE agency_id = ? AND year = ?',
    [agencyId, year],
  );
  if (!report || !FORMATS[report.format]) return 0;
  const rules = [
    ...new Set(
      equations(report.format)
        .filter(acrossYears)
        .map((eq) => eq.rule),
    ),
  ];
  if (rules.length === 0) return 0;
  const reportId = Number(report.id);
  await run(
    em,
    `DELETE FROM finding WHERE report_id = ? AND code = 'rule_violation' AND rule IN (${rules.map(() => '?').join(', ')})`,
    [reportId, ...rules],
  );
  const before = await cellsOfYear(em, agencyId, year - 1);
  const result =
    before.size === 0
      ? { findings: [], checked: [] }
      : await cellsOfYear(em, agencyId, year).then((now) =>
          acrossYearsCheck(acrossYearsEquations(report.format, now), year, now, before),
        );
  await insertRows(
    em,
    'finding',
    FINDING_COLUMNS,
    result.findings.map((f) => findingRow(reportId, f)),
  );
  const withinReport = (report.rules_checked ?? '').split(',').filter((r) => r && !rules.includes(r));
  const checked = [...withinReport, ...result.checked].join(',');
  if (checked !== (report.rules_checked ?? ''))
    await run(em, 'UPDATE report SET rules_checked = ? WHERE id = ?', [checked, reportId]);
  // Its rule outcomes and violating flags may have changed: its summary rows follow (model/summary.ts).
  await renewSummaries(em, reportId, pending);
  return result.findings.length;
}

interface StoredReport {
  id: unknown;
  year: unknown;
  agency_id: unknown;
  key: string;
  agency_name: string | null;
  agency_full_name: string | null;
  division_code: string | null;
  organ_kind: string | null;
  organ_name: string | null;
  candidates: string | null;
  source_file: string;
  overview: string | null;
}

export function printedOf(r: StoredReport): Printed {
  return {
    name: r.agency_name ?? '',
    fullName: r.agency_full_name ?? r.agency_name ?? '',
    divisionCode: r.division_code,
    organ: r.organ_kind ? { kind: r.organ_kind as OrganKind, name: r.organ_name } : null,
    candidates: r.candidates ? r.candidates.split(',') : [],
  };
}

export interface Relinked {
  /** Reports that changed agency. */
  moved: number;
  /** Reports stored before resolution existed, resolved now from their stored names and narrative. */
  resolved: number;
}

/**
 * Links every stored report to the agency its printed names and the overrides give, in one transaction: reports (with
 * their cells and versions) move, agencies left without reports go, the moved agencies' names and cross-year checks are renewed.
 * Two reports of one agency and year afterwards is an error naming both, and nothing changes.
 */
export function relink(ds: DataSource, overrides: Overrides): Promise<Relinked> {
  return ds.transaction(async (em) => {
    const rows = await run<StoredReport>(
      em,
      'SELECT r.id, r.year, r.agency_id, a.key, r.agency_name, r.agency_full_name, r.division_code, r.organ_kind, r.organ_name, r.candidates, r.source_file, r.overview FROM report r JOIN agency a ON a.id = r.agency_id ORDER BY r.id',
    );
    let resolved = 0;
    const moves: { row: StoredReport; identity: Identity; printed: Printed }[] = [];
    const owner = new Map<string, StoredReport>();
    for (const row of rows) {
      if (row.candidates === null) {
        await resolveStored(em, row);
        resolved++;
      }
      const printed = printedOf(row);
      const identity = identityOf(printed, overrides);
      const slot = `${identity.key}@${row.year}`;
      const other = owner.get(slot);
      if (other)
        throw new OverrideError(
          `${identity.override?.at ?? 'data/agencies.csv'}: ${other.source_file} and ${row.source_file} would both be the ${row.year} report of one agency (${identity.key}); keep one apart`,
        );
      owner.set(slot, row);
      if (identity.key !== row.key) moves.push({ row, identity, printed });
    }
    const touched = new Set<number>();
    for (const { row, identity, printed } of moves) {
      const agencyId = await agencyFor(em, identity, printed);
      await run(em, 'UPDATE report SET agency_id = ? WHERE id = ?', [agencyId, row.id]);
      await run(em, 'UPDATE cell SET agency_id = ? WHERE report_id = ?', [agencyId, row.id]);
      // Every version of that agency and year goes with the current one (report_version).
      await run(em, 'UPDATE report_version SET agency_id = ? WHERE agency_id = ? AND year = ?', [
        agencyId,
        row.agency_id,
        row.year,
      ]);
      touched.add(Number(row.agency_id)).add(agencyId);
    }
    // The moved reports' summary rows carry their agency (model/summary.ts): renewed together with those of the
    // reports checked again below.
    const pending = new PendingSummaries();
    for (const { row } of moves) pending.add(Number(row.id));
    for (const agencyId of touched) {
      const years = await run<{ year: unknown }>(em, 'SELECT year FROM report WHERE agency_id = ? ORDER BY year', [
        agencyId,
      ]);
      if (years.length === 0) {
        await run(em, 'DELETE FROM agency WHERE id = ?', [agencyId]);
        continue;
      }
      await nameAfterLatest(em, agencyId);
      for (const { year } of years) await checkAcrossYears(em, agencyId, Number(year), pending);
    }
    await pending.flush(em);
    return { moved: moves.length, resolved };
  });
}

/** A report stored before resolution existed: resolved from what was stored of it (names, narrative, file name). */
async function resolveStored(em: EntityManager, row: StoredReport): Promise<void> {
  const name = row.agency_name ?? '';
  const r = resolveAgency({
    name,
    fullName: row.agency_full_name ?? name,
    text: row.overview ?? undefined,
    source: row.source_file,
  });
  await run(em, 'UPDATE report SET division_code = ?, organ_kind = ?, organ_name = ?, candidates = ? WHERE id = ?', [
    r.divisionCode,
    r.organ?.kind ?? null,
    r.organ?.name ?? null,
    r.candidates.join(','),
    row.id,
  ]);
  Object.assign(row, {
    division_code: r.divisionCode,
    organ_kind: r.organ?.kind ?? null,
    organ_name: r.organ?.name ?? null,
    candidates: r.candidates.join(','),
  });
}
