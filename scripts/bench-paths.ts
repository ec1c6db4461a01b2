/**
 * `tsx scripts/bench-paths.ts --db <file or postgres URL> [--runs 10]`: the standard aggregations on an ingested
 * database, each on the rollups (where they answer), the summary rows and the cells (query/analytics.ts,
 * AggregationPath), interleaved in one run so all see the same machine; p50 and p95 in ms of the query functions (SQL
 * and coercion, no HTTP or GraphQL), and whether the answers are the same bytes as the cells'. Opening the database
 * runs pending migrations (the summary rows and rollups are backfilled then). A script, not a test: figures, not
 * assertions.
 */
import { openDatabase } from '../src/model/data-source';
import {
  type AggregationPath,
  dispositionBreakdown,
  procurementTotals,
  reviewLitigation,
} from '../src/query/analytics';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const db = option('db');
if (!db) throw new Error('--db <SQLite file or postgres URL> is required');
const RUNS = Number(option('runs') ?? 10);

/** The aggregations of the standard queries (scripts/standard-queries.ts), as the resolvers call them. */
const QUERIES: {
  name: string;
  run: (ds: Parameters<typeof dispositionBreakdown>[0], path: AggregationPath) => Promise<unknown>;
}[] = [
  { name: 'disposition breakdown by year', run: (ds, path) => dispositionBreakdown(ds, { groupBy: ['YEAR'], path }) },
  {
    name: 'disposition breakdown by agency, one year',
    run: (ds, path) => dispositionBreakdown(ds, { groupBy: ['AGENCY'], filter: { years: [2021] }, path }),
  },
  {
    name: 'top 100 agencies by 本机关不掌握, one year (detail ROW: the row summary of the 总计 column)',
    run: (ds, path) =>
      dispositionBreakdown(ds, {
        groupBy: ['AGENCY'],
        filter: { years: [2021] },
        detail: 'ROW',
        rows: ['unable_not_held'],
        orderBy: 'COUNT_DESC',
        first: 100,
        path,
      }),
  },
  { name: 'procurement totals by province', run: (ds, path) => procurementTotals(ds, { groupBy: ['PROVINCE'], path }) },
  { name: 'review correction rate by year', run: (ds, path) => reviewLitigation(ds, { groupBy: ['YEAR'], path }) },
];

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main() {
  const opened = performance.now();
  const ds = await openDatabase(db!);
  console.log(`opened (migrations included) in ${((performance.now() - opened) / 1000).toFixed(1)} s`);
  const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM report');
  console.log(`${n} reports, ${RUNS} runs each after 2 warm-ups\n`);
  console.log('| query | rollup p50 | p95 | summary p50 | p95 | cells p50 | p95 | same bytes |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  const paths = ['rollup', 'summary', 'cells'] as const;
  for (const q of QUERIES) {
    const times: Record<AggregationPath, number[]> = { rollup: [], summary: [], cells: [] };
    const answers: Partial<Record<AggregationPath, string>> = {};
    for (let i = 0; i < RUNS + 2; i++) {
      for (const path of paths) {
        const t = performance.now();
        const answer = await q.run(ds, path);
        if (i >= 2) times[path].push(performance.now() - t);
        answers[path] = JSON.stringify(answer);
      }
    }
    const f = (xs: number[], p: number) => percentile(xs, p).toFixed(1);
    const same = paths.every((p) => answers[p] === answers.cells);
    console.log(
      `| ${q.name} | ${paths.map((p) => `${f(times[p], 50)} | ${f(times[p], 95)}`).join(' | ')} | ${same ? 'yes' : 'NO'} |`,
    );
  }
  await ds.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
