/**
 * A generated corpus of 2,000 reports (panels of six years) with faults planted by the generator — late and missing
 * dates, narratives copied from the year before and across agencies, review tables copied, figures off the table, an
 * empty section 五, stock_flow breaks — scored: every planted fault found, and no report failing an item it was not
 * planted with. The same check on 20,000 reports: `npx tsx scripts/score-corpus.ts --reports 20000` (README, Tests).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ITEMS } from '../src/query/scorecard';
import { scoreCorpus, type CorpusScore } from '../scripts/score-corpus';
import { onEachDatabase } from './helpers/each-database';
import type { Scratch } from './helpers/databases';

const REPORTS = 2000;

onEachDatabase((target) => {
  let dir: string;
  let scratch: Scratch;
  let score: CorpusScore;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-score-'));
    scratch = await target.scratch();
    score = await scoreCorpus({ reports: REPORTS, db: scratch.db, dir });
  }, 300_000);
  afterAll(async () => {
    await scratch.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds every planted fault, item by item, and fails no report on an item it was not planted with', () => {
    expect(score.reports).toBe(REPORTS);
    for (const key of ITEMS) {
      const s = score.items[key];
      expect(s.missed, key).toEqual([]);
      expect(s.falsely, key).toEqual([]);
      expect(s.found, key).toBe(s.planted);
    }
    // Enough of each to mean something (rates in generate/corpus.ts PLANT_RATES).
    expect(score.items.timeliness.planted).toBeGreaterThan(50);
    expect(score.items.copy.planted).toBeGreaterThan(100);
    expect(score.items.prose.planted).toBeGreaterThan(40);
    expect(score.items.completeness.planted).toBeGreaterThan(30);
    // Reports with no date are unknown, never guessed.
    expect(score.items.timeliness.unknown).toBeGreaterThan(20);
  });

  it('counts in buckets (by year and level) exactly what the scorecards say one by one', () => {
    expect(score.bucketsDiffering).toEqual([]);
  });

  it('finds every stock_flow break, on no other report, and names the source of every copy', () => {
    expect(score.stockFlow.missed).toEqual([]);
    expect(score.stockFlow.falsely).toEqual([]);
    expect(score.stockFlow.planted).toBeGreaterThan(10);
    expect(score.sourcesNotNamed).toEqual([]);
  });
});
