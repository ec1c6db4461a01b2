/**
 * `npm run bench:dashboard [-- --reports 20000] [-- --runs 5]` (and the end of `npm run bench`): the first render of
 * each dashboard view in Chromium, on the bundled reports and on a generated corpus, appended to BENCHMARKS.md.
 * First render: a full page load with the browser's cache off (the bundle fetched and parsed every time) until the
 * view says it is drawn — every panel's data received and drawn (its `gongkai-ready` performance mark).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { openDatabase } from '../src/model/data-source';
import { serve } from '../src/server/app';
import { DEFAULT_DASHBOARD_DIR } from '../src/server/dashboard';
import { drawn, firstRender, openBrowser } from '../test/helpers/browser';
import { corpus, WORK } from './bench-corpus';

const run = promisify(execFile);
const BUNDLED = ['data/reports', 'data/published'];
const TARGET_MS = { bundled: 1000, generated: 2000 };

export interface DashboardBenchOptions {
  /** Reports in the generated corpus. */
  reports: number;
  /** Page loads per view. */
  runs?: number;
}

interface Timing {
  corpus: string;
  reports: number;
  view: string;
  p50: number;
  slowest: number;
  target: number;
}

/** A SQLite database holding the files, ingested by the compiled CLI; kept for the next run when `keep`. */
async function database(name: string, paths: string[], keep: boolean): Promise<string> {
  const db = path.join(WORK, `dashboard-${name}.db`);
  const done = `${db}.complete`;
  if (keep && existsSync(done)) return db;
  for (const f of [db, `${db}-wal`, `${db}-shm`, done]) await rm(f, { force: true });
  console.log(`ingesting ${paths.join(', ')} into ${db}…`);
  await run(process.execPath, ['bin/gongkai.js', 'ingest', ...paths, '--db', db], { maxBuffer: 64 << 20 });
  await writeFile(done, '');
  return db;
}

let chromium = '';

async function timeViews(name: string, db: string, runs: number, target: number): Promise<Timing[]> {
  const ds = await openDatabase(db);
  const server = await serve(ds, 0, '127.0.0.1');
  const base = server.url.replace(/\/graphql$/, '');
  const session = await openBrowser(new URL(base).origin);
  chromium = await session.browser.version();
  try {
    const ask = async (query: string) =>
      (
        (await (
          await fetch(`${base}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query }),
          })
        ).json()) as { data: any }
      ).data;
    const { agencies, reports } = await ask(
      '{ agencies(first: 10) { totalCount nodes { id } } reports(first: 1) { totalCount nodes { id } } }',
    );
    const views: [string, string][] = [
      ['overview', '?view=overview'],
      ['handling', '?view=handling'],
      ['compare (10 agencies)', `?view=compare&agencies=${agencies.nodes.map((a: { id: number }) => a.id).join(',')}`],
      ['quality', '?view=quality'],
      ['report', `?view=report&id=${reports.nodes[0].id}`],
    ];
    await session.page.setCacheEnabled(false);
    // One load first, not timed: the server's and the browser's first request pay for their own start.
    await session.page.goto(`${base}/${views[0][1]}`);
    await drawn(session);
    const out: Timing[] = [];
    for (const [view, query] of views) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        await session.page.goto(`${base}/${query}`);
        await drawn(session);
        times.push(await firstRender(session));
      }
      if (session.errors.length) throw new Error(`${view}: ${session.errors.join('; ')}`);
      times.sort((a, b) => a - b);
      const t = {
        corpus: name,
        reports: reports.totalCount,
        view,
        p50: times[Math.floor(times.length / 2)],
        slowest: times.at(-1)!,
        target,
      };
      console.log(`  ${name} ${view}: p50 ${t.p50.toFixed(0)} ms, slowest ${t.slowest.toFixed(0)} ms`);
      out.push(t);
    }
    return out;
  } finally {
    await session.close();
    await server.close();
    await ds.destroy();
  }
}

async function bundle(): Promise<string> {
  const files = await readdir(DEFAULT_DASHBOARD_DIR);
  const script = files.find((f) => f.startsWith('app-') && f.endsWith('.js'))!;
  const bytes = await readFile(path.join(DEFAULT_DASHBOARD_DIR, script));
  const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;
  return `${script} ${kb(bytes.length)} (${kb(gzipSync(bytes, { level: 9 }).length)} gzipped)`;
}

export async function benchDashboard(o: DashboardBenchOptions): Promise<void> {
  if (!existsSync(path.join(DEFAULT_DASHBOARD_DIR, 'index.html')) || !existsSync('dist/cli/main.js'))
    throw new Error('run `npm run build` first (npm run bench:dashboard does)');
  const runs = o.runs ?? 5;
  await mkdir(WORK, { recursive: true });
  console.log(`dashboard first render, ${runs} loads per view…`);
  const timings = [
    ...(await timeViews('bundled', await database('bundled', BUNDLED, false), runs, TARGET_MS.bundled)),
    ...(await timeViews(
      'generated',
      await database(`generated-${o.reports}`, [await corpus(o.reports)], true),
      runs,
      TARGET_MS.generated,
    )),
  ];
  const stamp = new Date().toISOString().replace('T', ' ').slice(0, 16);
  const report = [
    `## ${stamp} UTC — dashboard first render (\`npm run bench:dashboard -- --reports ${o.reports} --runs ${runs}\`)`,
    '',
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, ${chromium} headless. Bundle: ${await bundle()}.`,
    '',
    `First render: a full page load with the browser cache off (the bundle fetched and parsed each time) until the view is drawn, every panel's data received and drawn (its \`gongkai-ready\` mark); ${runs} loads per view, server and browser on the same machine, SQLite. Generated corpus: seed 2026, 5 years per agency.`,
    '',
    '| corpus | reports | view | p50 (ms) | slowest (ms) | target (ms) |',
    '|---|---:|---|---:|---:|---:|',
    ...timings.map(
      (t) =>
        `| ${t.corpus} | ${t.reports} | ${t.view} | ${t.p50.toFixed(0)} | ${t.slowest.toFixed(0)} | ≤ ${t.target}${t.slowest > t.target ? ' **missed**' : ''} |`,
    ),
    '',
  ].join('\n');
  await appendFile('BENCHMARKS.md', `${report}\n`);
  console.log(`\n${report}\nappended to BENCHMARKS.md`);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  benchDashboard({ reports: option('reports') ?? 20000, runs: option('runs') }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
