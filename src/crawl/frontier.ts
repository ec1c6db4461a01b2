/**
 * The crawl's state in the database: the run (its spec), the frontier of URLs found with what became of each, and
 * every fetch. An item is completed in one transaction with its fetch and the URLs it led to, so a crawl killed at
 * any moment resumes with exactly the items not completed: none is lost, none visited twice.
 */
import type { DataSource } from 'typeorm';
import { run } from '../model/bulk';
import type { HttpResult } from './http';

export type ItemKind = 'list' | 'page' | 'file';

export interface JobSpec {
  command: 'crawl' | 'fetch';
  urls: string[];
  match?: string;
  maxPages?: number;
  since?: number;
}

export interface Item {
  id: number;
  url: string;
  kind: ItemKind;
  listPage: number | null;
  linkText: string | null;
}

export interface NewItem {
  url: string;
  kind: ItemKind;
  listPage?: number;
  linkText?: string;
  /** Recorded but not visited (--since), with why. */
  skipped?: string;
}

export interface Completion {
  fetch?: { result: HttpResult; sha256?: string; archivePath?: string; bytes?: number };
  state: 'done' | 'failed' | 'skipped';
  role?: 'list' | 'report' | 'wrapper' | 'other';
  note?: string;
  found?: NewItem[];
}

/** The last download of a URL with a body: its validators for a conditional request, and where its bytes are. */
export interface LastFetch {
  etag: string | null;
  lastModified: string | null;
  sha256: string;
  archivePath: string;
  headers: Record<string, string>;
}

const now = () => new Date().toISOString();
const clip = (s: string | undefined | null, n: number) => (s ? s.slice(0, n) : null);

/** The unfinished run with this spec (resumed), or a new one seeded with its URLs. */
export async function openJob(ds: DataSource, spec: JobSpec): Promise<{ id: number; resumed: boolean }> {
  const text = JSON.stringify(spec);
  const open = await run<{ id: unknown }>(
    ds,
    'SELECT id FROM crawl WHERE spec = ? AND finished_at IS NULL ORDER BY id DESC',
    [text],
  );
  if (open.length > 0) return { id: Number(open[0].id), resumed: true };
  return ds.transaction(async (em) => {
    const [row] = await run<{ id: unknown }>(em, 'INSERT INTO crawl (spec, started_at) VALUES (?, ?) RETURNING id', [
      text,
      now(),
    ]);
    const id = Number(row.id);
    const kind: ItemKind = spec.command === 'crawl' ? 'list' : 'page';
    await addItems(
      em,
      id,
      spec.urls.map((url) => ({ url, kind, listPage: kind === 'list' ? 1 : undefined })),
    );
    return { id, resumed: false };
  });
}

type Db = Parameters<typeof run>[0];

/** Adds URLs not yet in the run's frontier; how many were new. */
async function addItems(db: Db, crawlId: number, items: NewItem[]): Promise<number> {
  let added = 0;
  for (const i of items) {
    const rows = await run(
      db,
      'INSERT INTO crawl_item (crawl_id, url, kind, list_page, state, link_text, note) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (crawl_id, url) DO NOTHING RETURNING id',
      [
        crawlId,
        i.url,
        i.kind,
        i.listPage ?? null,
        i.skipped ? 'skipped' : 'pending',
        clip(i.linkText, 200),
        i.skipped ?? null,
      ],
    );
    added += rows.length;
  }
  return added;
}

/** Pending items of the run, oldest first, leaving out those already being visited. */
export async function pendingItems(ds: DataSource, crawlId: number, busy: Set<number>, limit: number): Promise<Item[]> {
  const rows = await run<Record<string, unknown>>(
    ds,
    `SELECT id, url, kind, list_page, link_text FROM crawl_item WHERE crawl_id = ? AND state = 'pending' ORDER BY id LIMIT ${limit + busy.size}`,
    [crawlId],
  );
  return rows
    .map((r) => ({
      id: Number(r.id),
      url: String(r.url),
      kind: r.kind as ItemKind,
      listPage: r.list_page === null ? null : Number(r.list_page),
      linkText: (r.link_text as string | null) ?? null,
    }))
    .filter((i) => !busy.has(i.id))
    .slice(0, limit);
}

/** How many items the run has found, and how many of them are no longer pending. */
export async function counts(ds: DataSource, crawlId: number): Promise<{ known: number; done: number }> {
  const [r] = await run<{ known: unknown; done: unknown }>(
    ds,
    "SELECT COUNT(*) AS known, COUNT(CASE WHEN state <> 'pending' THEN 1 END) AS done FROM crawl_item WHERE crawl_id = ?",
    [crawlId],
  );
  return { known: Number(r.known), done: Number(r.done) };
}

/** How many list pages the run has found (--max-pages). */
export async function countLists(ds: DataSource, crawlId: number): Promise<number> {
  const [r] = await run<{ n: unknown }>(
    ds,
    "SELECT COUNT(*) AS n FROM crawl_item WHERE crawl_id = ? AND kind = 'list'",
    [crawlId],
  );
  return Number(r.n);
}

/** Records a visited item, its fetch and the URLs it led to, all at once; how many of those were new. */
export async function complete(ds: DataSource, crawlId: number, item: Item, c: Completion): Promise<number> {
  return ds.transaction(async (em) => {
    let fetchId: number | null = null;
    if (c.fetch) {
      const r = c.fetch.result;
      const [row] = await run<{ id: unknown }>(
        em,
        'INSERT INTO http_fetch (url, final_url, fetched_at, status, headers, etag, last_modified, sha256, archive_path, bytes, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
        [
          clip(r.url, 2000),
          clip(r.finalUrl, 2000),
          now(),
          r.status,
          JSON.stringify(r.headers),
          clip(r.headers.etag, 200),
          clip(r.headers['last-modified'], 100),
          c.fetch.sha256 ?? null,
          c.fetch.archivePath ?? null,
          c.fetch.bytes ?? null,
          r.error ?? null,
        ],
      );
      fetchId = Number(row.id);
    }
    const added = await addItems(em, crawlId, c.found ?? []);
    await run(em, 'UPDATE crawl_item SET state = ?, role = ?, fetch_id = ?, note = ? WHERE id = ?', [
      c.state,
      c.role ?? null,
      fetchId,
      c.note ?? null,
      item.id,
    ]);
    return added;
  });
}

export async function lastFetch(ds: DataSource, url: string): Promise<LastFetch | undefined> {
  const rows = await run<Record<string, unknown>>(
    ds,
    'SELECT etag, last_modified, sha256, archive_path, headers FROM http_fetch WHERE url = ? AND sha256 IS NOT NULL ORDER BY id DESC LIMIT 1',
    [url],
  );
  if (rows.length === 0) return undefined;
  const r = rows[0];
  return {
    etag: (r.etag as string | null) ?? null,
    lastModified: (r.last_modified as string | null) ?? null,
    sha256: String(r.sha256),
    archivePath: String(r.archive_path),
    headers: JSON.parse(String(r.headers ?? '{}')),
  };
}

export interface FoundReport {
  url: string;
  archivePath: string;
  headers: Record<string, string>;
}

/**
 * The reports a run found (pages and files), in the order it found them, each with the fetch that got its bytes and
 * the URL it came from after redirects.
 */
export async function reportsOf(ds: DataSource, crawlId: number): Promise<FoundReport[]> {
  const rows = await run<Record<string, unknown>>(
    ds,
    "SELECT COALESCE(f.final_url, i.url) AS url, f.archive_path, f.headers FROM crawl_item i JOIN http_fetch f ON f.id = i.fetch_id WHERE i.crawl_id = ? AND i.state = 'done' AND i.role = 'report' ORDER BY i.id",
    [crawlId],
  );
  return rows.map((r) => ({
    url: String(r.url),
    archivePath: String(r.archive_path),
    headers: JSON.parse(String(r.headers ?? '{}')),
  }));
}

/** The items that failed or were skipped, with why. */
export async function problemsOf(
  ds: DataSource,
  crawlId: number,
): Promise<{ url: string; state: string; note: string }[]> {
  const rows = await run<Record<string, unknown>>(
    ds,
    "SELECT url, state, note FROM crawl_item WHERE crawl_id = ? AND state IN ('failed', 'skipped') ORDER BY id",
    [crawlId],
  );
  return rows.map((r) => ({ url: String(r.url), state: String(r.state), note: String(r.note ?? '') }));
}

export async function finishJob(ds: DataSource, crawlId: number): Promise<void> {
  await run(ds, 'UPDATE crawl SET finished_at = ? WHERE id = ?', [now(), crawlId]);
}

export interface RunCounts {
  lists: number;
  reports: number;
  wrappers: number;
  other: number;
  failed: number;
  skipped: number;
  /** Of the visited: unchanged since the last download (304). */
  unchanged: number;
}

/** What a run's frontier holds: the visited by what they were, the failed and the skipped. */
export async function countsOf(ds: DataSource, crawlId: number): Promise<RunCounts> {
  const rows = await run<{ state: string; role: string | null; status: unknown; n: unknown }>(
    ds,
    'SELECT i.state, i.role, f.status, COUNT(*) AS n FROM crawl_item i LEFT JOIN http_fetch f ON f.id = i.fetch_id WHERE i.crawl_id = ? GROUP BY i.state, i.role, f.status',
    [crawlId],
  );
  const c: RunCounts = { lists: 0, reports: 0, wrappers: 0, other: 0, failed: 0, skipped: 0, unchanged: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    if (r.state === 'failed') c.failed += n;
    else if (r.state === 'skipped') c.skipped += n;
    else if (r.state === 'done') {
      const key = ({ list: 'lists', report: 'reports', wrapper: 'wrappers' } as const)[r.role ?? ''] ?? 'other';
      c[key] += n;
      if (Number(r.status) === 304) c.unchanged += n;
    }
  }
  return c;
}
