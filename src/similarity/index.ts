/**
 * Near-duplicate text: character shingles, their exact Jaccard similarity, and MinHash signatures cut into LSH bands
 * so that a corpus of any size is searched by band collisions, never all pairs (Broder 1997; Leskovec, Rajaraman and
 * Ullman, Mining of Massive Datasets, ch. 3). Written here rather than taken from npm: the one CommonJS MinHash package
 * (minhash 0.0.9) multiplies 32-bit numbers past 2^53 (its permutations lose their low bits), seeds its permutations
 * with Math.sin, and keeps its LSH index in memory, whose query throws on a band it has not seen; the index here lives
 * in the database (narrative_band). test/similarity.test.ts checks the estimates against exact Jaccard.
 */

/** Characters per shingle: Chinese words are one to four characters, so five spans a word and its neighbour. */
export const SHINGLE = 5;
/** Rows per band × bands = permutations. With 6 × 20, a pair at Jaccard 0.8 shares a band with probability 0.998. */
export const BAND_ROWS = 6;
export const BANDS = 20;
const PERMUTATIONS = BAND_ROWS * BANDS;

/**
 * A narrative as compared: NFKC, the agency's own names taken out (a copy swaps them), every run of digits one 0
 * (a copy changes the year and the counts), spaces and punctuation removed.
 */
export function normalizeNarrative(parts: readonly (string | null)[], names: readonly string[]): string {
  let text = parts.filter(Boolean).join('\n').normalize('NFKC');
  for (const name of [...names].filter(Boolean).sort((a, b) => b.length - a.length)) text = text.split(name).join('');
  return text.replace(/\d+/g, '0').replace(/[\s\p{P}\p{S}]/gu, '');
}

/** FNV-1a over UTF-16 code units: a 32-bit hash of each shingle. */
function fnv1a(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The text's shingles, hashed: sorted and without repeats (a set as a typed array: a tenth of a Set's memory, so many
 * can be kept, and compared by one merge). A text shorter than one shingle is one shingle.
 */
export function shingles(text: string): Uint32Array {
  if (text.length === 0) return new Uint32Array(0);
  if (text.length <= SHINGLE) return Uint32Array.of(fnv1a(text, 0, text.length));
  const all = new Uint32Array(text.length - SHINGLE + 1);
  for (let i = 0; i < all.length; i++) all[i] = fnv1a(text, i, i + SHINGLE);
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i];
  return all.slice(0, n);
}

/** |A ∩ B| / |A ∪ B| of two shingle sets (sorted, without repeats); 0 for two empty sets (nothing to call a copy). */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** murmur3's 32-bit finalizer: an avalanche mix, so that x ^ seed_i gives independent-looking permutations. */
function mix(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// Fixed seeds (from the mix itself), so signatures are comparable across runs and machines.
const SEEDS = Array.from({ length: PERMUTATIONS }, (_, i) => mix(0x9e3779b9 + i));

/** The MinHash signature: per permutation, the least hash of any shingle. */
export function minhash(set: Uint32Array): Uint32Array {
  const sig = new Uint32Array(PERMUTATIONS).fill(0xffffffff);
  for (const x of set) {
    for (let i = 0; i < PERMUTATIONS; i++) {
      const h = mix(x ^ SEEDS[i]);
      if (h < sig[i]) sig[i] = h;
    }
  }
  return sig;
}

/** The share of permutations on which two signatures agree: an estimate of Jaccard similarity. */
export function estimate(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * The signature's bands, each hashed to a signed 32-bit integer (the database's integer): two texts whose band i
 * hashes alike are candidates. Empty for an empty set (it is never a candidate).
 */
export function bands(sig: Uint32Array, empty = false): number[] {
  if (empty) return [];
  const out: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < BAND_ROWS; r++) h = mix(h ^ sig[b * BAND_ROWS + r]);
    out.push(h | 0);
  }
  return out;
}

/** A narrative's fingerprint: its compared length and LSH bands. */
export function fingerprint(text: string): { chars: number; bands: number[] } {
  const set = shingles(text);
  return { chars: text.length, bands: bands(minhash(set), set.length === 0) };
}

/** Narratives shorter than this (normalized characters) are not compared: two one-line "无" would be "copies". */
export const NARRATIVE_MIN_CHARS = 200;
/** Matches at least this similar are stored (the most similar report is named even when it is not a copy). */
export const MATCH_MIN = 0.5;
/**
 * A narrative this similar to the same agency's report of the year before, or to another agency's of the same year,
 * is a copy: nine characters in ten of each shared (published evaluations found reports repeating 90 % of the text
 * of the year before).
 */
export const COPY_THRESHOLD = 0.8;
