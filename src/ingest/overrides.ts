/**
 * data/agencies.csv: the user's corrections to agency identities, applied at every ingest. One row per printed name:
 *
 *   name,code,organ,same_as
 *   泉塘镇,430381111,,                        the report printing 泉塘镇 is 湘乡市's 泉塘镇 (an ambiguous name decided)
 *   某某局,,,沭阳县发展和改革局                 某某局 is the same agency as the one printing 沭阳县发展和改革局
 *   湛河区政府办,410411,office,                 a code and an organ for a name the parser could not resolve
 *
 * `name` is a name as a report printed it (its signature's full name or its title's name; spaces do not count). `code` a
 * division of the gazetteer; `organ` one of government, office, township, zone or department:<full name> (left
 * empty: as resolved, or the division's own government); `same_as` another printed name whose agency this one is
 * (instead of code and organ). Lines starting with # are comments.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { gazetteer } from '../divisions/gazetteer';
import { ORGAN_KINDS, type Organ, type OrganKind } from '../divisions/organs';
import { squeeze } from '../parser/text';

export const OVERRIDES_FILE = 'data/agencies.csv';
export const OVERRIDE_COLUMNS = ['name', 'code', 'organ', 'same_as'] as const;

export interface Override {
  name: string;
  code: string | null;
  organ: Organ | null;
  sameAs: string | null;
  /** Where it was written: file and line, for messages. */
  at: string;
}

/** The overrides, by printed name (spaces removed). */
export type Overrides = Map<string, Override>;

/** A bounded file: a hand-kept list, not a data set. */
const MAX_BYTES = 5_000_000;

export class OverrideError extends Error {}

export function parseOrgan(text: string, at: string): Organ {
  const [kind, ...rest] = text.split(':');
  const name = rest.join(':').trim() || null;
  if (!ORGAN_KINDS.includes(kind as OrganKind))
    throw new OverrideError(`${at}: organ "${text}" is none of ${ORGAN_KINDS.join(', ')} (department:<name>)`);
  if ((kind === 'department') !== (name !== null))
    throw new OverrideError(
      `${at}: organ "${text}": a department needs its name (department:审计局), other organs none`,
    );
  return { kind: kind as OrganKind, name };
}

export function parseOverrides(text: string, file: string): Overrides {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes with where it was read (its types do not say so).
    records = parse(text, {
      comment: '#',
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      bom: true,
      info: true,
    }) as unknown as typeof records;
  } catch (e) {
    throw new OverrideError(`${file}: not a CSV file: ${(e as Error).message}`);
  }
  const out: Overrides = new Map();
  const [header, ...rows] = records;
  if (!header || header.record.join(',') !== OVERRIDE_COLUMNS.join(','))
    throw new OverrideError(`${file}: the first row must be the header ${OVERRIDE_COLUMNS.join(',')}`);
  for (const { record: row, info } of rows) {
    const [name = '', code = '', organ = '', sameAs = ''] = row;
    const at = `${file}:${info.lines}`;
    if (row.length > OVERRIDE_COLUMNS.length)
      throw new OverrideError(`${at}: more than ${OVERRIDE_COLUMNS.length} fields`);
    const key = squeeze(name);
    if (!key) throw new OverrideError(`${at}: no name`);
    if (!code && !organ && !sameAs) throw new OverrideError(`${at}: ${name}: give a code, an organ or same_as`);
    if (sameAs && (code || organ)) throw new OverrideError(`${at}: ${name}: same_as or code and organ, not both`);
    if (code && !gazetteer().byCode(code)) throw new OverrideError(`${at}: ${code} is no division of the gazetteer`);
    if (out.has(key)) throw new OverrideError(`${at}: ${name} is given twice (also ${out.get(key)!.at})`);
    out.set(key, {
      name: key,
      code: code || null,
      organ: organ ? parseOrgan(organ, at) : null,
      sameAs: sameAs ? squeeze(sameAs) : null,
      at,
    });
  }
  return out;
}

/** The overrides of a file; none when it does not exist. */
export function readOverrides(file: string = OVERRIDES_FILE): Overrides {
  if (!existsSync(file)) return new Map();
  const bytes = readFileSync(file);
  if (bytes.length > MAX_BYTES) throw new OverrideError(`${file}: over ${MAX_BYTES / 1e6} MB`);
  return parseOverrides(bytes.toString('utf8'), file);
}
