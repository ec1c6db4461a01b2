/**
 * Agencies for synthetic reports, drawn from the gazetteer: real divisions with the names reports print (a township
 * signed with its city and county, a county's government, its office, its departments under full or short names),
 * and what they must resolve to.
 */
import { gazetteer, type Division } from '../divisions/gazetteer';
import { DEPARTMENTS, type Organ } from '../divisions/organs';
import { agencyLevel } from '../divisions/resolve';
import type { LevelKey } from '../format';

export interface SyntheticAgency {
  /** As the title prints it. */
  name: string;
  /** As the signature prints it. */
  fullName: string;
  divisionCode: string;
  organ: Organ;
  level: LevelKey;
  candidates: string[];
}

interface Pools {
  /** Prefectures and counties: their governments, offices and departments publish. */
  governments: Division[];
  /** Townships and streets. */
  townships: Division[];
}

let pools: Pools | undefined;

/**
 * The divisions drawn from, in code order: prefectures, counties, townships and streets named unlike their siblings
 * (so that a name with its city and county before it is one division), county-level stand-ins of a city left out.
 */
function divisionPools(): Pools {
  if (pools) return pools;
  const g = gazetteer();
  const unique = (d: Division) => {
    const siblings = d.parent ? g.children(d.parent) : [];
    return siblings.filter((s) => s.name === d.name).length === 1;
  };
  const all = [...g.all()].filter((d) => unique(d) && d.name !== (d.parent && g.byCode(d.parent)?.name));
  pools = {
    governments: all.filter((d) => d.level === 'prefecture' || d.level === 'county'),
    townships: all.filter((d) => d.level === 'township' || d.level === 'street'),
  };
  return pools;
}

/** The place names printed before a division's own: from its prefecture down (from the province where none). */
function prefixOf(d: Division): string {
  const lineage = gazetteer().lineage(d.code).slice(0, -1);
  const from = lineage.findIndex((x) => x.code.length === 4);
  const names: string[] = [];
  for (const x of from >= 0 ? lineage.slice(from) : lineage) if (names.at(-1) !== x.name) names.push(x.name);
  return names.join('');
}

/** A government's organs as printed: itself, its office, and departments (full name or a short form). */
const ORGANS: { printed: string; organ: Organ }[] = [
  { printed: '人民政府', organ: { kind: 'government', name: null } },
  { printed: '人民政府办公室', organ: { kind: 'office', name: null } },
  ...DEPARTMENTS.flatMap(([full, ...short]) =>
    [full, ...short].map((printed) => ({ printed, organ: { kind: 'department' as const, name: full } })),
  ),
];

function agency(d: Division, organ: Organ, printed: string, titleName: string): SyntheticAgency {
  return {
    name: titleName,
    fullName: printed,
    divisionCode: d.code,
    organ,
    level: agencyLevel(d.code, organ)!,
    candidates: [],
  };
}

function townshipAgency(d: Division): SyntheticAgency {
  const suffix = d.level === 'street' ? (d.name.endsWith('办事处') ? '' : '办事处') : '人民政府';
  return agency(d, { kind: 'township', name: null }, `${prefixOf(d)}${d.name}${suffix}`, d.name);
}

function governmentAgency(d: Division, o: (typeof ORGANS)[number]): SyntheticAgency {
  // Where a unit inside the division bears the department's name (依兰县's 林业局, a forest bureau's area), the
  // department is printed as its government's (依兰县人民政府林业局), as such reports do.
  const clash = gazetteer()
    .byName(o.printed)
    .some((m) => m.division.code !== d.code && m.division.code.startsWith(d.code));
  const printed = `${prefixOf(d)}${d.name}${clash ? '人民政府' : ''}${o.printed}`;
  return agency(d, o.organ, printed, printed);
}

export function randomAgency(random: () => number): SyntheticAgency {
  const { governments, townships } = divisionPools();
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  return random() < 0.5 ? townshipAgency(pick(townships)) : governmentAgency(pick(governments), pick(ORGANS));
}

/**
 * One printed name per organ: a panel's agencies are distinct agencies (an organ printed under two names, 发改局 and
 * 发展和改革局, is one agency, and came up twice as two numbers).
 */
const PANEL_ORGANS = ORGANS.filter(
  (o, i) => ORGANS.findIndex((p) => p.organ.kind === o.organ.kind && p.organ.name === o.organ.name) === i,
);

/** How many distinct agencies a panel can number: every government's organs, then every township. */
export function panelAgencies(): number {
  const { governments, townships } = divisionPools();
  return governments.length * PANEL_ORGANS.length + townships.length;
}

/** Agency number k (k < panelAgencies()), always the same: every government's organs first, then the townships. */
export function panelAgency(k: number): SyntheticAgency {
  const { governments, townships } = divisionPools();
  const organs = governments.length * PANEL_ORGANS.length;
  if (k < organs)
    return governmentAgency(governments[k % governments.length], PANEL_ORGANS[Math.floor(k / governments.length)]);
  return townshipAgency(townships[(k - organs) % townships.length]);
}
