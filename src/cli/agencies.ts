/** `gongkai agencies`: the agencies no division could be given, and the user's corrections (data/agencies.csv). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { DataSource } from 'typeorm';
import { gazetteer } from '../divisions/gazetteer';
import { relink, type Relinked } from '../ingest/agencies';
import { OVERRIDE_COLUMNS, OverrideError, parseOrgan, parseOverrides, readOverrides } from '../ingest/overrides';
import { run } from '../model/bulk';

interface AgencyRow {
  id: unknown;
  key: string;
  full_name: string;
  division_code: string | null;
  organ_kind: string | null;
  organ_name: string | null;
}

interface PrintedRow {
  agency_id: unknown;
  year: unknown;
  agency_full_name: string | null;
  candidates: string | null;
  source_file: string;
}

const describeCode = (code: string) => `${code} ${gazetteer().fullName(code)}`;

/** Agencies without a division (or all), each with what its reports printed and could mean. */
export async function listAgencies(ds: DataSource, all: boolean): Promise<string[]> {
  const agencies = await run<AgencyRow>(
    ds,
    `SELECT id, key, full_name, division_code, organ_kind, organ_name FROM agency${all ? '' : ' WHERE division_code IS NULL'} ORDER BY id`,
  );
  const printed = await run<PrintedRow>(
    ds,
    'SELECT agency_id, year, agency_full_name, candidates, source_file FROM report ORDER BY agency_id, year',
  );
  return agencies.map((a) => {
    const reports = printed.filter((r) => Number(r.agency_id) === Number(a.id));
    const candidates = [...new Set(reports.flatMap((r) => (r.candidates ? r.candidates.split(',') : [])))];
    const what = a.division_code
      ? `${describeCode(a.division_code)}, ${a.organ_kind}${a.organ_name ? ` ${a.organ_name}` : ''}`
      : candidates.length > 0
        ? `ambiguous: ${candidates.map(describeCode).join(' | ')}`
        : 'unresolved';
    const names = [...new Set(reports.map((r) => r.agency_full_name))].join(' / ');
    const years = reports.map((r) => `${r.year} ${r.source_file}`).join(', ');
    return `${a.id}\t${names}\t${what}\t(${years})`;
  });
}

async function agencyOf(ds: DataSource, ref: string): Promise<AgencyRow & { names: string[] }> {
  const [a] = /^\d+$/.test(ref)
    ? await run<AgencyRow>(ds, 'SELECT * FROM agency WHERE id = ?', [Number(ref)])
    : await run<AgencyRow>(
        ds,
        'SELECT a.* FROM agency a WHERE a.id IN (SELECT r.agency_id FROM report r WHERE r.agency_full_name = ? OR r.agency_name = ?)',
        [ref, ref],
      );
  if (!a) throw new OverrideError(`no agency ${/^\d+$/.test(ref) ? 'has the id' : 'printed the name'} ${ref}`);
  const names = await run<{ agency_full_name: string }>(
    ds,
    'SELECT DISTINCT agency_full_name FROM report WHERE agency_id = ? AND agency_full_name IS NOT NULL',
    [a.id],
  );
  return { ...a, names: names.map((n) => n.agency_full_name) };
}

/**
 * Writes rows for these printed names into the overrides file (replacing rows for the same names), then re-links the
 * database; the file is restored when the re-link is refused.
 */
async function override(ds: DataSource, file: string, rows: string[][]): Promise<Relinked> {
  const before = existsSync(file) ? readFileSync(file, 'utf8') : `${OVERRIDE_COLUMNS.join(',')}\n`;
  const replaced = new Set(rows.map((r) => r[0]));
  const drop = new Set(
    [...parseOverrides(before, file).values()]
      .filter((o) => replaced.has(o.name))
      .map((o) => Number(o.at.split(':').at(-1))),
  );
  const kept = before
    .split('\n')
    .filter((_, i) => !drop.has(i + 1))
    .join('\n');
  const after = `${kept.replace(/\n*$/, '\n')}${stringify(rows)}`;
  const overrides = parseOverrides(after, file);
  writeFileSync(file, after);
  try {
    return await relink(ds, overrides);
  } catch (e) {
    writeFileSync(file, before);
    throw e;
  }
}

/** Every name agency `from` printed becomes agency `into`'s: its division and organ, or its name when it has none. */
export async function mergeAgencies(ds: DataSource, file: string, from: string, into: string): Promise<Relinked> {
  const a = await agencyOf(ds, from);
  const b = await agencyOf(ds, into);
  if (Number(a.id) === Number(b.id)) throw new OverrideError(`${from} and ${into} are one agency already`);
  const organ = b.organ_kind ? `${b.organ_kind}${b.organ_name ? `:${b.organ_name}` : ''}` : '';
  const rows = a.names.map((n) =>
    b.division_code ? [n, b.division_code, organ, ''] : [n, '', '', b.key.replace(/^name:/, '')],
  );
  return override(ds, file, rows);
}

export async function setCode(
  ds: DataSource,
  file: string,
  ref: string,
  code: string,
  organ?: string,
): Promise<Relinked> {
  if (!gazetteer().byCode(code)) throw new OverrideError(`${code} is no division of the gazetteer`);
  if (organ) parseOrgan(organ, '--organ');
  const a = await agencyOf(ds, ref);
  return override(
    ds,
    file,
    a.names.map((n) => [n, code, organ ?? '', '']),
  );
}

export { readOverrides };
