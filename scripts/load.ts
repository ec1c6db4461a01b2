/**
 * `npm run load [-- --reports 2000] [-- --connections 50] [-- --seconds 20] [-- --workers N]`: a load test on
 * loopback, bounded in time. Generates and ingests a synthetic corpus into a fresh SQLite file, serves it with the
 * compiled `gongkai serve --workers N` in processes of their own (as users run it; N defaults to the number of
 * cores), and drives the standard queries in turn with autocannon; prints requests, errors and latency and appends
 * them to BENCHMARKS.md. A script, not a test.
 */
import { spawn } from 'node:child_process';
import { appendFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { writeCorpus } from '../src/generate/corpus';
import { openDatabase } from '../src/model/data-source';
import { loadPaths } from '../src/ingest/load';
import { STANDARD_QUERIES } from './standard-queries';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const REPORTS = option('reports', 2000);
const CONNECTIONS = option('connections', 50);
const SECONDS = option('seconds', 20);
const WORKERS = option('workers', os.availableParallelism());

async function main(): Promise<void> {
  const dir = path.join(os.tmpdir(), `gongkai-load-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await writeCorpus(path.join(dir, 'corpus'), { reports: REPORTS, seed: 2026, panelYears: 5 });
  const db = path.join(dir, 'load.db');
  const ds = await openDatabase(db);
  const loaded = await loadPaths(ds, [path.join(dir, 'corpus')]);
  await ds.destroy();
  console.log(`ingested ${loaded.loaded} reports; serving with ${WORKERS} workers…`);
  const child = spawn(
    process.execPath,
    ['bin/gongkai.js', 'serve', '--db', db, '--port', '0', '--workers', String(WORKERS)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const server = {
    url: await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        const url = /serving (http:\/\/\S+\/graphql)/.exec(chunk.toString())?.[1];
        if (url) resolve(url);
      });
      child.once('exit', () => reject(new Error('gongkai serve exited')));
    }),
    close: () =>
      new Promise<void>((resolve) =>
        child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')),
      ),
  };
  try {
    const result = await autocannon({
      url: server.url,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: STANDARD_QUERIES.map((q) => ({
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: q.query }),
      })),
    });
    const errors = result.errors + result.timeouts + result.non2xx;
    console.log(`errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`);
    const line = `| ${new Date().toISOString().slice(0, 16).replace('T', ' ')} | ${REPORTS} | ${CONNECTIONS} | ${SECONDS} | ${result.requests.total} | ${result.requests.average} | ${result.latency.p50} | ${result.latency.p97_5} | ${result.latency.p99} | ${errors} |`;
    const report = [
      `## Load — \`npm run load${args.length ? ` -- ${args.join(' ')}` : ''}\``,
      '',
      `${os.cpus().length} cores, Node ${process.version}; SQLite; \`gongkai serve --workers ${WORKERS}\`; the ${STANDARD_QUERIES.length} standard queries in turn on every connection, loopback.`,
      '',
      '| when (UTC) | reports | connections | seconds | requests | requests/s | p50 (ms) | p97.5 (ms) | p99 (ms) | errors, timeouts, non-2xx |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      line,
      '',
    ].join('\n');
    console.log(report);
    await appendFile('BENCHMARKS.md', `\n${report}`);
    if (errors > 0) process.exitCode = 1;
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
