/**
 * `npm run bench [-- --sizes 1000,20000,100000] [-- --databases sqlite,postgres] [-- --runs 40] [-- --large]
 * [-- --no-dashboard]`: every figure of issue 14, each as a ratio against a baseline measured in the same run on the
 * same machine, printed and appended to BENCHMARKS.md. A script, not a test: figures, not pass/fail.
 *
 * - Ingest: the compiled CLI in a child process (its worker threads, its peak RSS) against a plain script writing the
 *   same parsed reports into the same SQLite schema (scripts/bench-ingest-baseline.ts).
 * - Queries: each standard query over HTTP to a server in this process against the same request's SQL replayed
 *   directly on the data source (the server's statement counter records it).
 * - Aggregation paths: each aggregation in the query layer on its default path (rollups or summary rows) against
 *   reading the cells.
 * - A peer: PostGraphile 4 with pg-aggregates over the same PostgreSQL tables, asked the same facts page and nested
 *   query (scripts/bench-postgraphile.ts).
 */
import '../src/cli/production'; // first: graphql-js in production mode, as `gongkai serve` runs it
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../src/model/data-source';
import { statementCounter } from '../src/model/statements';
import { serve } from '../src/server/app';
import { benchDashboard } from './bench-dashboard';
import { corpus, WORK, YEARS } from './bench-corpus';
import { POSTGRAPHILE_QUERIES, startPostGraphile } from './bench-postgraphile';
import { STANDARD_QUERIES as QUERIES } from './standard-queries';

const run = promisify(execFile);
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

const SIZES = option('sizes')?.split(',').map(Number) ?? [1000, 20000, ...(flag('large') ? [100000] : [])];
const RUNS = Number(option('runs') ?? 40);
const WARMUPS = 5;
const PG = process.env.GONGKAI_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Databases of this run only: two benchmarks on one machine (or one left by a kill) do not share a file or schema. */
const TAG = `${process.pid}`;

type Kind = 'sqlite' | 'postgres';

interface IngestResult {
  db: Kind;
  reports: number;
  seconds: number;
  cells: number;
  peakRssMb: number;
  /** The plain script's reports/s on the same corpus (SQLite), when the baseline is there. */
  baselineRate?: number;
  /** The parser alone, in one thread, on the corpus's first files: what no ingest on this machine can pass per parser thread. */
  parseRate?: number;
}

interface QueryResult {
  db: Kind;
  reports: number;
  name: string;
  p50: number;
  p95: number;
  sqlP50: number;
  statements: number;
  rows: number;
}

interface PathResult {
  db: Kind;
  reports: number;
  name: string;
  defaultP50: number;
  cellsP50: number;
}

interface PeerResult {
  reports: number;
  name: string;
  gongkaiP50: number;
  peerP50: number;
  rows: number;
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const ratio = (a: number, b: number) => (b > 0 ? fmt(a / b, 2) : '–');

/**
 * How long one measurement may take: past it, the runs stop (at least MIN_RUNS are made), as do the warm-ups past a
 * third of it. The cells path at 100,000 reports takes tens of seconds a call; every fast query still makes all its runs.
 */
const BUDGET_MS = 20_000;
const MIN_RUNS = 3;

/** Milliseconds of each of RUNS calls, after WARMUPS that are not counted (JIT, prepared statements, page cache). */
async function timed(f: () => Promise<unknown>): Promise<number[]> {
  let spent = 0;
  for (let i = 0; i < WARMUPS && spent < BUDGET_MS / 3; i++) {
    const t = performance.now();
    await f();
    spent += performance.now() - t;
  }
  const out: number[] = [];
  for (let i = 0, total = 0; i < RUNS && (i < MIN_RUNS || total < BUDGET_MS); i++) {
    const t = performance.now();
    await f();
    out.push(performance.now() - t);
    total += out[i];
  }
  return out;
}

/** A GraphQL POST: the response's body, data or errors. */
async function ask(url: string, query: string): Promise<{ data?: Record<string, unknown>; errors?: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown };
}

/** Why GraphQL refuses a query (too expensive, too many buckets), or undefined when it answers. */
async function refusal(url: string, query: string): Promise<string | undefined> {
  const { errors } = (await ask(url, query)) as { errors?: { extensions?: { code?: string } }[] };
  const code = errors?.[0]?.extensions?.code;
  return code === 'QUERY_TOO_EXPENSIVE' || code === 'BAD_USER_INPUT' ? code : undefined;
}

/** An export read to its end; its number of data rows. */
async function download(url: string): Promise<number> {
  const res = await fetch(url);
  const text = await res.text();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${text.slice(0, 500)}`);
  return text.split('\n').filter((l) => l.length > 0).length - 1;
}

/** A GraphQL POST that must answer data. */
async function post(url: string, query: string): Promise<Record<string, unknown>> {
  const body = await ask(url, query);
  if (body.errors || !body.data) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** The elements of the first list in an answer: a list, a connection's nodes, and every list nested in them. */
function rowsOf(data: Record<string, unknown>): number {
  const first = Object.values(data)[0] as unknown[] | { nodes: unknown[] };
  return Array.isArray(first) ? first.length : first.nodes.length;
}

async function postgresAnswers(): Promise<boolean> {
  const c = new Client({ connectionString: PG, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function pgQuery(sql: string): Promise<void> {
  const c = new Client({ connectionString: PG });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const pgSchema = (n: number) => `gk_bench_${n}_${TAG}`;

/** A fresh database for one size: a SQLite file, or a PostgreSQL schema. */
async function freshDb(kind: Kind, n: number, name = 'bench'): Promise<string> {
  if (kind === 'sqlite') {
    const file = path.join(WORK, `${name}-${n}-${TAG}.db`);
    await dropSqlite(file);
    return file;
  }
  await pgQuery(`DROP SCHEMA IF EXISTS ${pgSchema(n)} CASCADE`);
  const url = new URL(PG);
  url.searchParams.set('schema', pgSchema(n));
  return url.toString();
}

async function dropSqlite(file: string): Promise<void> {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) await rm(f, { force: true });
}

async function ingest(kind: Kind, db: string, dir: string): Promise<IngestResult> {
  // The compiled CLI, as a user runs it; it reports its own time and this child reports its peak RSS.
  const script = `require('./dist/cli/main').ingest([${JSON.stringify(dir)}], ${JSON.stringify(db)}).then((code) => console.log('BENCH ' + JSON.stringify({ code, maxRSS: process.resourceUsage().maxRSS })))`;
  const { stdout } = await run(process.execPath, ['-e', script], { maxBuffer: 64 << 20 });
  const summary = /loaded (\d+), replaced (\d+),.*?failed (\d+); (\d+) cells, \d+ findings \(([\d.]+) s\)/.exec(stdout);
  const bench = JSON.parse(/BENCH (.*)/.exec(stdout)![1]) as { code: number; maxRSS: number };
  if (!summary || bench.code !== 0) throw new Error(`ingest failed:\n${stdout.slice(-2000)}`);
  const reports = Number(summary[1]) + Number(summary[2]);
  return { db: kind, reports, seconds: Number(summary[5]), cells: Number(summary[4]), peakRssMb: bench.maxRSS / 1024 };
}

/** Files the parser-alone rate is measured on (at most; after PARSE_WARMUP more). */
const PARSE_FILES = 2000;
const PARSE_WARMUP = 100;

/**
 * Reports/s of the compiled parser alone, in this thread, on the corpus's first files (read beforehand), counting the
 * files it parsed (one it refuses is timed, not counted). Undefined on a corpus too small to time.
 */
async function parseRate(dir: string): Promise<number | undefined> {
  const { parseHere } = require(path.resolve('dist/ingest/read')) as typeof import('../src/ingest/read');
  const { walk } = require(path.resolve('dist/ingest/walk')) as typeof import('../src/ingest/walk');
  const names: (string | Buffer)[] = [];
  for await (const f of walk([dir])) if (names.push(f) >= PARSE_FILES + PARSE_WARMUP) break;
  const files = await Promise.all(names.map(async (f) => ({ f: String(f), bytes: await readFile(f) })));
  const parsed = async (part: typeof files) => {
    let n = 0;
    for (const { f, bytes } of part)
      n += await parseHere(bytes, f).then(
        () => 1,
        () => 0,
      );
    return n;
  };
  await parsed(files.slice(0, PARSE_WARMUP));
  const timed = files.slice(PARSE_WARMUP);
  if (timed.length < PARSE_WARMUP) return undefined;
  const started = process.hrtime.bigint();
  const n = await parsed(timed);
  return n / (Number(process.hrtime.bigint() - started) / 1e9);
}

/**
 * HOOK (ingest baseline): scripts/bench-ingest-baseline.ts exports `ingestBaseline(dir, dbFile)` → { reports,
 * seconds }. Until that file is there, the ingest has no baseline and its ratio is left out.
 */
async function ingestBaselineRate(dir: string, n: number): Promise<number | undefined> {
  const file = path.join(__dirname, 'bench-ingest-baseline.ts');
  if (!existsSync(file)) return undefined;
  const { ingestBaseline } = (await import(file)) as {
    ingestBaseline(dir: string, dbFile: string): Promise<{ reports: number; seconds: number }>;
  };
  const db = await freshDb('sqlite', n, 'baseline');
  try {
    console.log(`  plain-script baseline on ${n} reports…`);
    const r = await ingestBaseline(dir, db);
    return r.reports / r.seconds;
  } finally {
    await dropSqlite(db);
  }
}

/** Each standard query over HTTP, and its statements replayed directly. */
async function timeQueries(
  kind: Kind,
  ds: DataSource,
  url: string,
  n: number,
  plans: string[],
): Promise<QueryResult[]> {
  const counter = statementCounter(ds);
  const out: QueryResult[] = [];
  for (const q of QUERIES) {
    try {
      out.push(await timeQuery(kind, ds, url, n, plans, counter, q));
    } catch (e) {
      // One query that fails is reported as such; the run goes on to the others.
      console.log(`  ${kind} ${n} ${q.name}: FAILED ${(e as Error).message.slice(0, 500)}`);
    }
  }
  return out;
}

async function timeQuery(
  kind: Kind,
  ds: DataSource,
  url: string,
  n: number,
  plans: string[],
  counter: ReturnType<typeof statementCounter>,
  q: (typeof QUERIES)[number],
): Promise<QueryResult> {
  // An answer GraphQL refuses at this size (it names the export instead) is timed as that export, streamed.
  const refused = q.export ? await refusal(url, q.query) : undefined;
  const exportUrl = new URL(q.export ?? '/', url).toString();
  const call = refused ? () => download(exportUrl) : () => post(url, q.query);
  // The first request also counts the data's shape, which the server then keeps for a while (server/apollo.ts,
  // LIMITS.shapeMs): the baseline is the statements of a request after it, as the timed requests run.
  const data = await call();
  counter.recording = [];
  await call();
  // What the request read (an export's snapshot also begins and ends a transaction).
  const statements = counter.recording.filter((st) => /^\s*(SELECT|WITH)\b/i.test(st.sql));
  counter.recording = undefined;

  const before = counter.count;
  let calls = 0;
  const http = await timed(() => {
    calls++;
    return call();
  });
  const perRequest = (counter.count - before) / calls;
  const sql = await timed(async () => {
    for (const s of statements) await ds.query(s.sql, s.parameters);
  });
  const r: QueryResult = {
    db: kind,
    reports: n,
    name: refused ? `${q.name} (GraphQL refuses it: ${refused}; GET ${q.export})` : q.name,
    p50: percentile(http, 50),
    p95: percentile(http, 95),
    sqlP50: percentile(sql, 50),
    statements: perRequest,
    rows: typeof data === 'number' ? data : rowsOf(data),
  };
  console.log(
    `  ${kind} ${n} ${r.name}: HTTP p50 ${fmt(r.p50)} ms, SQL ${fmt(r.sqlP50)} ms (× ${ratio(r.p50, r.sqlP50)}), ${r.statements} statements, ${r.rows} rows`,
  );
  if (n === Math.max(...SIZES)) plans.push(...(await explain(kind, ds, n, q.name, statements)));
  return r;
}

async function explain(
  kind: Kind,
  ds: DataSource,
  n: number,
  name: string,
  statements: { sql: string; parameters: unknown[] }[],
): Promise<string[]> {
  const out: string[] = [];
  for (const s of statements) {
    const plan = (await ds.query(
      (kind === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN ') + s.sql,
      s.parameters,
    )) as Record<string, unknown>[];
    const lines =
      kind === 'sqlite'
        ? plan.map((p) => `${'  '.repeat(Number(p.parent) === 0 ? 0 : 1)}${p.detail}`)
        : plan.map((p) => String(p['QUERY PLAN']));
    out.push(
      `#### ${kind}, ${n} reports: ${name}\n\n\`\`\`sql\n${s.sql.slice(0, 1500)}\n\`\`\`\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n`,
    );
  }
  return out;
}

/** Each aggregation in the query layer, as the server runs it (rollups or summary rows where they answer), and on the cells. */
async function timePaths(kind: Kind, ds: DataSource, n: number): Promise<PathResult[]> {
  const out: PathResult[] = [];
  for (const q of QUERIES) {
    if (!q.direct) continue;
    const direct = q.direct;
    try {
      const byDefault = percentile(await timed(() => direct(ds, 'rollup')), 50);
      const cells = percentile(await timed(() => direct(ds, 'cells')), 50);
      out.push({ db: kind, reports: n, name: q.name, defaultP50: byDefault, cellsP50: cells });
      console.log(`  ${kind} ${n} ${q.name}: default ${fmt(byDefault)} ms, cells ${fmt(cells)} ms`);
    } catch (e) {
      // An answer too large for the query layer (the export serves it) is not timed here; the run goes on.
      console.log(`  ${kind} ${n} ${q.name}: not timed on the paths: ${(e as Error).message.slice(0, 300)}`);
    }
  }
  return out;
}

/** PostGraphile over the same schema, asked the queries it shares with gongkai; gongkai's figure from this run. */
async function timePeer(n: number, gongkai: QueryResult[]): Promise<PeerResult[]> {
  const peer = await startPostGraphile(PG, pgSchema(n));
  const out: PeerResult[] = [];
  try {
    for (const [name, query] of Object.entries(POSTGRAPHILE_QUERIES)) {
      const ours = gongkai.find((q) => q.name === name);
      if (!ours) throw new Error(`no standard query named ${name}`);
      const data = await post(peer.url, query);
      const p50 = percentile(await timed(() => post(peer.url, query)), 50);
      const rows = (Object.values(data)[0] as { nodes: unknown[] }).nodes.length;
      out.push({ reports: n, name, gongkaiP50: ours.p50, peerP50: p50, rows });
      console.log(`  PostGraphile ${n} ${name}: p50 ${fmt(p50)} ms (gongkai ${fmt(ours.p50)} ms), ${rows} rows`);
    }
  } finally {
    await peer.close();
  }
  return out;
}

async function machine(): Promise<string> {
  const cpus = os.cpus();
  const pgVersion = (await postgresAnswers())
    ? await (async () => {
        const c = new Client({ connectionString: PG });
        await c.connect();
        const v = (await c.query('SHOW server_version')).rows[0].server_version as string;
        await c.end();
        return v;
      })()
    : 'not reachable';
  const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { dependencies: Record<string, string> };
  return `${cpus.length} cores (${cpus[0]?.model.trim()}), ${fmt(os.totalmem() / 2 ** 30, 0)} GiB memory, ${os.type()} ${os.release()}, Node ${process.version}, better-sqlite3 ${pkg.dependencies['better-sqlite3']}, PostgreSQL ${pgVersion}`;
}

interface Results {
  ingests: IngestResult[];
  queries: QueryResult[];
  paths: PathResult[];
  peers: PeerResult[];
  plans: string[];
}

/** The goals of issue 14, each with its figure from this run: the first lines a reader needs. */
function goals({ ingests, queries, paths, peers }: Results): string[] {
  const worst = <T>(xs: T[], f: (x: T) => number) =>
    xs.reduce<T | undefined>((w, x) => (!w || f(x) > f(w) ? x : w), undefined);
  const lines = ['| goal | database | reports | figure | baseline | ratio |', '|---|---|---:|---|---|---:|'];
  for (const r of ingests) {
    const rate = r.reports / r.seconds;
    lines.push(
      `| ingest ≥ ${r.db === 'sqlite' ? '1,000' : '500'} reports/s | ${r.db} | ${r.reports} | ${fmt(rate, 0)} reports/s | ${r.baselineRate ? `plain script ${fmt(r.baselineRate, 0)} reports/s${r.parseRate ? ` (the parser alone, one thread: ${fmt(r.parseRate, 0)})` : ''}` : 'none (no baseline script)'} | ${r.baselineRate ? ratio(rate, r.baselineRate) : '–'} |`,
    );
  }
  for (const db of ['sqlite', 'postgres'] as const) {
    for (const n of SIZES) {
      const qs = queries.filter((q) => q.db === db && q.reports === n);
      if (qs.length === 0) continue;
      const slowest = worst(qs, (q) => q.p50)!;
      lines.push(
        `| every standard query p50 ≤ 50 ms | ${db} | ${n} | slowest: ${slowest.name}, ${fmt(slowest.p50)} ms | 50 ms | ${ratio(slowest.p50, 50)} |`,
      );
      const over = worst(qs, (q) => q.p50 / q.sqlP50)!;
      lines.push(
        `| GraphQL ≤ 1.5 × SQL | ${db} | ${n} | worst: ${over.name}, ${fmt(over.p50)} ms | its SQL, ${fmt(over.sqlP50)} ms | ${ratio(over.p50, over.sqlP50)} |`,
      );
      const ps = paths.filter((p) => p.db === db && p.reports === n);
      const path = worst(ps, (p) => p.defaultP50 / p.cellsP50);
      if (path)
        lines.push(
          `| default path (rollups, summary rows) faster than cell path | ${db} | ${n} | worst: ${path.name}, ${fmt(path.defaultP50)} ms | cells, ${fmt(path.cellsP50)} ms | ${ratio(path.defaultP50, path.cellsP50)} |`,
        );
    }
  }
  for (const p of peers)
    lines.push(
      `| ahead of PostGraphile | postgres | ${p.reports} | ${p.name}, ${fmt(p.gongkaiP50)} ms | PostGraphile, ${fmt(p.peerP50)} ms | ${ratio(p.gongkaiP50, p.peerP50)} |`,
    );
  return lines;
}

function report(r: Results, machineLine: string): string {
  const stamp = new Date().toISOString().replace('T', ' ').slice(0, 16);
  return [
    `## ${stamp} UTC — \`npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}\``,
    '',
    `Machine: ${machineLine}.`,
    '',
    `Corpus: synthetic panel (${YEARS} years per agency, all four text layouts in turn, seed 2026). Every ratio is against a baseline measured in this run (ratio = figure / baseline; for ingest, rate / the plain script's rate). Timings are p50 of ${RUNS} sequential calls after ${WARMUPS} warm-ups (fewer, at least ${MIN_RUNS}, where they pass ${BUDGET_MS / 1000} s).`,
    '',
    '### Goals',
    '',
    ...goals(r),
    '',
    '### Ingest',
    '',
    "The compiled CLI, each report in a savepoint of its own, committed in batches; time as the CLI reports it (from the first file to the last commit), peak RSS of the whole process (main thread and parser workers). Baseline: scripts/bench-ingest-baseline.ts on the same corpus (SQLite). The parser alone: the compiled parser in one thread of the benchmark on the corpus's first files (up to 2,000 after 100 of warm-up), read beforehand — on a machine of N cores N − 1 parser threads run beside the writer, so no ingest passes N − 1 times this rate.",
    '',
    '| database | reports | seconds | reports/s | cells/s | peak RSS (MB) | baseline reports/s | ratio | parser alone, one thread (reports/s) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.ingests.map(
      (i) =>
        `| ${i.db} | ${i.reports} | ${fmt(i.seconds)} | ${fmt(i.reports / i.seconds, 0)} | ${fmt(i.cells / i.seconds, 0)} | ${fmt(i.peakRssMb, 0)} | ${i.baselineRate ? fmt(i.baselineRate, 0) : '–'} | ${i.baselineRate ? ratio(i.reports / i.seconds, i.baselineRate) : '–'} | ${i.parseRate ? fmt(i.parseRate, 0) : '–'} |`,
    ),
    '',
    '### Queries: GraphQL over HTTP against their SQL',
    '',
    'POSTs over HTTP (loopback, keep-alive) to a server in the benchmark process. "SQL" is the same request’s statements run directly on the data source, one after the other; ratio = HTTP p50 / SQL p50.',
    '',
    '| database | reports | query | rows | HTTP p50 (ms) | HTTP p95 (ms) | SQL p50 (ms) | ratio | statements/request |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|',
    ...r.queries.map(
      (q) =>
        `| ${q.db} | ${q.reports} | ${q.name} | ${q.rows} | ${fmt(q.p50)} | ${fmt(q.p95)} | ${fmt(q.sqlP50)} | ${ratio(q.p50, q.sqlP50)} | ${q.statements} |`,
    ),
    '',
    '### Aggregations: as the server runs them against cells',
    '',
    'The query layer’s aggregation (no HTTP, no GraphQL) on its default path — the rollups where they answer, the summary rows otherwise — and the same call reading the cells; ratio = default / cells.',
    '',
    '| database | reports | query | default p50 (ms) | cells p50 (ms) | ratio |',
    '|---|---:|---|---:|---:|---:|',
    ...r.paths.map(
      (p) =>
        `| ${p.db} | ${p.reports} | ${p.name} | ${fmt(p.defaultP50)} | ${fmt(p.cellsP50)} | ${ratio(p.defaultP50, p.cellsP50)} |`,
    ),
    '',
    '### gongkai against PostGraphile on the same PostgreSQL data',
    '',
    'PostGraphile 4.14 with @graphile/pg-aggregates in the benchmark process over the same schema, asked for the same rows (scripts/bench-postgraphile.ts); ratio = gongkai / PostGraphile (under 1: gongkai ahead).',
    '',
    '| reports | query | rows | gongkai p50 (ms) | PostGraphile p50 (ms) | ratio |',
    '|---:|---|---:|---:|---:|---:|',
    ...r.peers.map(
      (p) =>
        `| ${p.reports} | ${p.name} | ${p.rows} | ${fmt(p.gongkaiP50)} | ${fmt(p.peerP50)} | ${ratio(p.gongkaiP50, p.peerP50)} |`,
    ),
    '',
    `<details><summary>Query plans at ${Math.max(...SIZES)} reports</summary>`,
    '',
    ...r.plans,
    '</details>',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  if (!existsSync('dist/cli/main.js')) throw new Error('run `npm run build` first (npm run bench does)');
  const pg = await postgresAnswers();
  const asked = option('databases')?.split(',') ?? ['sqlite', 'postgres'];
  const unknown = asked.filter((k) => k !== 'sqlite' && k !== 'postgres');
  if (unknown.length > 0) throw new Error(`--databases: ${unknown.join(', ')}? (sqlite, postgres)`);
  const kinds = (asked as Kind[]).filter((k) => k === 'sqlite' || pg);
  if (!pg) console.warn(`PostgreSQL at ${PG} does not answer: SQLite only, no PostGraphile`);
  const r: Results = { ingests: [], queries: [], paths: [], peers: [], plans: [] };
  for (const n of SIZES) {
    const dir = await corpus(n);
    for (const kind of kinds) {
      const db = await freshDb(kind, n);
      console.log(`ingesting ${n} reports into ${kind}…`);
      const ingested = await ingest(kind, db, dir);
      if (kind === 'sqlite') {
        ingested.baselineRate = await ingestBaselineRate(dir, n);
        ingested.parseRate = await parseRate(dir);
      }
      r.ingests.push(ingested);
      console.log(
        `  ${fmt(ingested.reports / ingested.seconds, 0)} reports/s${ingested.baselineRate ? ` (plain script ${fmt(ingested.baselineRate, 0)})` : ''}, ${fmt(ingested.cells / ingested.seconds, 0)} cells/s, peak RSS ${fmt(ingested.peakRssMb, 0)} MB`,
      );
      const ds = await openDatabase(db);
      try {
        const server = await serve(ds, 0, '127.0.0.1');
        let queries: QueryResult[];
        try {
          queries = await timeQueries(kind, ds, server.url, n, r.plans);
        } finally {
          await server.close();
        }
        r.queries.push(...queries);
        r.paths.push(...(await timePaths(kind, ds, n)));
        if (kind === 'postgres') r.peers.push(...(await timePeer(n, queries)));
      } finally {
        await ds.destroy();
        if (kind === 'postgres') await pgQuery(`DROP SCHEMA IF EXISTS ${pgSchema(n)} CASCADE`);
        else await dropSqlite(db);
      }
    }
  }

  const text = report(r, await machine());
  if (!existsSync('BENCHMARKS.md'))
    await writeFile('BENCHMARKS.md', '# Benchmarks\n\nAppended by `npm run bench`; the newest run is last.\n\n');
  await appendFile('BENCHMARKS.md', `${text}\n`);
  console.log(`\n${text.split('<details>')[0]}\nappended to BENCHMARKS.md`);
  if (!flag('no-dashboard')) await benchDashboard({ reports: Math.max(...SIZES) });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
