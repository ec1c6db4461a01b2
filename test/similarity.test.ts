/** Copy detection's text similarity: exact Jaccard, its MinHash estimate, and the LSH bands that find candidates. */
import { ShingleCache } from '../src/ingest/scorecard';
import { describe, expect, it } from 'vitest';
import { rng } from '../src/generate/model';
import { drawBody, copyBody } from '../src/generate/narrative';
import {
  BANDS,
  bands,
  estimate,
  fingerprint,
  jaccard,
  MATCH_MIN,
  minhash,
  normalizeNarrative,
  shingles,
} from '../src/similarity';

const body = (seed: number, name: string) => {
  const b = drawBody(rng(seed), name);
  return normalizeNarrative([b.overview, b.problems, b.other], [name]);
};

describe('narrative similarity', () => {
  it('compares text without the agency’s own names, digits, spaces or punctuation', () => {
    expect(
      normalizeNarrative(['2023年，湖塘乡公开信息 15 条。', null, '无。'], ['丰城市湖塘乡人民政府', '湖塘乡']),
    ).toBe('0年公开信息0条无');
    // The same text of two agencies and two years is the same text.
    const a = normalizeNarrative(['2022年，东安镇开展培训3次。'], ['东安镇']);
    const b = normalizeNarrative(['2023年，西平乡开展培训12次。'], ['西平乡']);
    expect(a).toBe(b);
  });

  it('exact Jaccard of five-character shingles', () => {
    expect(jaccard(shingles('abcdefg'), shingles('abcdefg'))).toBe(1);
    // abcde bcdef cdefg against abcde bcdef cdefx: 2 shared of 4.
    expect(jaccard(shingles('abcdefg'), shingles('abcdefx'))).toBe(0.5);
    expect(jaccard(shingles(''), shingles(''))).toBe(0);
    expect(shingles('abc').length).toBe(1);
    // A set: a shingle printed many times counts once (ababab… has two distinct shingles).
    expect([...shingles('abababababab')].sort()).toEqual(
      [...new Set([...shingles('ababa'), ...shingles('babab')])].sort(),
    );
    expect(jaccard(shingles('abababababab'), shingles('ababa'))).toBe(0.5);
  });

  it('MinHash estimates exact Jaccard within 0.1 on copies, near-copies and unrelated narratives', () => {
    const random = rng(42);
    for (let i = 0; i < 30; i++) {
      const a = drawBody(random, '东安镇');
      const from = { agency: { name: '东安镇' }, narrative: { figures: '', body: a } } as never;
      const b = i % 3 === 0 ? drawBody(random, '西平乡') : copyBody(random, from, '西平乡');
      const [sa, sb] = [a, b].map((x, k) =>
        shingles(normalizeNarrative([x.overview, x.problems, x.other], [k ? '西平乡' : '东安镇'])),
      );
      expect(Math.abs(estimate(minhash(sa), minhash(sb)) - jaccard(sa, sb))).toBeLessThan(0.1);
    }
  });

  it('a copy shares an LSH band with its source; 400 narratives drawn independently share none', () => {
    const source = drawBody(rng(7), '东安镇');
    const copy = copyBody(
      rng(8),
      { agency: { name: '东安镇' }, narrative: { figures: '', body: source } } as never,
      '西平乡',
    );
    const [a, b] = [
      normalizeNarrative([source.overview, source.problems, source.other], ['东安镇']),
      normalizeNarrative([copy.overview, copy.problems, copy.other], ['西平乡']),
    ];
    expect(jaccard(shingles(a), shingles(b))).toBeGreaterThan(0.85);
    const [fa, fb] = [fingerprint(a), fingerprint(b)];
    expect(fa.bands).toHaveLength(BANDS);
    expect(fa.bands.some((h, i) => fb.bands[i] === h)).toBe(true);
    // Candidates are rare among narratives drawn independently (Jaccard 0.14 typically, 0.33 at most), and none of
    // them is alike enough to be stored as a match.
    const texts = Array.from({ length: 400 }, (_, i) => body(1000 + i, '东安镇'));
    const byBand = new Map<string, number[]>();
    texts.forEach((t, i) => {
      fingerprint(t).bands.forEach((h, band) => byBand.set(`${band}:${h}`, [...(byBand.get(`${band}:${h}`) ?? []), i]));
    });
    const pairs = new Set<string>();
    for (const ids of byBand.values())
      for (let x = 0; x < ids.length; x++) for (let y = x + 1; y < ids.length; y++) pairs.add(`${ids[x]}:${ids[y]}`);
    expect(pairs.size).toBeLessThan(80); // of 79,800 pairs
    for (const p of pairs) {
      const [x, y] = p.split(':').map(Number);
      expect(jaccard(shingles(texts[x]), shingles(texts[y]))).toBeLessThan(MATCH_MIN);
    }
  });

  it('an empty narrative has no bands (it is never a candidate)', () => {
    expect(fingerprint('').bands).toEqual([]);
    expect(bands(minhash(new Uint32Array(0)), true)).toEqual([]);
  });
});

describe('the shingle cache of an ingest', () => {
  const set = (...xs: number[]) => Uint32Array.from(xs);

  it('replaces a set put again under its key (the same bytes may read otherwise another time)', () => {
    const cache = new ShingleCache(10);
    cache.put('x', set(1, 2, 3));
    cache.put('x', set(4, 5));
    expect([...cache.get('x')!]).toEqual([4, 5]);
    expect(cache.size).toBe(2);
  });

  it('holds at most its capacity of shingles, the least recently used out first', () => {
    const cache = new ShingleCache(5);
    cache.put('a', set(1, 2));
    cache.put('b', set(3, 4));
    cache.get('a');
    cache.put('c', set(5, 6));
    expect(cache.get('b')).toBeUndefined();
    expect([...cache.get('a')!, ...cache.get('c')!]).toEqual([1, 2, 5, 6]);
    cache.put('d', set(1, 2, 3, 4, 5, 6));
    expect(cache.get('d')).toBeUndefined();
    expect(cache.size).toBe(4);
  });
});
