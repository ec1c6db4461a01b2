/** The `gongkai` command line. */
import './production'; // first: sets NODE_ENV before graphql is loaded
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import type { DataSource } from 'typeorm';
import { readDocument } from '../parser/documents';
import { parseFile } from '../parser/parse';
import { DEFAULT_DB, openDatabase } from '../model/data-source';
import {
  BATCH_REPORTS,
  countFiles,
  loadPaths,
  OVERRIDES_FILE,
  readOverrides,
  type LoadOptions,
  type Summary,
} from '../ingest/load';
import { parserPool } from '../ingest/parse-pool';
import { writeCorpus } from '../generate/corpus';
import { LAYOUTS, type LayoutName } from '../generate/render';
import { VARIANT_NAMES, type VariantName } from '../generate/variants';
import { LIMITS } from '../server/apollo';
import { serve } from '../server/app';
import { Archive, defaultArchive } from '../crawl/archive';
import { CRAWL_DEFAULTS, crawl, finishJob, type JobSpec } from '../crawl/crawl';
import { DEFAULT_MATCH } from '../crawl/links';
import { HTTP_DEFAULTS } from '../crawl/http';
import { crawlProgress, printCrawl, printSummary, progress } from './progress';

export { etaText } from './progress';
import { listAgencies, mergeAgencies, setCode } from './agencies';
import { renderReport, renderTextView } from './render';
import { isWorker, superviseWorkers } from './workers';

/** The seeds (text) and two reports as agencies published them (a PDF and a saved web page). */
/** What `gongkai start` (npm start) ingests: the seeds and the reports as published. */
export const BUNDLED = ['data/reports', 'data/published'];

function variantList(v: string): VariantName[] {
  if (v === 'all') return VARIANT_NAMES;
  const names = v.split(',').map((x) => x.trim());
  const unknown = names.filter((x) => !(VARIANT_NAMES as string[]).includes(x));
  if (unknown.length > 0)
    throw new InvalidArgumentError(`unknown variant ${unknown.join(', ')}: use ${VARIANT_NAMES.join(', ')} or all`);
  return names as VariantName[];
}

function int(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number is expected');
  return n;
}

export interface IngestOptions {
  verbose?: boolean;
  batchReports?: number;
  force?: boolean;
  /** The agency identity overrides (default data/agencies.csv; absent: none). */
  agencies?: string;
}

/** Exit code 1 when a file failed or a new version was not made current: something the user must look at. */
export const exitCode = (s: Summary) => (s.failed > 0 || s.worse > 0 ? 1 : 0);

/** Loads files with ingest's progress and summary, in a parser pool; `origins` for downloaded files. */
export async function ingestWithProgress(
  ds: DataSource,
  paths: string[],
  opts: IngestOptions & Pick<LoadOptions, 'origins'> = {},
): Promise<Summary> {
  // A broken overrides file stops the ingest before any report is written: it decides where every report goes.
  const overrides = readOverrides(opts.agencies ?? OVERRIDES_FILE);
  const parser = parserPool();
  try {
    const started = Date.now();
    const files = await countFiles(paths);
    const shown = progress(files, opts.verbose ?? false);
    const summary = await loadPaths(ds, paths, {
      files,
      parse: parser.parse,
      onFile: shown.onFile,
      batchReports: opts.batchReports,
      force: opts.force,
      origins: opts.origins,
      overrides,
    });
    shown.stop(summary);
    printSummary(summary, (Date.now() - started) / 1000);
    return summary;
  } finally {
    await parser.close();
  }
}

export async function ingest(paths: string[], db: string, opts: IngestOptions = {}): Promise<number> {
  const ds = await openDatabase(db);
  try {
    return exitCode(await ingestWithProgress(ds, paths, opts));
  } finally {
    await ds.destroy();
  }
}

interface DownloadOptions {
  db: string;
  archive?: string;
  delay: number;
  perHost: number;
  timeout: number;
  retries: number;
  retryDelay: number;
  maxSize: number;
  force?: boolean;
  verbose?: boolean;
}

/**
 * gongkai fetch and crawl: the run (resumed if one with the same spec was killed), then ingest of the reports it
 * found. Exit code 1 when a URL failed, a file failed to ingest, or a new version was not made current.
 */
async function download(spec: JobSpec, o: DownloadOptions): Promise<number> {
  const ds = await openDatabase(o.db);
  try {
    const shown = crawlProgress(o.verbose ?? false);
    const run = await crawl(ds, spec, {
      archive: new Archive(o.archive ?? defaultArchive(o.db)),
      delayMs: o.delay,
      perHost: o.perHost,
      match: spec.match === undefined ? undefined : new RegExp(spec.match, 'i'),
      maxPages: spec.maxPages,
      since: spec.since,
      http: {
        timeoutMs: o.timeout,
        retries: o.retries,
        retryDelayMs: o.retryDelay,
        maxBytes: o.maxSize * 1024 * 1024,
      },
      onItem: shown.onItem,
    });
    shown.stop();
    printCrawl(run);
    const summary = await ingestWithProgress(
      ds,
      run.reports.map((r) => r.file),
      { verbose: o.verbose, force: o.force, origins: new Map(run.reports.map((r) => [r.file, r.origin])) },
    );
    await finishJob(ds, run.id);
    return run.counts.failed > 0 ? 1 : exitCode(summary);
  } finally {
    await ds.destroy();
  }
}

function httpUrl(v: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new InvalidArgumentError(`not a URL: ${v}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new InvalidArgumentError(`not an http(s) URL: ${v}`);
  return u.toString();
}

function regex(v: string): string {
  try {
    new RegExp(v, 'i');
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
  return v;
}

const downloadOptions = (c: Command) =>
  c
    .option('--db <path>', 'SQLite file or postgres:// URL', process.env.DATABASE_URL ?? DEFAULT_DB)
    .option(
      '--archive <dir>',
      'the archive of originals (default: beside the SQLite file; ./gongkai-archive for PostgreSQL)',
    )
    .option(
      '--delay <ms>',
      "milliseconds between two requests to a site (or robots.txt's Crawl-delay)",
      int,
      CRAWL_DEFAULTS.delayMs,
    )
    .option('--per-host <n>', 'requests at a time per site: 1 or 2', int, CRAWL_DEFAULTS.perHost)
    .option(
      '--timeout <ms>',
      'per attempt: to connect, for the headers, between two parts of a body',
      int,
      HTTP_DEFAULTS.timeoutMs,
    )
    .option(
      '--retries <n>',
      'attempts after the first on timeouts, dropped connections, 5xx and 429',
      int,
      HTTP_DEFAULTS.retries,
    )
    .option(
      '--retry-delay <ms>',
      'the first wait before a retry (doubled for each next one)',
      int,
      HTTP_DEFAULTS.retryDelayMs,
    )
    .option('--max-size <MB>', 'files larger than this are not downloaded', int, HTTP_DEFAULTS.maxBytes / 1024 / 1024)
    .option('--force', 'make each new version current even when it is clearly worse than the current one')
    .option('-v, --verbose', 'a line for every URL and every file');

async function withDatabase(db: string, work: (ds: DataSource) => Promise<void>) {
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
  debug?: boolean;
}

const announce = (url: string) => {
  const base = url.replace(/\/graphql$/, '');
  console.log(
    `gongkai serving ${url} (dashboard: ${base}/; query editor: open ${url} in a browser; exports: ${base}/export)`,
  );
};

/** Serves until SIGINT/SIGTERM, then closes the server and the database cleanly; in several processes with --workers. */
async function serveUntilStopped(o: ServeOptions): Promise<void> {
  if (o.workers > 1 && !isWorker()) return superviseWorkers(o.db, o.workers, o.host, announce);
  // A database that does not exist is a mistyped path: serving an empty one would answer every question with nothing.
  const ds = await openDatabase(o.db, {
    migrate: !isWorker(),
    mustExist: true,
    statementTimeoutMs: LIMITS.statementMs,
  });
  let running;
  try {
    running = await serve(ds, o.port, o.host, { debug: o.debug });
  } catch (e) {
    await ds.destroy();
    throw e;
  }
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
    .option('--force', 'make each new version current even when it is clearly worse than the current one')
    .option('--agencies <file>', 'agency identity overrides (see README, "Agencies"); absent: none', OVERRIDES_FILE)
    .action(
      async (
        paths: string[],
        o: { db: string; verbose?: boolean; batch: number; force?: boolean; agencies: string },
      ) => {
        process.exitCode = await ingest(paths, o.db, {
          verbose: o.verbose,
          batchReports: o.batch,
          force: o.force,
          agencies: o.agencies,
        });
      },
    );
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
  downloadOptions(
    cli
      .command('fetch')
      .description(
        'download report pages or files (a page that only links its report: the attachments) and ingest them',
      )
      .argument('<urls...>', 'http(s) URLs', (v: string, all: string[] = []) => [...all, httpUrl(v)]),
  ).action(async (urls: string[], o: DownloadOptions) => {
    process.exitCode = await download({ command: 'fetch', urls }, o);
  });
  downloadOptions(
    cli
      .command('crawl')
      .description(
        "follow a site's annual-report column (its pages, report links, attachments) and ingest what it finds",
      )
      .argument('<list-url>', 'the first page of the list', httpUrl)
      .option('--match <regex>', `what a report's link text or URL matches (default ${DEFAULT_MATCH.source})`, regex)
      .option('--max-pages <n>', 'pages of the list followed, the first included', int, CRAWL_DEFAULTS.maxPages)
      .option('--since <year>', 'only reports for this year and later', int),
  ).action(async (url: string, o: DownloadOptions & { match?: string; maxPages: number; since?: number }) => {
    process.exitCode = await download(
      { command: 'crawl', urls: [url], match: o.match, maxPages: o.maxPages, since: o.since },
      o,
    );
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
    .option('--plant', 'plant the faults the scorecard finds (late dates, copies, …), recorded in expected.jsonl')
    .option(
      '--variants <names>',
      `print reports as real agencies do, in these ways (comma-separated, or "all"; each report a random half of those that apply to its layout): ${VARIANT_NAMES.join(', ')}`,
      variantList,
    )
    .action(
      async (o: {
        out: string;
        reports: number;
        seed: number;
        layout?: LayoutName;
        years?: number;
        plant?: boolean;
        variants?: VariantName[];
      }) => {
        if (o.layout && !LAYOUTS.includes(o.layout))
          throw new InvalidArgumentError(`--layout must be one of ${LAYOUTS.join(', ')}`);
        const n = await writeCorpus(o.out, {
          reports: o.reports,
          seed: o.seed,
          layout: o.layout,
          panelYears: o.years,
          plant: o.plant,
          variants: o.variants,
        });
        console.log(`wrote ${n} reports to ${o.out} (with their expected cells in expected.jsonl)`);
      },
    );
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
      )
      .option('--debug', 'stack traces and internal error messages in responses (for developers; never in production)');
  serveOptions(
    cli.command('serve').description('serve the dashboard, the GraphQL API, the query editor and the exports'),
  ).action(async (o: ServeOptions) => {
    await serveUntilStopped(o);
  });
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
