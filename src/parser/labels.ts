/** Matching printed labels against the format description's rows. */
import { APPLICATION_CATEGORY_LABELS, type RowDef } from '../format';
import { squeeze } from './text';

// Numbering that starts a label: 一、 (三) 1. 1、 — the row's own words follow it. A run of digits or numerals is only
// tried from its start (the lookbehinds): tried from every position of a 100,000-digit line it took 8 s (fuzz test).
const NUMBERING =
  /(?:(?<![一二三四五六七八九十])第?[一二三四五六七八九十]+[、.．]|\([一二三四五六七八九十]+\)|(?<!\d)\d+[、.．](?!\d))/g;
const PUNCTUATION = /[“”"'‘’()（）、，,.．。:：;；·•\-—_/／\s]/g;

export function cleanLabel(s: string): string {
  return squeeze(s).replace(PUNCTUATION, '');
}

/** A label's parts, split at each numbering: "三、本年度办理结果(三)不予公开1.属于国家秘密" → 3 parts, cleaned. */
export function segments(label: string): string[] {
  return squeeze(label)
    .split(NUMBERING)
    .map(cleanLabel)
    .filter((s) => s.length > 0);
}

const CATEGORIES = new Set([...APPLICATION_CATEGORY_LABELS, '不予以公开', '信息内容', '行政诉讼'].map(cleanLabel));

export function isCategory(segment: string): boolean {
  return CATEGORIES.has(segment);
}

export type MatchHow = 'exact' | 'contains' | 'prefix';

/** A label part this long says something of its own (more than a leftover character or two). */
const MIN_WORDS = 4;

const GRAM = 4;
// Two grams at least: five characters in a row, or two fragments.
const MIN_GRAMS = 2;
// Fragments are looked for in labels of a row's length, not in long lines.
const MAX_FRAGMENT_LABEL = 200;

function gramsOf(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + GRAM <= s.length; i++) out.push(s.slice(i, i + GRAM));
  return out;
}

export class RowMatcher {
  private readonly exact = new Map<string, RowDef>();
  private readonly loose: [alias: string, row: RowDef][] = [];

  /** Four-character runs that only one row's aliases print (none of another row's, none of a category's). */
  private readonly grams = new Map<string, RowDef>();

  constructor(rows: RowDef[]) {
    const shared = new Set<string>();
    for (const c of CATEGORIES) for (const g of gramsOf(c)) shared.add(g);
    const owner = new Map<string, RowDef>();
    for (const row of rows)
      for (const g of new Set(row.aliases.flatMap((a) => gramsOf(cleanLabel(a))))) {
        if (owner.has(g) && owner.get(g) !== row) shared.add(g);
        owner.set(g, row);
      }
    for (const [g, row] of owner) if (!shared.has(g)) this.grams.set(g, row);
    for (const row of rows) {
      for (const a of row.aliases) {
        const alias = cleanLabel(a);
        if (!this.exact.has(alias)) this.exact.set(alias, row);
        if (!row.exactOnly) this.loose.push([alias, row]);
      }
    }
    // Longest alias first: "其他对外管理服务事项" before anything it contains.
    this.loose.sort((a, b) => b[0].length - a[0].length);
  }

  /** The row a label names. The most specific (last) part decides; categories never name a row by containing it. */
  match(label: string): { row: RowDef; how: MatchHow } | null {
    for (const p of segments(label).reverse()) {
      const row = this.exact.get(p);
      if (row) return { row, how: 'exact' };
      if (isCategory(p)) continue;
      for (const [alias, row] of this.loose)
        if (alias.length >= 2 && p.includes(alias)) return { row, how: 'contains' };
      // A label cut short by wrapping ("要求行政机关确认或重新出具").
      if (p.length >= 6) for (const [alias, row] of this.loose) if (alias.startsWith(p)) return { row, how: 'prefix' };
      // A part that says something and names no row: the label is not recognized. The parts before it are a
      // category or numbering, or pieces of another label interleaved ("…公开申请(六)其他2、申请人逾期…"): a short
      // alias among them ("其他") must not name the row.
      if (p.length >= MIN_WORDS) return null;
    }
    return null;
  }

  /**
   * The row a label that is not whole still names: one whose own fragments (runs of four or more characters that no
   * other row and no category prints) it holds, two at least, when it holds none of any other row. Wrapped PDF labels
   * interleave with their neighbours' ("息公开申请(六)其2、申请人逾期未按收费通知要他处理求缴纳费用…").
   */
  byFragments(label: string): { row: RowDef; fragments: string[] } | null {
    const s = cleanLabel(label);
    if (s.length > MAX_FRAGMENT_LABEL) return null;
    const hits = new Map<RowDef, number[]>();
    for (let i = 0; i + GRAM <= s.length; i++) {
      const row = this.grams.get(s.slice(i, i + GRAM));
      if (row) hits.set(row, [...(hits.get(row) ?? []), i]);
    }
    if (hits.size !== 1) return null;
    const [[row, at]] = [...hits];
    if (at.length < MIN_GRAMS) return null;
    // Consecutive grams make one fragment as printed.
    const fragments: string[] = [];
    let start = at[0];
    for (let k = 1; k <= at.length; k++) {
      if (k < at.length && at[k] <= at[k - 1] + 1) continue;
      fragments.push(s.slice(start, at[k - 1] + GRAM));
      start = at[k];
    }
    return { row, fragments };
  }

  /** True when a label holds nothing but categories and numbering: the row's own label was lost. */
  static onlyCategories(label: string): boolean {
    return segments(label).every(isCategory);
  }
}
