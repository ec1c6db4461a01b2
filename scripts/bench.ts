/**
 * `npm run bench [-- --large] [-- --sizes 1000,20000] [-- --runs 40]`: ingest throughput and query latency on SQLite
 * and PostgreSQL over synthetic corpora, printed and appended to BENCHMARKS.md. A script, not a test: figures, not
 * pass/fail. The ingest runs the compiled CLI in a child process (its worker threads, its peak RSS); the queries go
 * over HTTP to a server in this process, whose statement counter also lets each request's SQL be replayed directly.
 */
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
const PG = process.env.GONGKAI_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

interface IngestResult {
  db: string;
  reports: number;
  seconds: number;
  cells: number;
  peakRssMb: number;
}

interface QueryResult {
  db: string;
  reports: number;
  name: string;
  p50: number;
  p95: number;
  sqlP50: number;
  statements: number;
  rows: number;
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (n: number, digits = 1) => n.toFixed(digits);

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

/** A fresh database for one size: a SQLite file, or a PostgreSQL schema. */
async function freshDb(kind: 'sqlite' | 'postgres', n: number): Promise<string> {
  if (kind === 'sqlite') {
    const file = path.join(WORK, `bench-${n}.db`);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) await rm(f, { force: true });
    return file;
  }
  const schema = `gk_bench_${n}`;
  await pgQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  const url = new URL(PG);
  url.searchParams.set('schema', schema);
  return url.toString();
}

async function ingest(kind: string, db: string, dir: string): Promise<IngestResult> {
  // The compiled CLI, as a user runs it; it reports its own time and this child reports its peak RSS.
  const script = `require('./dist/cli/main').ingest([${JSON.stringify(dir)}], ${JSON.stringify(db)}).then((code) => console.log('BENCH ' + JSON.stringify({ code, maxRSS: process.resourceUsage().maxRSS })))`;
  const { stdout } = await run(process.execPath, ['-e', script], { maxBuffer: 64 << 20 });
  const summary =
    /loaded (\d+), replaced (\d+), unchanged (\d+), failed (\d+); (\d+) cells, \d+ findings \(([\d.]+) s\)/.exec(
      stdout,
    );
  const bench = JSON.parse(/BENCH (.*)/.exec(stdout)![1]) as { code: number; maxRSS: number };
  if (!summary || bench.code !== 0) throw new Error(`ingest failed:\n${stdout.slice(-2000)}`);
  const reports = Number(summary[1]) + Number(summary[2]);
  return { db: kind, reports, seconds: Number(summary[6]), cells: Number(summary[5]), peakRssMb: bench.maxRSS / 1024 };
}

async function timeQueries(kind: string, ds: DataSource, n: number, plans: string[]): Promise<QueryResult[]> {
  const server = await serve(ds, 0, '127.0.0.1');
  const counter = statementCounter(ds);
  const out: QueryResult[] = [];
  try {
    for (const q of QUERIES) {
      const post = async () => {
        const res = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: q.query }),
        });
        const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown };
        if (body.errors) throw new Error(`${q.name}: ${JSON.stringify(body.errors)}`);
        return body.data!;
      };
      for (let i = 0; i < 5; i++) await post(); // warm-up: JIT, prepared statements, page cache
      counter.recording = [];
      const data = await post();
      const statements = counter.recording;
      counter.recording = undefined;
      const first = Object.values(data)[0] as unknown[] | { nodes: unknown[] };
      const rows = Array.isArray(first) ? first.length : first.nodes.length;

      const http: number[] = [];
      const before = counter.count;
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await post();
        http.push(performance.now() - t);
      }
      const perRequest = (counter.count - before) / RUNS;

      const sql: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        for (const s of statements) await ds.query(s.sql, s.parameters);
        sql.push(performance.now() - t);
      }
      out.push({
        db: kind,
        reports: n,
        name: q.name,
        p50: percentile(http, 50),
        p95: percentile(http, 95),
        sqlP50: percentile(sql, 50),
        statements: perRequest,
        rows,
      });
      console.log(
        `  ${kind} ${n} ${q.name}: p50 ${fmt(percentile(http, 50))} ms, p95 ${fmt(percentile(http, 95))} ms, SQL ${fmt(percentile(sql, 50))} ms, ${perRequest} statements, ${rows} rows`,
      );

      if (n === Math.max(...SIZES)) {
        const explain = kind === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN ';
        for (const s of statements) {
          const plan = (await ds.query(explain + s.sql, s.parameters)) as Record<string, unknown>[];
          const lines =
            kind === 'sqlite'
              ? plan.map((p) => `${'  '.repeat(Number(p.parent) === 0 ? 0 : 1)}${p.detail}`)
              : plan.map((p) => String(p['QUERY PLAN']));
          plans.push(
            `#### ${kind}, ${n} reports: ${q.name}\n\n\`\`\`sql\n${s.sql.slice(0, 1500)}\n\`\`\`\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n`,
          );
        }
      }
    }
  } finally {
    await server.close();
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

async function main(): Promise<void> {
  if (!existsSync('dist/cli/main.js')) throw new Error('run `npm run build` first (npm run bench does)');
  const pg = await postgresAnswers();
  const kinds: ('sqlite' | 'postgres')[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];
  if (!pg) console.warn(`PostgreSQL at ${PG} does not answer: SQLite only`);
  const ingests: IngestResult[] = [];
  const queries: QueryResult[] = [];
  const plans: string[] = [];
  for (const n of SIZES) {
    const dir = await corpus(n);
    for (const kind of kinds) {
      const db = await freshDb(kind, n);
      console.log(`ingesting ${n} reports into ${kind}…`);
      const r = await ingest(kind, db, dir);
      ingests.push(r);
      console.log(
        `  ${fmt(r.reports / r.seconds, 0)} reports/s, ${fmt(r.cells / r.seconds, 0)} cells/s, peak RSS ${fmt(r.peakRssMb, 0)} MB`,
      );
      const ds = await openDatabase(db);
      try {
        queries.push(...(await timeQueries(kind, ds, n, plans)));
      } finally {
        await ds.destroy();
      }
      if (kind === 'postgres') await pgQuery(`DROP SCHEMA IF EXISTS ${new URL(db).searchParams.get('schema')} CASCADE`);
    }
  }

  const stamp = new Date().toISOString().replace('T', ' ').slice(0, 16);
  const report = [
    `## ${stamp} UTC — \`npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}\``,
    '',
    `Machine: ${await machine()}.`,
    '',
    `Corpus: synthetic panel (${YEARS} years per agency, all four text layouts in turn, seed 2026). Ingest: the compiled CLI, each report in a savepoint of its own, committed in batches; time as the CLI reports it (from the first file to the last commit), peak RSS of the whole process (main thread and parser workers).`,
    '',
    '| database | reports | seconds | reports/s | cells/s | peak RSS (MB) |',
    '|---|---:|---:|---:|---:|---:|',
    ...ingests.map(
      (r) =>
        `| ${r.db} | ${r.reports} | ${fmt(r.seconds)} | ${fmt(r.reports / r.seconds, 0)} | ${fmt(r.cells / r.seconds, 0)} | ${fmt(r.peakRssMb, 0)} |`,
    ),
    '',
    `Queries: ${RUNS} sequential POSTs over HTTP (loopback, keep-alive) after 5 warm-ups. "SQL" is the same request's statements run directly on the data source, one after the other; ratio = HTTP p50 / SQL p50.`,
    '',
    '| database | reports | query | rows | HTTP p50 (ms) | HTTP p95 (ms) | SQL p50 (ms) | ratio | statements/request |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|',
    ...queries.map(
      (q) =>
        `| ${q.db} | ${q.reports} | ${q.name} | ${q.rows} | ${fmt(q.p50)} | ${fmt(q.p95)} | ${fmt(q.sqlP50)} | ${fmt(q.p50 / q.sqlP50, 2)} | ${q.statements} |`,
    ),
    '',
    `<details><summary>Query plans at ${Math.max(...SIZES)} reports</summary>`,
    '',
    ...plans,
    '</details>',
    '',
  ].join('\n');
  if (!existsSync('BENCHMARKS.md'))
    await writeFile('BENCHMARKS.md', '# Benchmarks\n\nAppended by `npm run bench`; the newest run is last.\n\n');
  await appendFile('BENCHMARKS.md', `${report}\n`);
  console.log(`\n${report.split('<details>')[0]}\nappended to BENCHMARKS.md`);
  await benchDashboard({ reports: Math.max(...SIZES) });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
