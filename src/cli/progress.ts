/** What ingest prints while it runs: progress, a line per file or a bar, and what became of each report version. */
import { Presets, SingleBar } from 'cli-progress';
import type { CrawlRun, ItemEvent } from '../crawl/crawl';
import type { FileResult, Summary } from '../ingest/load';

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0');
const change = (from: number, to: number) => `${from} → ${to} (${signed(to - from)})`;

/**
 * Which file replaced which (with the change in cells and findings), or why a file was not made current; nothing for
 * a report seen for the first time.
 */
export function versionMessage(r: FileResult): string | undefined {
  const v = r.version;
  if (!v?.previous) return undefined;
  const head = `${v.agency} ${v.year}: ${r.file}`;
  const batch = v.sameBatch ? ' — two files for this agency and year in this batch' : '';
  if (r.outcome === 'worse')
    return `not current: ${head} is worse than ${v.previous.file} (${v.worse!.join(', ')}); kept as version ${v.version}, ${v.previous.file} stays current (--force makes it current)${batch}`;
  if (r.outcome !== 'replaced') return undefined;
  const forced = v.worse ? `, forced although worse: ${v.worse.join(', ')}` : '';
  return `replaced: ${head} replaced ${v.previous.file} (version ${v.version}${forced}); cells ${change(v.previous.cells, v.cells)}, findings ${change(v.previous.findings, v.findings)}${batch}`;
}

/** Errors and versions not made current go to stderr, replacements to stdout. */
function say(r: FileResult): void {
  if (r.outcome === 'failed') process.stderr.write(`error: ${r.error}\n`);
  const message = versionMessage(r);
  if (message) (r.outcome === 'worse' ? process.stderr : process.stdout).write(`${message}\n`);
}

/** Seconds left as people read them ("1h05m", "4m07s", "12s"); unknown ("…") until a file is done. */
export function etaText(total: number, done: number, perSecond: number): string {
  if (done === 0 || perSecond <= 0) return '…';
  const left = Math.ceil((total - done) / perSecond);
  const [h, m, sec] = [Math.floor(left / 3600), Math.floor((left % 3600) / 60), left % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}h${two(m)}m` : m > 0 ? `${m}m${two(sec)}s` : `${sec}s`;
}

export interface Progress {
  onFile(r: FileResult, done: number): void;
  stop(s?: Summary): void;
}

/** A bar on stderr (`format` names the values it shows). */
export function bar(format: string, total: number, values: Record<string, unknown>): SingleBar {
  const b = new SingleBar({ stream: process.stderr, format, fps: 5 }, Presets.shades_classic);
  b.start(total, 0, values);
  return b;
}

/**
 * Progress of an ingest: a line per file for small batches (or -v); otherwise a bar with rate and ETA on a terminal,
 * and a line every 5% in logs. Errors name their file, and replacements their files: at once in logs, after the bar
 * on a terminal.
 */
export function progress(total: number, verbose: boolean): Progress {
  const started = Date.now();
  const rate = (done: number) => done / Math.max((Date.now() - started) / 1000, 1e-3);
  let failed = 0;
  if (verbose || total <= 20) {
    return {
      onFile(r: FileResult, done: number) {
        if (r.outcome !== 'failed')
          process.stdout.write(
            `[${done}/${total}] ${r.outcome.padEnd(9)} ${r.file} (${r.cells} cells, ${r.findings} findings)\n`,
          );
        say(r);
      },
      stop() {},
    };
  }
  if (process.stderr.isTTY) {
    const b = bar('ingest [{bar}] {value}/{total} files | {rate} files/s | ETA {eta} | {failed} failed', total, {
      rate: '0',
      failed: 0,
      eta: etaText(total, 0, 0),
    });
    // Printed after the bar (writing while it draws would garble it).
    const later: FileResult[] = [];
    return {
      onFile(r: FileResult, done: number) {
        if (r.outcome === 'failed') failed++;
        if (versionMessage(r)) later.push(r);
        b.update(done, { rate: rate(done).toFixed(0), failed, eta: etaText(total, done, rate(done)) });
      },
      stop: (s?: Summary) => {
        b.stop();
        for (const r of later) say(r);
        for (const f of s?.failures ?? []) say(f);
      },
    };
  }
  const step = Math.max(1, Math.floor(total / 20));
  return {
    onFile(r: FileResult, done: number) {
      say(r);
      if (done % step === 0 || done === total) {
        const per = rate(done);
        process.stdout.write(`[${done}/${total}] ${per.toFixed(0)} files/s, ETA ${etaText(total, done, per)}\n`);
      }
    },
    stop() {},
  };
}

export function printSummary(s: Summary, seconds: number): void {
  for (const w of s.warnings) process.stderr.write(`warning: ${w}\n`);
  console.log(
    `loaded ${s.loaded}, replaced ${s.replaced}, worse ${s.worse}, unchanged ${s.unchanged}, failed ${s.failed}; ${s.cells} cells, ${s.findings} findings (${seconds.toFixed(1)} s)`,
  );
}

/**
 * Progress of a crawl: a line per URL in logs (or -v), failures on stderr; a bar of URLs visited over URLs found on a
 * terminal, failures and skips after it.
 */
export function crawlProgress(verbose: boolean) {
  const line = (e: ItemEvent) => `${e.state === 'done' ? e.role : e.state} ${e.url}${e.note ? ` (${e.note})` : ''}`;
  if (verbose || !process.stderr.isTTY) {
    return {
      onItem(e: ItemEvent) {
        if (e.state === 'failed') process.stderr.write(`error: ${e.url}: ${e.note}\n`);
        else process.stdout.write(`[${e.done}/${e.known}] ${line(e)}\n`);
      },
      stop() {},
    };
  }
  const b = bar('crawl [{bar}] {value}/{total} URLs | {failed} failed', 1, { failed: 0 });
  const later: ItemEvent[] = [];
  return {
    onItem(e: ItemEvent) {
      if (e.state !== 'done') later.push(e);
      b.setTotal(e.known);
      b.update(e.done, { failed: later.filter((x) => x.state === 'failed').length });
    },
    stop() {
      b.stop();
      for (const e of later)
        if (e.state === 'failed') process.stderr.write(`error: ${e.url}: ${e.note}\n`);
        else process.stdout.write(`${line(e)}\n`);
    },
  };
}

export function printCrawl(run: CrawlRun): void {
  const c = run.counts;
  console.log(
    `${run.resumed ? 'resumed: ' : ''}${c.lists} list pages, ${c.reports} reports, ${c.wrappers} wrapper pages, ${c.other} other pages; ${c.unchanged} unchanged since the last download (304); ${c.skipped} skipped, ${c.failed} failed`,
  );
}
