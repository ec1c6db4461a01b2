/**
 * A crawl (or a fetch) run: visits its frontier politely — robots.txt obeyed, one or two requests at a time per site
 * with a delay between them — archives every original, follows a list's pages to its report pages and a wrapper
 * page to its attachments, and returns the reports found, ready for ingest. The frontier lives in the database
 * (frontier.ts): a run killed at any moment is resumed by running it again.
 */
import type { DataSource } from 'typeorm';
import type { Origin } from '../ingest/load';
import { parseFile } from '../parser/parse';
import { sniff } from '../parser/documents/sniff';
import { ParseError } from '../parser/text';
import type { Archive } from './archive';
import {
  complete,
  countLists,
  counts,
  countsOf,
  lastFetch,
  openJob,
  pendingItems,
  reportsOf,
  type Completion,
  type Item,
  type JobSpec,
  type NewItem,
  type RunCounts,
} from './frontier';
import { charsetOf, HTTP_DEFAULTS, Http, type HttpOptions } from './http';
import { DEFAULT_MATCH, isAttachment, isNextPage, linksOf, pageText, scriptedPages, yearOf } from './links';
import { Robots, type SiteRules } from './robots';

export type { JobSpec } from './frontier';
export { finishJob, problemsOf } from './frontier';

export interface CrawlOptions {
  archive: Archive;
  http?: Partial<HttpOptions>;
  /** Milliseconds between two requests to one site (robots.txt's Crawl-delay if longer). */
  delayMs?: number;
  /** Requests at a time per site: 1 or 2. */
  perHost?: number;
  /** What a report's link says (text or URL). */
  match?: RegExp;
  /** Pages of the list followed, the first included. */
  maxPages?: number;
  /** Reports for this year and later. */
  since?: number;
  onItem?: (e: ItemEvent) => void;
}

export const CRAWL_DEFAULTS = { delayMs: 1000, perHost: 1, maxPages: 100 };

export interface ItemEvent {
  url: string;
  kind: Item['kind'];
  state: Completion['state'];
  role?: Completion['role'];
  note?: string;
  /** Items visited and found so far. */
  done: number;
  known: number;
}

export interface FoundFile {
  /** In the archive. */
  file: string;
  origin: Origin;
}

export interface CrawlRun {
  id: number;
  resumed: boolean;
  /** Each archived file once, in the order the reports were found. */
  reports: FoundFile[];
  counts: RunCounts;
}

type PQueueModule = typeof import('p-queue', { with: { 'resolution-mode': 'import' }});
let pQueue: Promise<PQueueModule> | undefined;
// p-queue is an ES module: loaded with a dynamic import from this CommonJS build.
const loadPQueue = () => (pQueue ??= import('p-queue'));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The name a report keeps as its source_file: the last part of its URL's path (or the host). */
export function nameOf(url: string): string {
  const u = new URL(url);
  const last = u.pathname.split('/').filter(Boolean).pop() ?? '';
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // kept as written
  }
  return (name || u.host).slice(0, 200);
}

export async function crawl(ds: DataSource, spec: JobSpec, o: CrawlOptions): Promise<CrawlRun> {
  const { default: PQueue } = await loadPQueue();
  const http = new Http({ ...HTTP_DEFAULTS, ...o.http });
  const robots = new Robots(http);
  const delayMs = o.delayMs ?? CRAWL_DEFAULTS.delayMs;
  const perHost = Math.min(Math.max(o.perHost ?? CRAWL_DEFAULTS.perHost, 1), 2);
  const maxPages = o.maxPages ?? CRAWL_DEFAULTS.maxPages;
  const match = o.match ?? DEFAULT_MATCH;
  const job = await openJob(ds, spec);

  // One connection (SQLite) takes one transaction at a time: the database work of concurrent visits goes in turn.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(f: () => Promise<T>): Promise<T> => {
    const p = turn.then(f);
    turn = p.catch(() => undefined);
    return p;
  };

  /** What a list page leads to: its report links, and its next pages while the list has fewer than maxPages. */
  function fromList(item: Item, html: string, pageUrl: string, lists: number): NewItem[] {
    const found: NewItem[] = [];
    let more = maxPages - lists;
    const nextPage = (url: string, text?: string) => {
      if (more-- > 0) found.push({ url, kind: 'list', listPage: maxPages - more, linkText: text });
    };
    for (const link of linksOf(html, pageUrl)) {
      if (link.url === item.url || link.url === pageUrl) continue;
      if (isNextPage(link, pageUrl)) nextPage(link.url, link.text);
      else if (match.test(link.text) || match.test(decodeURI(link.url))) {
        const year = yearOf(link);
        const old = o.since !== undefined && year !== undefined && year < o.since;
        found.push({
          url: link.url,
          kind: isAttachment(link) ? 'file' : 'page',
          linkText: link.text,
          skipped: old ? `a report for ${year}, before --since ${o.since}` : undefined,
        });
      }
    }
    for (const url of scriptedPages(html, pageUrl)) if (url !== item.url && url !== pageUrl) nextPage(url);
    return found;
  }

  /** A report page is a report (it parses as one) or a wrapper of attachments. */
  async function fromPage(item: Item, bytes: Buffer, pageUrl: string, charset?: string) {
    if (sniff(bytes, pageUrl) !== 'html') return { role: 'report' as const };
    try {
      const parsed = await parseFile(bytes, item.url, { charset });
      if (o.since !== undefined && parsed.year < o.since)
        return { role: 'report' as const, skip: `a report for ${parsed.year}, before --since ${o.since}` };
      return { role: 'report' as const };
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      const attachments = linksOf(pageText(bytes, pageUrl, charset), pageUrl).filter(isAttachment);
      if (attachments.length === 0)
        return { role: 'other' as const, note: `not a report, attaches no file (${e.message})` };
      return {
        role: 'wrapper' as const,
        found: attachments.map((l): NewItem => ({ url: l.url, kind: 'file', linkText: l.text })),
      };
    }
  }

  const pause = (rules: SiteRules) => sleep(Math.max(delayMs, rules.delayMs ?? 0));
  const sites = new Set<string>();

  async function visit(item: Item): Promise<Completion> {
    const origin = new URL(item.url).origin;
    const first = !sites.has(origin);
    sites.add(origin);
    const rules = await robots.rules(item.url);
    // Reading robots.txt was a request to the site too.
    if (first) await pause(rules);
    if (!rules.allowed(item.url)) return { state: 'skipped', note: rules.unreachable ?? 'disallowed by robots.txt' };
    const last = await inTurn(() => lastFetch(ds, item.url));
    // Asked conditionally only while the archived copy is there to fall back on.
    const cached = last && (await o.archive.read(last.archivePath));
    const res = await http.get(item.url, cached ? last : {});
    let bytes: Buffer;
    let fetch: Completion['fetch'];
    if (res.status === 304 && last && cached) {
      // A 304 confirms the archived body and updates its headers (RFC 9111, 4.3.4).
      const headers = { ...last.headers, ...res.headers };
      bytes = cached;
      fetch = { result: { ...res, headers }, sha256: last.sha256, archivePath: last.archivePath, bytes: bytes.length };
    } else if (res.status === 200 && res.body) {
      bytes = res.body;
      fetch = { result: res, ...(await o.archive.put(bytes)), bytes: bytes.length };
    } else return { fetch: { result: res }, state: 'failed', note: res.error ?? `HTTP ${res.status}` };
    const pageUrl = res.finalUrl ?? item.url;
    const charset = charsetOf(fetch.result.headers['content-type']);
    try {
      if (item.kind === 'file') return { fetch, state: 'done', role: 'report' };
      if (item.kind === 'list') {
        const html = pageText(bytes, pageUrl, charset);
        const lists = await inTurn(() => countLists(ds, job.id));
        return { fetch, state: 'done', role: 'list', found: fromList(item, html, pageUrl, lists) };
      }
      const page = await fromPage(item, bytes, pageUrl, charset);
      if ('skip' in page) return { fetch, state: 'skipped', role: page.role, note: page.skip };
      // A URL named to gongkai fetch that gives no report is an error, as a file given to ingest would be.
      if (page.role === 'other' && spec.command === 'fetch') return { fetch, state: 'failed', ...page };
      return { fetch, state: 'done', ...page };
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      return { fetch, state: 'failed', note: e.message };
    }
  }

  const queues = new Map<string, InstanceType<PQueueModule['default']>>();
  const running = new Map<number, Promise<void>>();
  let { known, done } = await counts(ds, job.id);
  try {
    for (;;) {
      for (const item of await inTurn(() => pendingItems(ds, job.id, new Set(running.keys()), 100))) {
        const host = new URL(item.url).host;
        let queue = queues.get(host);
        if (!queue) queues.set(host, (queue = new PQueue({ concurrency: perHost })));
        const task = queue.add(async () => {
          try {
            const c = await visit(item);
            known += await inTurn(() => complete(ds, job.id, item, c));
            done++;
            o.onItem?.({ url: item.url, kind: item.kind, state: c.state, role: c.role, note: c.note, done, known });
          } finally {
            // The slot is held through the delay: the site's next request starts that long after this one ended.
            await pause(await robots.rules(item.url));
          }
        });
        running.set(
          item.id,
          task.finally(() => running.delete(item.id)),
        );
      }
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
  } catch (e) {
    await Promise.allSettled(running.values());
    throw e;
  } finally {
    await http.close();
  }

  const files = new Set<string>();
  const reports: FoundFile[] = [];
  for (const r of await reportsOf(ds, job.id)) {
    const file = o.archive.file(r.archivePath);
    if (files.has(file)) continue;
    files.add(file);
    const charset = charsetOf(r.headers['content-type']);
    reports.push({ file, origin: { url: r.url, name: nameOf(r.url), charset, archivePath: r.archivePath } });
  }
  return { id: job.id, resumed: job.resumed, reports, counts: await countsOf(ds, job.id) };
}
