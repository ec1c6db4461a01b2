/**
 * Scores a generated corpus with planted faults and checks the scorecard against what was planted: every planted
 * fault found, and nothing else. The test suite runs it on 2,000 reports (test/scorecard-corpus.test.ts); for 20,000:
 *
 *   npx tsx scripts/score-corpus.ts --reports 20000 [--db postgres://…] [--keep DIR]
 *
 * It generates the corpus (panels of six years, faults planted), ingests it with the parser pool of the build when
 * there is one, scores every report and prints what was found, missed and found falsely; exit 1 on any difference.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { writeCorpus } from '../src/generate/corpus';
import type { SyntheticReport } from '../src/generate/model';
import { loadPaths, type Parser } from '../src/ingest/load';
import { openDatabase } from '../src/model/data-source';
import { allScorecards, ITEMS, scorecardSummary, type ItemKey, type Outcome } from '../src/query/scorecard';

export interface Expected {
  file: string;
  report: SyntheticReport;
}

/** What each report's scorecard must say, from what was planted in it (and in the reports that copied it). */
export function expectedOutcomes(samples: Expected[]): Map<string, Record<ItemKey, Outcome>> {
  const copiedFrom = new Set(
    samples.flatMap((s) => {
      const c = s.report.planted.copiedNarrative;
      return c?.kind === 'same_year' && c.file ? [c.file] : [];
    }),
  );
  return new Map(
    samples.map(({ file, report: r }) => {
      const p = r.planted;
      const copied = p.copiedNarrative !== undefined || (p.copiedTables?.length ?? 0) > 0 || copiedFrom.has(file);
      return [
        file,
        {
          timeliness: p.noDate ? 'unknown' : p.late ? 'fail' : 'pass',
          completeness: p.emptyProblems ? 'fail' : 'pass',
          consistency: r.violations.length > 0 ? 'fail' : 'pass',
          prose: p.proseMismatch ? 'fail' : 'pass',
          copy: copied ? 'fail' : 'pass',
        },
      ];
    }),
  );
}

export interface CorpusScore {
  reports: number;
  /** Per item: planted faults (reports expected to fail), found, missed, and reports failing that were not planted. */
  items: Record<ItemKey, { planted: number; found: number; missed: string[]; falsely: string[]; unknown: number }>;
  /** stock_flow findings: planted, found, and on reports where none was planted. */
  stockFlow: { planted: number; found: number; missed: string[]; falsely: string[] };
  /** Copies whose planted source is not among the reports the scorecard names. */
  sourcesNotNamed: string[];
  /** Buckets (by year and level) whose counts differ from the scorecards counted one by one. */
  bucketsDiffering: string[];
}

/** Scores the ingested corpus against expected.jsonl. */
export async function scoreIngested(ds: DataSource, samples: Expected[]): Promise<CorpusScore> {
  const expected = expectedOutcomes(samples);
  const files = new Map(
    ((await ds.query('SELECT id, source_file FROM report')) as { id: unknown; source_file: string }[]).map((r) => [
      Number(r.id),
      r.source_file,
    ]),
  );
  const items = Object.fromEntries(
    ITEMS.map((k) => [k, { planted: 0, found: 0, missed: [] as string[], falsely: [] as string[], unknown: 0 }]),
  ) as CorpusScore['items'];
  const sourcesNotNamed: string[] = [];
  const bySample = new Map(samples.map((s) => [s.file, s.report]));
  let reports = 0;
  const counted = new Map<string, { checked: number; failing: number }>();
  for await (const card of allScorecards(ds, null)) {
    reports++;
    for (const item of card.items) {
      const key = `${card.year}/${card.level}/${item.key}`;
      const c = counted.get(key) ?? { checked: 0, failing: 0 };
      if (item.outcome !== 'unknown') c.checked++;
      if (item.outcome === 'fail') c.failing++;
      counted.set(key, c);
    }
    const file = files.get(card.reportId)!;
    const want = expected.get(file)!;
    for (const item of card.items) {
      const stat = items[item.key];
      const expect = want[item.key];
      if (item.outcome === 'unknown') stat.unknown++;
      if (expect === 'fail') stat.planted++;
      if (expect === 'fail' && item.outcome === 'fail') stat.found++;
      else if (expect === 'fail') stat.missed.push(`${file}: ${item.summary}`);
      else if (item.outcome !== expect)
        stat.falsely.push(`${file}: ${item.outcome} (expected ${expect}): ${item.summary}`);
    }
    const source = bySample.get(file)!.planted.copiedNarrative;
    if (source?.file) {
      const named = card.items
        .find((i) => i.key === 'copy')!
        .evidence.some(
          (e) =>
            e.otherReportId !== undefined && e.otherReportId !== null && files.get(e.otherReportId) === source.file,
        );
      if (!named) sourcesNotNamed.push(`${file}: copied from ${source.file}, not named`);
    }
  }
  const stockRows = (await ds.query(
    "SELECT r.source_file FROM finding f JOIN report r ON r.id = f.report_id WHERE f.code = 'rule_violation' AND f.rule = 'stock_flow'",
  )) as { source_file: string }[];
  const withBreak = new Set(samples.filter((s) => s.report.planted.stockFlowBreak).map((s) => s.file));
  const found = new Set(stockRows.map((r) => r.source_file));
  const bucketsDiffering = (await scorecardSummary(ds, { groupBy: ['YEAR', 'LEVEL'] }))
    .filter((b) => {
      const c = counted.get(`${b.year}/${b.level}/${b.item}`);
      return !c || c.checked !== b.reportsChecked || c.failing !== b.reportsFailing;
    })
    .map((b) => `${b.year} ${b.level} ${b.item}: ${b.reportsFailing}/${b.reportsChecked}`);
  return {
    reports,
    items,
    bucketsDiffering,
    stockFlow: {
      planted: withBreak.size,
      found: [...withBreak].filter((f) => found.has(f)).length,
      missed: [...withBreak].filter((f) => !found.has(f)),
      falsely: [...found].filter((f) => !withBreak.has(f)),
    },
    sourcesNotNamed,
  };
}

export const readExpected = async (dir: string): Promise<Expected[]> =>
  (await readFile(path.join(dir, 'expected.jsonl'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Expected);

/** Generates, ingests and scores a corpus of `reports` reports (panels of six years). */
export async function scoreCorpus(o: {
  reports: number;
  seed?: number;
  db: string;
  dir: string;
  parse?: Parser;
}): Promise<CorpusScore> {
  await writeCorpus(o.dir, { reports: o.reports, seed: o.seed ?? 17, panelYears: 6, plant: true });
  const ds = await openDatabase(o.db);
  try {
    const summary = await loadPaths(ds, [o.dir], { parse: o.parse });
    if (summary.failed > 0) throw new Error(`${summary.failed} reports failed to load: ${summary.failures[0].error}`);
    return await scoreIngested(ds, await readExpected(o.dir));
  } finally {
    await ds.destroy();
  }
}

/** Whether every planted fault was found and nothing else. */
export const clean = (s: CorpusScore) =>
  ITEMS.every((k) => s.items[k].missed.length === 0 && s.items[k].falsely.length === 0) &&
  s.stockFlow.missed.length === 0 &&
  s.stockFlow.falsely.length === 0 &&
  s.sourcesNotNamed.length === 0 &&
  s.bucketsDiffering.length === 0;

async function main() {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const reports = Number(arg('reports') ?? 20000);
  const keep = arg('keep');
  const dir = keep ?? (await mkdtemp(path.join(os.tmpdir(), 'gongkai-score-')));
  const db = arg('db') ?? path.join(dir, 'scored.db');
  const { parserPool } = await import('../src/ingest/parse-pool.js');
  const pool = parserPool();
  const started = Date.now();
  try {
    const score = await scoreCorpus({ reports, db, dir: path.join(dir, 'corpus'), parse: pool.parse });
    console.log(`${score.reports} reports scored in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    for (const k of ITEMS) {
      const s = score.items[k];
      console.log(
        `${k.padEnd(12)} planted ${s.planted}, found ${s.found}, missed ${s.missed.length}, false ${s.falsely.length}, unknown ${s.unknown}`,
      );
      for (const m of [...s.missed, ...s.falsely].slice(0, 5)) console.log(`  ${m}`);
    }
    const sf = score.stockFlow;
    console.log(
      `stock_flow   planted ${sf.planted}, found ${sf.found}, missed ${sf.missed.length}, false ${sf.falsely.length}`,
    );
    console.log(`copy sources not named: ${score.sourcesNotNamed.length}`);
    console.log(`buckets differing from the scorecards: ${score.bucketsDiffering.length}`);
    process.exitCode = clean(score) ? 0 : 1;
  } finally {
    await pool.close();
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
