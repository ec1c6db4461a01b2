/**
 * `npm run load [-- --reports 2000] [-- --connections 50] [-- --seconds 20]`: a load test on loopback, bounded in time.
 * Generates and ingests a synthetic corpus into a fresh SQLite file, serves it, and drives the standard queries in turn
 * with autocannon; prints requests, errors and latency and appends them to BENCHMARKS.md. A script, not a test.
 */
import { appendFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { writeCorpus } from '../src/generate/corpus';
import { openDatabase } from '../src/model/data-source';
import { loadPaths } from '../src/model/load';
import { serve } from '../src/server/app';
import { STANDARD_QUERIES } from './standard-queries';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const REPORTS = option('reports', 2000);
const CONNECTIONS = option('connections', 50);
const SECONDS = option('seconds', 20);

async function main(): Promise<void> {
  const dir = path.join(os.tmpdir(), `gongkai-load-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await writeCorpus(path.join(dir, 'corpus'), { reports: REPORTS, seed: 2026, panelYears: 5 });
  const ds = await openDatabase(path.join(dir, 'load.db'));
  const server = await (async () => {
    const s = await loadPaths(ds, [path.join(dir, 'corpus')]);
    console.log(`ingested ${s.loaded} reports; serving…`);
    return serve(ds, 0, '127.0.0.1');
  })();
  try {
    const result = await autocannon({
      url: server.url,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: STANDARD_QUERIES.map((q) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q.query }) })),
    });
    const errors = result.errors + result.timeouts + result.non2xx;
    const line = `| ${new Date().toISOString().slice(0, 16).replace('T', ' ')} | ${REPORTS} | ${CONNECTIONS} | ${SECONDS} | ${result.requests.total} | ${result.requests.average} | ${result.latency.p50} | ${result.latency.p97_5} | ${result.latency.p99} | ${errors} |`;
    const report = [
      `## Load — \`npm run load${args.length ? ` -- ${args.join(' ')}` : ''}\``,
      '',
      `${os.cpus().length} cores, Node ${process.version}; SQLite, the ${STANDARD_QUERIES.length} standard queries in turn on every connection, loopback.`,
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
    await ds.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
