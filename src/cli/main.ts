/** The `gongkai` command line. */
import { readFile } from 'node:fs/promises';
import { Presets, SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { readDocument } from '../parser/documents';
import { parseFile } from '../parser/parse';
import { DEFAULT_DB, openDatabase } from '../model/data-source';
import {
  BATCH_REPORTS,
  countFiles,
  loadPaths,
  OVERRIDES_FILE,
  readOverrides,
  type FileResult,
  type Summary,
} from '../ingest/load';
import { parserPool } from '../ingest/parse-pool';
import { writeCorpus } from '../generate/corpus';
import { LAYOUTS, type LayoutName } from '../generate/render';
import { serve } from '../server/app';
import { listAgencies, mergeAgencies, setCode } from './agencies';
import { renderReport, renderTextView } from './render';
import { isWorker, superviseWorkers } from './workers';

/** The seeds (text) and two reports as agencies published them (a PDF and a saved web page). */
/** What `gongkai start` (npm start) ingests: the seeds and the reports as published. */
export const BUNDLED = ['data/reports', 'data/published'];

function int(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number is expected');
  return n;
}

/**
 * Progress of an ingest: a line per file for small batches (or -v); otherwise a bar with rate and ETA on a terminal,
 * and a line every 5% in logs. Errors name their file: at once in logs, after the bar on a terminal.
 */
/** Seconds left as people read them ("1h05m", "4m07s", "12s"); unknown ("…") until a file is done. */
export function etaText(total: number, done: number, perSecond: number): string {
  if (done === 0 || perSecond <= 0) return '…';
  const left = Math.ceil((total - done) / perSecond);
  const [h, m, sec] = [Math.floor(left / 3600), Math.floor((left % 3600) / 60), left % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}h${two(m)}m` : m > 0 ? `${m}m${two(sec)}s` : `${sec}s`;
}

function progress(total: number, verbose: boolean) {
  const started = Date.now();
  const rate = (done: number) => done / Math.max((Date.now() - started) / 1000, 1e-3);
  let failed = 0;
  if (verbose || total <= 20) {
    return {
      onFile(r: FileResult, done: number) {
        if (r.outcome === 'failed') process.stderr.write(`error: ${r.error}\n`);
        else
          process.stdout.write(
            `[${done}/${total}] ${r.outcome.padEnd(9)} ${r.file} (${r.cells} cells, ${r.findings} findings)\n`,
          );
      },
      stop() {},
    };
  }
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      {
        stream: process.stderr,
        format: 'ingest [{bar}] {value}/{total} files | {rate} files/s | ETA {eta} | {failed} failed',
        fps: 5,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0, { rate: '0', failed: 0, eta: etaText(total, 0, 0) });
    return {
      onFile(r: FileResult, done: number) {
        if (r.outcome === 'failed') failed++;
        bar.update(done, { rate: rate(done).toFixed(0), failed, eta: etaText(total, done, rate(done)) });
      },
      stop: (s?: Summary) => {
        bar.stop();
        for (const f of s?.failures ?? []) process.stderr.write(`error: ${f.error}\n`);
      },
    };
  }
  const step = Math.max(1, Math.floor(total / 20));
  return {
    onFile(r: FileResult, done: number) {
      if (r.outcome === 'failed') process.stderr.write(`error: ${r.error}\n`);
      if (done % step === 0 || done === total) {
        const per = rate(done);
        process.stdout.write(`[${done}/${total}] ${per.toFixed(0)} files/s, ETA ${etaText(total, done, per)}\n`);
      }
    },
    stop() {},
  };
}

function printSummary(s: Summary, seconds: number): void {
  console.log(
    `loaded ${s.loaded}, replaced ${s.replaced}, unchanged ${s.unchanged}, failed ${s.failed}; ${s.cells} cells, ${s.findings} findings (${seconds.toFixed(1)} s)`,
  );
}

export async function ingest(
  paths: string[],
  db: string,
  verbose = false,
  batchReports?: number,
  agencies = OVERRIDES_FILE,
): Promise<number> {
  // A broken overrides file stops the ingest before anything is written: it decides where every report goes.
  const overrides = readOverrides(agencies);
  const ds = await openDatabase(db);
  const parser = parserPool();
  try {
    const started = Date.now();
    const shown = progress(await countFiles(paths), verbose);
    const summary = await loadPaths(ds, paths, { parse: parser.parse, onFile: shown.onFile, batchReports, overrides });
    shown.stop(summary);
    printSummary(summary, (Date.now() - started) / 1000);
    return summary.failed > 0 ? 1 : 0;
  } finally {
    await parser.close();
    await ds.destroy();
  }
}

async function withDatabase(db: string, work: (ds: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>) {
  const ds = await openDatabase(db);
  try {
    await work(ds);
  } finally {
    await ds.destroy();
  }
}

interface ServeOptions {
  db: string;
  port: number;
  host: string;
  workers: number;
}

const announce = (url: string) =>
  console.log(
    `gongkai serving ${url} (query editor: open it in a browser; exports: ${url.replace(/\/graphql$/, '/export')})`,
  );

/** Serves until SIGINT/SIGTERM, then closes the server and the database cleanly; in several processes with --workers. */
async function serveUntilStopped(o: ServeOptions): Promise<void> {
  if (o.workers > 1 && !isWorker()) return superviseWorkers(o.db, o.workers, o.host, announce);
  const ds = await openDatabase(o.db, { migrate: !isWorker() });
  const running = await serve(ds, o.port, o.host);
  if (!isWorker()) announce(running.url);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  await ds.destroy();
  // A worker's channel to the primary would keep it running.
  if (isWorker()) process.disconnect();
}

export function program(): Command {
  const cli = new Command('gongkai')
    .description('China government information-disclosure annual reports as data')
    .exitOverride();
  cli
    .command('ingest')
    .description('parse report files (or folders of them) into the database, each report all or nothing')
    .argument('<paths...>', 'report files or folders')
    .option('--db <path>', 'SQLite file or postgres:// URL', process.env.DATABASE_URL ?? DEFAULT_DB)
    .option('-v, --verbose', 'a line for every file')
    .option(
      '--batch <reports>',
      `reports per transaction (smaller: new reports visible to readers sooner; larger: faster)`,
      int,
      BATCH_REPORTS,
    )
    .option('--agencies <file>', 'agency identity overrides (see README, "Agencies"); absent: none', OVERRIDES_FILE)
    .action(async (paths: string[], o: { db: string; verbose?: boolean; batch: number; agencies: string }) => {
      process.exitCode = await ingest(paths, o.db, o.verbose, o.batch, o.agencies);
    });
  const agencies = cli
    .command('agencies')
    .description('agencies without a division (ambiguous or unresolved names), and corrections to identities');
  const withDb = (c: Command) =>
    c
      .option('--db <path>', 'SQLite file or postgres:// URL', process.env.DATABASE_URL ?? DEFAULT_DB)
      .option('--agencies <file>', 'the overrides file the correction is written to', OVERRIDES_FILE);
  const relinked = (r: { moved: number }, file: string) =>
    console.log(`wrote ${file}; ${r.moved} report(s) moved to their agency`);
  withDb(agencies.command('list', { isDefault: true }).description('list agencies without a division code'))
    .option('--all', 'every agency, with its division and organ')
    .action(async (o: { db: string; all?: boolean }) => {
      await withDatabase(o.db, async (ds) => {
        const lines = await listAgencies(ds, o.all ?? false);
        console.log(lines.length > 0 ? lines.join('\n') : 'every agency has a division code');
      });
    });
  withDb(agencies.command('merge').description('make agency <from> the same agency as <into> (ids or printed names)'))
    .argument('<from>')
    .argument('<into>')
    .action(async (from: string, into: string, o: { db: string; agencies: string }) => {
      await withDatabase(o.db, async (ds) => relinked(await mergeAgencies(ds, o.agencies, from, into), o.agencies));
    });
  withDb(agencies.command('set-code').description('give agency <agency> (id or printed name) a division code'))
    .argument('<agency>')
    .argument('<code>')
    .option('--organ <organ>', 'government, office, township, zone or department:<name> (default: as resolved)')
    .action(async (ref: string, code: string, o: { db: string; agencies: string; organ?: string }) => {
      await withDatabase(o.db, async (ds) => relinked(await setCode(ds, o.agencies, ref, code, o.organ), o.agencies));
    });
  cli
    .command('parse')
    .description('parse one report (text, web page, .docx or PDF) and print it; touches no database')
    .argument('<file>')
    .option('--json', 'print one JSON object')
    .option('--text', "print the file's text view, the lines a cell's `line` counts (with pages and table positions)")
    .action(async (file: string, o: { json?: boolean; text?: boolean }) => {
      const bytes = await readFile(file);
      if (o.text) console.log(renderTextView((await readDocument(bytes, file)).lines));
      else {
        const report = await parseFile(bytes, file);
        console.log(o.json ? JSON.stringify(report, null, 2) : renderReport(report));
      }
    });
  cli
    .command('generate')
    .description('write synthetic reports with known cells (both formats, every layout) for tests and benchmarks')
    .requiredOption('--out <dir>', 'output folder')
    .option('--reports <n>', 'how many reports', int, 100)
    .option('--seed <s>', 'random seed', int, 1)
    .option('--layout <name>', `one of ${LAYOUTS.join(', ')} (default: rotate)`)
    .option(
      '--years <n>',
      'one report per agency and year over n years from 2019 (default: random agencies and years)',
      int,
    )
    .action(async (o: { out: string; reports: number; seed: number; layout?: LayoutName; years?: number }) => {
      if (o.layout && !LAYOUTS.includes(o.layout))
        throw new InvalidArgumentError(`--layout must be one of ${LAYOUTS.join(', ')}`);
      const n = await writeCorpus(o.out, { reports: o.reports, seed: o.seed, layout: o.layout, panelYears: o.years });
      console.log(`wrote ${n} reports to ${o.out} (with their expected cells in expected.jsonl)`);
    });
  const serveOptions = (c: Command) =>
    c
      .option('--db <path>', 'SQLite file or postgres:// URL', process.env.DATABASE_URL ?? DEFAULT_DB)
      .option('--port <n>', 'port (0: any free port)', int, 4000)
      .option('--host <host>', 'interface to listen on', '127.0.0.1')
      .option(
        '--workers <n>',
        'processes serving on the port (more: shorter waits under many concurrent clients)',
        int,
        1,
      );
  serveOptions(cli.command('serve').description('serve the GraphQL API, the query editor and the exports')).action(
    async (o: ServeOptions) => {
      await serveUntilStopped(o);
    },
  );
  serveOptions(
    cli.command('start').description(`ingest the bundled reports (${BUNDLED.join(', ')}), then serve`),
  ).action(async (o: ServeOptions) => {
    // A worker process runs this command again: the primary has ingested already.
    const status = isWorker() ? 0 : await ingest(BUNDLED, o.db);
    if (status !== 0) process.stderr.write('some bundled reports failed to load; serving the rest\n');
    await serveUntilStopped(o);
  });
  return cli;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message: string };
    if (err.code?.startsWith('commander.')) return err.exitCode ?? 1;
    process.stderr.write(`error: ${err.message}\n`);
    return 1;
  }
}
