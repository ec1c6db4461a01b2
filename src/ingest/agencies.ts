/**
 * Agency identities: an agency is a division of the gazetteer and an organ of it, whatever name a report printed;
 * the user's overrides (data/agencies.csv) come first. Reports are linked to their agency here, at ingest and again
 * whenever the overrides change (re-linking moves reports and their cells without parsing anything again), and the
 * checks across years run for every pair of years both stored, whichever arrived first.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { APPLICANT_COLUMNS, APPLICATIONS_TOTAL_COLUMN, type LevelKey } from '../format';
import { gazetteer } from '../divisions/gazetteer';
import type { Organ, OrganKind } from '../divisions/organs';
import { agencyLevel, resolveAgency } from '../divisions/resolve';
import { insertRows, run } from '../model/bulk';
import { squeeze } from '../parser/text';
import { finding as makeFinding, type Finding as ParsedFinding } from '../parser/types';
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
  // The region (until it goes from the API): the county-level division, or the city, or the province.
  const region = path ? (path.county ?? path.city ?? path.province)?.name : null;
  return idOf(
    await run<{ id: unknown }>(
      em,
      'INSERT INTO agency (key, name, full_name, region, level, division_code, organ_kind, organ_name, province_code, city_code, county_code, township_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
      [
        identity.key,
        printed.name,
        printed.fullName,
        region ?? null,
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

const APPLICATION_COLUMNS = [...APPLICANT_COLUMNS, APPLICATIONS_TOTAL_COLUMN].map((c) => c.key);

/**
 * carry_continuity for the agency's report of `year`: its carried_over against the carried_forward of the year before.
 * Its findings for the rule are replaced, so the check holds whichever year was stored first and after a replacement.
 * Returns how many findings it made.
 */
export async function checkCarryContinuity(em: EntityManager, agencyId: number, year: number): Promise<number> {
  const reportId = idOf(
    await run<{ id: unknown }>(em, 'SELECT id FROM report WHERE agency_id = ? AND year = ?', [agencyId, year]),
  );
  if (reportId === undefined) return 0;
  await run(em, "DELETE FROM finding WHERE report_id = ? AND code = 'rule_violation' AND rule = 'carry_continuity'", [
    reportId,
  ]);
  const over = await run<{ column_key: string; value: unknown; line: unknown }>(
    em,
    "SELECT column_key, value, line FROM cell WHERE report_id = ? AND table_key = 'applications' AND row_key = 'carried_over'",
    [reportId],
  );
  if (over.length === 0) return 0;
  const forward = await run<{ column_key: string; value: unknown }>(
    em,
    // Every key of the slice index given (the columns listed), so it is one seek per column on both databases, with
    // or without statistics — a planner guessing on a fresh table must not scan every carried_forward ever stored.
    `SELECT c.column_key, c.value FROM cell c WHERE c.table_key = 'applications' AND c.column_key IN (${APPLICATION_COLUMNS.map(() => '?').join(', ')}) AND c.row_key = 'carried_forward' AND c.year = ? AND c.agency_id = ? ORDER BY c.id`,
    [...APPLICATION_COLUMNS, year - 1, agencyId],
  );
  const out: ParsedFinding[] = [];
  for (const f of forward) {
    const before = f.value === null ? null : Number(f.value);
    const o = over.find((c) => c.column_key === f.column_key);
    const now = o?.value === null || o === undefined ? null : Number(o.value);
    if (!o || now === null || before === null || now === before) continue;
    out.push(
      makeFinding(
        'rule_violation',
        `carry_continuity: carried_over (${year}) = carried_forward (${year - 1}) (${f.column_key}): ${before} ≠ ${now}`,
        Number(o.line),
        {
          table: 'applications',
          row: 'carried_over',
          column: f.column_key,
          rule: 'carry_continuity',
          expected: before,
          actual: now,
          cells: [
            `applications/carried_over/${f.column_key}`,
            `${year - 1}:applications/carried_forward/${f.column_key}`,
          ],
        },
      ),
    );
  }
  await insertRows(
    em,
    'finding',
    FINDING_COLUMNS,
    out.map((f) => findingRow(reportId, f)),
  );
  return out.length;
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
 * Links every stored report to the agency its printed names and the overrides give, in one transaction: reports (and
 * their cells) move, agencies left without reports go, the moved agencies' names and cross-year checks are renewed.
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
      touched.add(Number(row.agency_id)).add(agencyId);
    }
    for (const agencyId of touched) {
      const years = await run<{ year: unknown }>(em, 'SELECT year FROM report WHERE agency_id = ? ORDER BY year', [
        agencyId,
      ]);
      if (years.length === 0) {
        await run(em, 'DELETE FROM agency WHERE id = ?', [agencyId]);
        continue;
      }
      await nameAfterLatest(em, agencyId);
      for (const { year } of years) await checkCarryContinuity(em, agencyId, Number(year));
    }
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
