/**
 * Resolution of a report's agency to a division of the gazetteer and an organ of it, from everything the report
 * offers: the printed name (its place names read off left to right, each inside the one before), then, where several
 * divisions bear the name, the place names around it — the other printed name, the signature, the title, the text, the
 * source path. Never a guess: still several → no code and the candidates; none → no code.
 */
import { gazetteer, type Division, type Gazetteer } from './gazetteer';
import { organOf, type DivisionKind, type Organ } from './organs';

/** What a report tells about who published it. */
export interface AgencyEvidence {
  /** The agency as the title names it (湖塘乡). */
  name: string;
  /** The issuing body, from the signature where it names the agency (丰城市湖塘乡人民政府), else the name. */
  fullName: string;
  title?: string;
  signature?: string | null;
  /** The report's text (its narrative): place names in it can tell namesakes apart. */
  text?: string;
  /** The file's path or URL. */
  source?: string;
}

export type AgencyLevel = 'province' | 'city' | 'county' | 'township' | 'department' | 'zone';

export interface Resolution {
  divisionCode: string | null;
  organ: Organ | null;
  level: AgencyLevel | null;
  /** The divisions the name could mean, when the report does not tell which (codes, in code order). */
  candidates: string[];
  problem: AgencyProblem | null;
}

export interface AgencyProblem {
  code: 'agency_ambiguous' | 'division_unresolved';
  message: string;
}

type EvidenceKind = 'name' | 'signature' | 'title' | 'text' | 'source';

interface Reading {
  division: Division;
  organ: Organ;
  /** Characters of the name read as place names: the longer, the more the name says. */
  placeChars: number;
}

/** Zones the statistical table does not list on their own: the division each governs. */
const ZONES: Record<string, string> = { 平潭综合实验区: '350128' };

function kindOf(d: Division, asZone: boolean): DivisionKind {
  if (asZone || d.level === 'zone') return 'zone';
  return d.level === 'township' || d.level === 'street' ? 'township' : 'government';
}

/** Every way to read a name as place names, each inside the one before, then an organ. */
function readings(g: Gazetteer, s: string): Reading[] {
  const out: Reading[] = [];
  const walk = (pos: number, last: Division | null, asZone: boolean, placeChars: number) => {
    if (last) {
      const organ = organOf(s.slice(pos), kindOf(last, asZone));
      if (organ) out.push({ division: last, organ, placeChars });
    }
    for (let len = Math.min(g.longestName, s.length - pos); len >= 2; len--) {
      const part = s.slice(pos, pos + len);
      const zone = ZONES[part] ? g.byCode(ZONES[part]) : undefined;
      const matches = zone ? [{ division: zone, kind: 'name' as const }] : g.byName(part);
      for (const m of matches) {
        const d = m.division;
        if (last ? d.code === last.code || !d.code.startsWith(last.code) : m.kind === 'local') continue;
        // A township-level unit named as a department (依兰县's 林业局, a state forest bureau's area) says no more than
        // the county's department of that name: the two readings tie, and the report must tell which.
        const unitLikeBody = d.level === 'zone' && d.code.length === 9 && organOf(part, 'government') !== null;
        walk(pos + len, d, zone !== undefined, placeChars + (unitLikeBody ? 0 : len));
      }
    }
  };
  walk(0, null, false, 0);
  const most = Math.max(0, ...out.map((r) => r.placeChars));
  const best = new Map<string, Reading>();
  for (const r of out) if (r.placeChars === most) best.set(`${r.division.code}|${r.organ.kind}|${r.organ.name}`, r);
  return [...best.values()].sort((a, b) => (a.division.code < b.division.code ? -1 : 1));
}

/** Place names of province, city and county level (and zones) a text mentions: the codes they name. */
function mentions(g: Gazetteer, text: string): Set<string> {
  const codes = new Set<string>();
  const limit = Math.min(text.length, MAX_SCANNED);
  for (let i = 0; i < limit; i++) {
    for (let len = 2; len <= g.longestName && i + len <= text.length; len++) {
      for (const m of g.byName(text.slice(i, i + len))) {
        const d = m.division;
        if (d.level === 'township' || d.level === 'street' || m.kind === 'local' || COMMON_WORDS.has(d.name)) continue;
        // Stems of cities and counties (大同, 和平, 永定) are words too often; provinces' (江苏, 河南) are not.
        if (m.kind === 'stem' && d.level !== 'province') continue;
        codes.add(d.code);
      }
    }
  }
  return codes;
}

/** Bounds the work on a long text; the place names that tell namesakes apart come early (the 总体情况). */
const MAX_SCANNED = 20_000;
/** County names that are also common words of the reports' prose. */
const COMMON_WORDS = new Set(['城区', '郊区', '矿区']);

/** An agency's level: a government's is its division's; offices are departments. */
export function agencyLevel(code: string | null, organ: Organ | null): AgencyLevel | null {
  if (!organ) return null;
  if (organ.kind === 'office' || organ.kind === 'department') return 'department';
  if (organ.kind === 'township' || organ.kind === 'zone') return organ.kind;
  if (!code) return null;
  return code.length === 2 ? 'province' : code.length === 4 ? 'city' : 'county';
}

const levelOf = (d: Division | null, organ: Organ | null) => agencyLevel(d?.code ?? null, organ);

const squeezed = (s: string) => s.replace(/\s+/g, '');

export function resolveAgency(e: AgencyEvidence, g: Gazetteer = gazetteer()): Resolution {
  const full = squeezed(e.fullName);
  const short = squeezed(e.name);
  let found = readings(g, full);
  let other = short;
  if (found.length === 0 && short !== full) {
    found = readings(g, short);
    other = full;
  }
  if (found.length === 0) {
    const organ = organOf(full, 'government') ?? organOf(short, 'government');
    return {
      divisionCode: null,
      organ,
      level: levelOf(null, organ),
      candidates: [],
      problem: {
        code: 'division_unresolved',
        message: `"${full}" names no administrative division of the gazetteer (${dataRelease(g)}): no division code; set one in data/agencies.csv`,
      },
    };
  }

  const evidence: [EvidenceKind, string | null | undefined][] = [
    ['name', other],
    ['signature', e.signature],
    ['title', e.title],
    ['text', e.text],
    ['source', e.source],
  ];
  for (const [, text] of evidence) {
    if (found.length === 1) break;
    if (!text) continue;
    const named = mentions(g, text);
    // A place name supports a candidate it contains (湘乡市 for 湘乡市's 泉塘镇); the candidate's own name, none.
    const supported = found.filter((r) =>
      [...named].some((code) => code !== r.division.code && r.division.code.startsWith(code)),
    );
    if (supported.length > 0 && supported.length < found.length) {
      found = supported;
    }
  }
  if (found.length === 1) {
    const [r] = found;
    return {
      divisionCode: r.division.code,
      organ: r.organ,
      level: levelOf(r.division, r.organ),
      candidates: [],
      problem: null,
    };
  }
  const candidates = [...new Set(found.map((r) => r.division.code))];
  const organs = new Set(found.map((r) => `${r.organ.kind}|${r.organ.name}`));
  const organ = organs.size === 1 ? found[0].organ : null;
  // The level where every candidate has the same (朝阳区人民政府: a county's government, whichever 朝阳区).
  const levels = new Set(found.map((r) => levelOf(r.division, r.organ)));
  return {
    divisionCode: null,
    organ,
    level: levels.size === 1 ? [...levels][0] : null,
    candidates,
    problem: {
      code: 'agency_ambiguous',
      message: `"${full}" may be ${candidates.map((c) => `${c} ${g.fullName(c)}`).join(', ')}; nothing in the report tells which: no division code; set one in data/agencies.csv`,
    },
  };
}

/** The gazetteer's data release, for messages: 2023年统计用区划代码…. */
export function dataRelease(g: Gazetteer = gazetteer()): string {
  return g.meta.data?.replace(/（.*$/, '') ?? 'statistical division codes';
}
