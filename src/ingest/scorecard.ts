/**
 * What the compliance scorecard reads of a report, stored with it: page date, rules checked, section headings and
 * how much their narrative says, table summaries (digests for tables copied from the year before), the figures the
 * narrative states, and the narrative's LSH bands with the matches they lead to. Matches are exact Jaccard over the
 * candidates that share a band (and the same agency's reports of the years either side, always compared), stored
 * both ways, so a copy is found whichever of the two reports arrives first.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
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
    const cells = parsed.cells
      .filter((c) => c.table === table)
      .map((c) => [c.row, c.column, c.value] as const)
      .sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : a[0] + a[1] > b[0] + b[1] ? 1 : 0));
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
  if (parsed.narrative.chars >= NARRATIVE_MIN_CHARS) await matchNarrative(em, reportId, agencyId, parsed);
}

/** Indexes the narrative's bands and stores its matches with the reports stored before it. */
async function matchNarrative(em: EntityManager, reportId: number, agencyId: number, parsed: ParsedReport) {
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
  const ids = [...new Set([...collisions.map((c) => Number(c.report_id)), ...neighbours.map((n) => Number(n.id))])];
  if (ids.length === 0) return;
  const own = shingles(
    normalizeNarrative(
      [parsed.sections.overview, parsed.sections.problems, parsed.sections.other],
      [parsed.agency.fullName, parsed.agency.name],
    ),
  );
  const others = await run<{
    id: unknown;
    overview: string | null;
    problems: string | null;
    other: string | null;
    name: string;
    full_name: string;
  }>(
    em,
    `SELECT r.id, r.overview, r.problems, r.other, a.name, a.full_name FROM report r JOIN agency a ON a.id = r.agency_id WHERE r.id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  const matches: unknown[][] = [];
  for (const o of others) {
    const similarity = jaccard(
      own,
      shingles(normalizeNarrative([o.overview, o.problems, o.other], [o.full_name, o.name])),
    );
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
