/** Where an agency lies: the codes stored on it, the names from the gazetteer. */
import { gazetteer } from '../divisions/gazetteer';

export const PLACE_LEVELS = ['province', 'city', 'county', 'township'] as const;
export type PlaceLevel = (typeof PLACE_LEVELS)[number];

export type Places = { [K in `${PlaceLevel}${'Code' | 'Name'}`]: string | null };

export const nameOf = (code: string | null) => (code ? (gazetteer().byCode(code)?.name ?? null) : null);

/** The codes of a row (`provinceCode` …) with their names. */
export function placesOf(row: Record<string, unknown>, levels: readonly PlaceLevel[] = PLACE_LEVELS): Partial<Places> {
  const out: Partial<Places> = {};
  for (const level of levels) {
    const code = (row[`${level}Code`] as string | null | undefined) ?? null;
    out[`${level}Code`] = code;
    out[`${level}Name`] = nameOf(code);
  }
  return out;
}
