/**
 * What the compliance scorecard reads of a report, stored with it: page date, rules checked, section headings and
 * how much their narrative says, table summaries (digests for tables copied from the year before), the figures the
 * narrative states, and the narrative's LSH bands with the matches they lead to. Matches are exact Jaccard over the
 * candidates that share a band (and the same agency's reports of the years either side, always compared), stored
 * both ways, so a copy is found whichever of the two reports arrives first.
 */
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { TABLE_KEYS, substance, type SectionKey } from '../format';
import { insertRows, run } from '../model/bulk';
import type { ParsedReport } from '../parser/types';
import { squeeze } from '../parser/text';
import { MATCH_MIN, NARRATIVE_MIN_CHARS, jaccard, normalizeNarrative, shingles } from '../similarity';

/** Candidates compared exactly per report, those sharing most bands first: bounds the work on template-heavy corpora. */
const MAX_CANDIDATES = 100;

const NARRATIVE_SECTIONS: SectionKey[] = ['overview', 'problems', 'other'];

function tableRows(reportId: number, parsed: ParsedReport): unknown[][] {
  return TABLE_KEYS.flatMap((table) => {
    // In order of row key + column key (the order digests were first made in: stored digests stay comparable).
    const cells = parsed.cells
      .filter((c) => c.table === table)
      .map((c) => ({ order: c.row + c.column, cell: [c.row, c.column, c.value] as const }))
      .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
      .map((c) => c.cell);
    if (cells.length === 0) return [];
    const reported = cells.filter((c) => c[2] !== null);
    const digest = createHash('sha256').update(JSON.stringify(cells)).digest('hex');
    return [[reportId, table, cells.length, reported.length, reported.filter((c) => c[2] !== 0).length, digest]];
  });
}

export async function storeScorecardFacts(
  em: EntityManager,
  reportId: number,
  agencyId: number,
  parsed: ParsedReport,
  sha256: string,
): Promise<void> {
  const page = parsed.pageDate;
  await run(em, 'UPDATE report SET page_date = ?, page_date_source = ?, narrative_chars = ? WHERE id = ?', [
    page?.iso ?? null,
    page ? page.printed.slice(0, 100) : null,
    parsed.narrative.chars,
    reportId,
  ]);
  const text = (key: SectionKey) => (NARRATIVE_SECTIONS.includes(key) ? parsed.sections[key as 'overview'] : undefined);
  await insertRows(
    em,
    'report_section',
    [
      ['report_id', 'integer'],
      ['section_key', 'varchar'],
      ['line', 'integer'],
      ['page', 'integer'],
      ['chars', 'integer'],
      ['substance', 'integer'],
    ],
    parsed.headings.map((h) => {
      const t = text(h.key);
      return [
        reportId,
        h.key,
        h.line,
        h.page ?? null,
        t === undefined ? null : squeeze(t ?? '').length,
        t === undefined ? null : substance(t),
      ];
    }),
  );
  await insertRows(
    em,
    'report_table',
    [
      ['report_id', 'integer'],
      ['table_key', 'varchar'],
      ['cells', 'integer'],
      ['reported', 'integer'],
      ['nonzero', 'integer'],
      ['digest', 'varchar'],
    ],
    tableRows(reportId, parsed),
  );
  await insertRows(
    em,
    'prose_figure',
    [
      ['report_id', 'integer'],
      ['figure_key', 'varchar'],
      ['value', 'double precision'],
      ['unit', 'varchar'],
      ['text', 'text'],
      ['line', 'integer'],
      ['page', 'integer'],
      ['section_key', 'varchar'],
      ['outcome', 'varchar'],
      ['reason', 'text'],
      ['cells', 'text'],
      ['table_value', 'double precision'],
      ['table_line', 'integer'],
    ],
    parsed.prose.map((f) => [
      reportId,
      f.key,
      f.value,
      f.unit,
      f.text,
      f.line,
      f.page ?? null,
      f.section,
      f.outcome,
      f.reason ?? null,
      f.cells?.join(',') ?? null,
      f.tableValue ?? null,
      f.tableLine ?? null,
    ]),
  );
  if (parsed.narrative.chars >= NARRATIVE_MIN_CHARS) await matchNarrative(em, reportId, agencyId, parsed, sha256);
}

/** How many shingles the cache below keeps, all narratives together (4 bytes each: 16 MB). */
const CACHED_SHINGLES = 4_000_000;

/**
 * The shingle sets of narratives compared lately, least recently used out first. The reports a narrative is compared
 * with are mostly the same few (a template's most common versions, the agency's years either side): reading their
 * narratives back and shingling them again was most of an ingest's time at 20,000 reports. A set is keyed by what
 * decides it — the report's bytes (stored once: a file already stored is "unchanged") and the names taken out of
 * its text — never by a report id, which a rolled-back report gives back to the next one. A set put in replaces the
 * one under its key: bytes stored again after their report was replaced may read otherwise this time (another
 * parser, a server's charset, another file name), and the report being stored puts its own set in first.
 */
export class ShingleCache {
  private readonly sets = new Map<string, Uint32Array>();
  private held = 0;

  constructor(private readonly capacity = CACHED_SHINGLES) {}

  /** How many shingles it holds. */
  get size(): number {
    return this.held;
  }

  get(key: string): Uint32Array | undefined {
    const set = this.sets.get(key);
    if (set) {
      this.sets.delete(key);
      this.sets.set(key, set);
    }
    return set;
  }

  put(key: string, set: Uint32Array): void {
    const replaced = this.sets.get(key);
    if (replaced) {
      this.sets.delete(key);
      this.held -= replaced.length;
    }
    if (set.length > this.capacity) return;
    this.sets.set(key, set);
    this.held += set.length;
    for (const [oldest, old] of this.sets) {
      if (this.held <= this.capacity) break;
      this.sets.delete(oldest);
      this.held -= old.length;
    }
  }
}

/** One cache per database: another database may hold other narratives under the same bytes (an older parser's). */
const caches = new WeakMap<DataSource, ShingleCache>();
const cacheOf = (em: EntityManager) => {
  let cache = caches.get(em.connection);
  if (!cache) caches.set(em.connection, (cache = new ShingleCache()));
  return cache;
};

const shingleKey = (sha256: string, names: readonly string[]) => [sha256, ...names].join('\u0000');

/** A narrative's shingle set, as compared (the agency's names taken out). */
const narrativeShingles = (sections: readonly (string | null)[], names: readonly string[]) =>
  shingles(normalizeNarrative(sections, names));

/** Indexes the narrative's bands and stores its matches with the reports stored before it. */
async function matchNarrative(
  em: EntityManager,
  reportId: number,
  agencyId: number,
  parsed: ParsedReport,
  sha256: string,
) {
  const { bands } = parsed.narrative;
  await insertRows(
    em,
    'narrative_band',
    [
      ['report_id', 'integer'],
      ['band', 'integer'],
      ['hash', 'integer'],
    ],
    bands.map((hash, band) => [reportId, band, hash]),
  );
  const collisions = await run<{ report_id: unknown }>(
    em,
    `SELECT report_id FROM narrative_band WHERE (${bands.map(() => '(band = ? AND hash = ?)').join(' OR ')}) AND report_id <> ? GROUP BY report_id ORDER BY COUNT(*) DESC, report_id LIMIT ${MAX_CANDIDATES}`,
    [...bands.flatMap((hash, band) => [band, hash]), reportId],
  );
  const neighbours = await run<{ id: unknown }>(
    em,
    'SELECT id FROM report WHERE agency_id = ? AND year IN (?, ?) AND narrative_chars >= ?',
    [agencyId, parsed.year - 1, parsed.year + 1, NARRATIVE_MIN_CHARS],
  );
  const cache = cacheOf(em);
  const ownNames = [parsed.agency.fullName, parsed.agency.name];
  const { overview, problems, other } = parsed.sections;
  const own = narrativeShingles([overview, problems, other], ownNames);
  cache.put(shingleKey(sha256, ownNames), own);
  const ids = [...new Set([...collisions.map((c) => Number(c.report_id)), ...neighbours.map((n) => Number(n.id))])];
  if (ids.length === 0) return;
  const marks = ids.map(() => '?').join(', ');
  const others = await run<{ id: unknown; sha256: string; name: string; full_name: string }>(
    em,
    `SELECT r.id, r.sha256, a.name, a.full_name FROM report r JOIN agency a ON a.id = r.agency_id WHERE r.id IN (${marks})`,
    ids,
  );
  const keyOf = (o: (typeof others)[number]) => shingleKey(o.sha256, [o.full_name, o.name]);
  const theirs = new Map<number, Uint32Array>();
  for (const o of others) {
    const set = cache.get(keyOf(o));
    if (set) theirs.set(Number(o.id), set);
  }
  // Only the narratives not in the cache are read back.
  const unread = others.filter((o) => !theirs.has(Number(o.id)));
  if (unread.length > 0) {
    const texts = await run<{ id: unknown; overview: string | null; problems: string | null; other: string | null }>(
      em,
      `SELECT id, overview, problems, other FROM report WHERE id IN (${unread.map(() => '?').join(', ')})`,
      unread.map((o) => o.id),
    );
    const names = new Map(unread.map((o) => [Number(o.id), o]));
    for (const t of texts) {
      const o = names.get(Number(t.id))!;
      const set = narrativeShingles([t.overview, t.problems, t.other], [o.full_name, o.name]);
      cache.put(keyOf(o), set);
      theirs.set(Number(o.id), set);
    }
  }
  const matches: unknown[][] = [];
  for (const o of others) {
    const similarity = jaccard(own, theirs.get(Number(o.id))!);
    if (similarity >= MATCH_MIN)
      matches.push([reportId, Number(o.id), similarity], [Number(o.id), reportId, similarity]);
  }
  await insertRows(
    em,
    'narrative_match',
    [
      ['report_id', 'integer'],
      ['other_id', 'integer'],
      ['similarity', 'double precision'],
    ],
    matches,
  );
}
