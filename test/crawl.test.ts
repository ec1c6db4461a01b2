/**
 * gongkai fetch and crawl against a fixture site on loopback (test/helpers/site.ts): every report ingested exactly
 * once, robots.txt and the rate limit obeyed, retries on 5xx and timeouts but not on 4xx, unchanged files skipped on
 * a re-crawl (304), and a crawl killed mid-way resumed where it stopped. No request leaves 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { charsetOf } from '../src/crawl/http';
import { isAttachment, isNextPage, scriptedPages, yearOf } from '../src/crawl/links';
import { openDatabase } from '../src/model/data-source';
import { Cell, CrawlItem, FetchRecord, Report, ReportVersion } from '../src/model/entities';
import { parseFile } from '../src/parser/parse';
import { readDocument } from '../src/parser/documents';
import { renderHtml } from '../src/generate/documents';
import { generateReport, rng } from '../src/generate/model';
import { GONGKAI_CLI } from './helpers/cli-process';
import type { Scratch } from './helpers/databases';
import { onEachDatabase } from './helpers/each-database';
import { fixtureSite, type Site } from './helpers/site';
import { capturedCli } from './helpers/cli-output';

/** Small delays, timeouts and backoff: the test site answers at once (but for the slow page). */
const FAST = ['--delay', '40', '--timeout', '300', '--retries', '1', '--retry-delay', '10'];

let dir: string;
let db: string;
let site: Site;
const { out, run } = capturedCli();
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-crawl-'));
  db = path.join(dir, 'g.db');
  site = await fixtureSite();
});
afterEach(async () => {
  await site.close();
  await rm(dir, { recursive: true, force: true });
});

async function withDb<T>(f: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = await openDatabase(db);
  try {
    return await f(ds);
  } finally {
    await ds.destroy();
  }
}

/** The stored reports: agency, year, cells, source URL (the site's address cut off), source file, encoding. */
const stored = () =>
  withDb(async (ds) => {
    const out = [];
    for (const r of await ds.getRepository(Report).find({ relations: { agency: true }, order: { id: 'ASC' } }))
      out.push({
        agency: r.agency.fullName,
        year: r.year,
        cells: await ds.getRepository(Cell).countBy({ reportId: r.id }),
        path: r.sourceUrl?.replace(site.url, ''),
        file: r.sourceFile,
        encoding: r.encoding,
      });
    return out;
  });

const requested = (p: string) => site.requests.filter((r) => r.path === p);

onEachDatabase((target) => {
  let scratch: Scratch;
  beforeEach(async () => {
    scratch = await target.scratch();
    db = scratch.db;
  });
  afterEach(() => scratch.drop());
  const archive = () => ['--archive', path.join(dir, 'archive')];

  it('ingests every report of the column once, obeying robots.txt and the rate limit, retrying 5xx and timeouts', async () => {
    expect(await run('crawl', site.list, '--db', db, ...archive(), ...FAST)).toBe(1);
    const text = out.join('');
    const pdfCells = (await parseFile(await readFile('data/published/hongze-district-2023.pdf'), 'x.pdf')).cells.length;
    const expected = site.reports.map((r) => ({ ...r, cells: r.cells ?? pdfCells }));
    const got = await stored();
    expect(got.map(({ agency, year, cells, path }) => ({ agency, year, cells, path }))).toEqual(
      expect.arrayContaining(expected),
    );
    expect(got).toHaveLength(expected.length);
    // The GBK page names no charset; its server does.
    expect(got.find((r) => r.path === '/nianbao/2023/t20230123_4.html')).toMatchObject({
      file: 't20230123_4.html',
      encoding: 'gb18030',
    });
    expect(text).toContain('loaded 8, replaced 0, worse 0, unchanged 0, failed 0');

    // robots.txt read once; the folder it disallows never asked for.
    expect(requested('/robots.txt')).toHaveLength(1);
    expect(site.requests.filter((r) => r.path.startsWith('/private/'))).toEqual([]);
    // The 500 asked again and served; the 404 asked once (no retry on 4xx); the slow page given up after 2 attempts.
    expect(requested('/nianbao/2023/t20230127_8.html').map((r) => r.status)).toEqual([500, 200]);
    expect(requested('/nianbao/2023/t20230126_7.html').map((r) => r.status)).toEqual([404]);
    expect(requested('/nianbao/2023/t20230128_9.html')).toHaveLength(2);
    expect(text).toContain(`error: ${site.url}/nianbao/2023/t20230126_7.html: HTTP 404`);
    expect(text).toContain(
      `error: ${site.url}/nianbao/2023/t20230128_9.html: no response within the timeout (2 attempts)`,
    );
    expect(text).toContain(
      '3 list pages, 8 reports, 2 wrapper pages, 0 other pages; 0 unchanged since the last download (304); 1 skipped, 2 failed',
    );

    // Politeness: one request at a time, each starting at least the delay after the one before ended (but retries,
    // which wait their own backoff inside one visit, and a redirect's next hop).
    expect(site.maxConcurrent).toBe(1);
    const visits: { start: number; end: number }[] = [];
    site.requests.forEach((r, i) => {
      const before = site.requests[i - 1];
      if (before && (r.path === before.path || before.status === 301)) visits[visits.length - 1].end = r.end;
      else visits.push({ start: r.start, end: r.end });
    });
    for (let i = 1; i < visits.length; i++) expect(visits[i].start - visits[i - 1].end).toBeGreaterThanOrEqual(39);
    expect(new Set(site.requests.map((r) => r.userAgent))).toEqual(
      new Set([
        expect.stringMatching(/^gongkai\/0\.1\.0 \(government information-disclosure annual report collector\)$/),
      ]),
    );

    await withDb(async (ds) => {
      // The redirect: asked at its old address, fetched at its new one.
      const moved = await ds.getRepository(FetchRecord).findOneByOrFail({ url: `${site.url}/nianbao/old-3.html` });
      expect(moved).toMatchObject({ status: 200, finalUrl: `${site.url}/nianbao/2023/t20230122_3.html` });
      expect(JSON.parse(moved.headers!)).toMatchObject({ etag: moved.etag });
      // Every version's original is in the archive, under its SHA-256.
      const versions = await ds.getRepository(ReportVersion).find();
      expect(versions).toHaveLength(8);
      for (const v of versions) {
        const bytes = await readFile(path.join(dir, 'archive', v.archivePath!));
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(v.sha256);
        expect(v.archivePath).toBe(path.join(v.sha256.slice(0, 2), `${v.sha256}${path.extname(v.archivePath!)}`));
      }
      const skipped = await ds.getRepository(CrawlItem).findOneByOrFail({ state: 'skipped' });
      expect(skipped).toMatchObject({ url: `${site.url}/private/t20230122_3.html`, note: 'disallowed by robots.txt' });
    });
  }, 60_000);

  it('a re-crawl asks conditionally and skips every unchanged file (304); nothing is ingested twice', async () => {
    await run('crawl', site.list, '--db', db, ...archive(), ...FAST);
    site.requests.length = 0;
    out.length = 0;
    expect(await run('crawl', site.list, '--db', db, ...archive(), ...FAST)).toBe(1);
    const text = out.join('');
    expect(text).toContain('13 unchanged since the last download (304)');
    expect(text).toContain('loaded 0, replaced 0, worse 0, unchanged 8, failed 0');
    const asked = site.requests.filter((r) => r.status === 304);
    expect(asked.map((r) => r.path).sort()).toEqual(
      [
        '/nianbao/index.html',
        '/nianbao/index_1.html',
        '/nianbao/index_2.html',
        '/nianbao/2023/t20230120_1.html',
        '/nianbao/2023/t20230121_2.html',
        '/nianbao/2023/t20230122_3.html',
        '/nianbao/2023/t20230123_4.html',
        '/nianbao/2023/t20230124_5.html',
        '/files/hzq2023.pdf',
        '/nianbao/2023/t20230125_6.html',
        '/files/report6.docx',
        '/nianbao/2023/t20230127_8.html',
        '/nianbao/2019/t20190115_10.html',
      ].sort(),
    );
    expect(asked.every((r) => r.ifNoneMatch?.startsWith('"'))).toBe(true);
    await withDb(async (ds) => expect(await ds.getRepository(ReportVersion).count()).toBe(8));
  }, 60_000);
});

describe('gongkai crawl', () => {
  it('fetches nothing from a site whose robots.txt cannot be read (5xx): the site cannot say what it allows', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(503);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const list = `http://127.0.0.1:${(server.address() as AddressInfo).port}/nianbao/index.html`;
    try {
      expect(await run('crawl', list, '--db', db, ...FAST)).toBe(0);
      expect(seen).toEqual(['/robots.txt', '/robots.txt']);
      expect(out.join('')).toContain(
        `skipped ${list} (robots.txt could not be read (HTTP 503): the site is not crawled)`,
      );
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('--since leaves out reports for earlier years, by their link', async () => {
    await run('crawl', site.list, '--db', db, ...FAST, '--since', '2020', '--max-pages', '3');
    expect((await stored()).map((r) => r.year).sort()).toEqual([2022, 2022, 2022, 2022, 2022, 2022, 2023]);
    expect(requested('/nianbao/2019/t20190115_10.html')).toEqual([]);
  }, 60_000);

  it('--max-pages bounds the pages of the list followed', async () => {
    await run('crawl', site.list, '--db', db, ...FAST, '--max-pages', '1');
    expect(requested('/nianbao/index_1.html')).toEqual([]);
    expect((await stored()).map((r) => r.path).sort()).toEqual([
      '/nianbao/2023/t20230120_1.html',
      '/nianbao/2023/t20230121_2.html',
      '/nianbao/2023/t20230122_3.html',
    ]);
  }, 60_000);

  it('a crawl killed (SIGKILL) mid-way resumes where it stopped: every report once, no page visited twice', async () => {
    const [node, ...cli] = GONGKAI_CLI;
    const child = spawn(node, [...cli, 'crawl', site.list, '--db', db, ...FAST], { stdio: 'ignore' });
    const killedAt = '/files/report6.docx';
    site.onRequest = (p) => {
      if (p === killedAt) child.kill('SIGKILL');
    };
    const signal = await new Promise((resolve) => child.once('exit', (_code, s) => resolve(s)));
    expect(signal).toBe('SIGKILL');
    site.onRequest = undefined;
    const first = new Set(site.requests.map((r) => r.path));
    site.requests.length = 0;
    expect(await run('crawl', site.list, '--db', db, ...FAST)).toBe(1);
    expect(out.join('')).toMatch(/^resumed: /m);
    // Asked again: only robots.txt and the request the kill interrupted.
    expect([...new Set(site.requests.map((r) => r.path))].filter((p) => first.has(p)).sort()).toEqual(
      ['/robots.txt', killedAt].sort(),
    );
    const got = await stored();
    expect(got).toHaveLength(8);
    expect(new Set(got.map((r) => `${r.agency}/${r.year}`)).size).toBe(8);
    await withDb(async (ds) => {
      expect(await ds.getRepository(ReportVersion).count()).toBe(8);
      // One fetch per URL visited, the interrupted one included (its first try was never recorded).
      const fetches = await ds.getRepository(FetchRecord).find();
      expect(fetches.length).toBe(new Set(fetches.map((f) => f.url)).size);
    });
  }, 90_000);
});

describe('gongkai fetch', () => {
  it('downloads and ingests pages and files; a page that only links its report brings its attachment', async () => {
    const urls = ['/nianbao/2023/t20230124_5.html', '/nianbao/2023/t20230120_1.html'].map((p) => site.url + p);
    expect(await run('fetch', ...urls, '--db', db, ...FAST)).toBe(0);
    expect((await stored()).map((r) => [r.path, r.file])).toEqual([
      ['/nianbao/2023/t20230120_1.html', 't20230120_1.html'],
      ['/files/hzq2023.pdf', 'hzq2023.pdf'],
    ]);
    expect(requested('/robots.txt')).toHaveLength(1);
    // The archive is beside the SQLite file by default.
    await withDb(async (ds) => {
      for (const v of await ds.getRepository(ReportVersion).find())
        expect(
          createHash('sha256')
            .update(await readFile(path.join(dir, 'g-archive', v.archivePath!)))
            .digest('hex'),
        ).toBe(v.sha256);
    });
  }, 60_000);

  it('names a URL that gives no report, and exits 1', async () => {
    expect(await run('fetch', `${site.url}/nianbao/index.html`, '--db', db, ...FAST)).toBe(1);
    expect(out.join('')).toContain(
      `error: ${site.url}/nianbao/index.html: not a report, attaches no file (${site.url}/nianbao/index.html: not an annual report`,
    );
  });

  it('refuses what is not an http(s) URL', async () => {
    expect(await run('fetch', 'file:///etc/passwd', '--db', db)).toBe(1);
    expect(out.join('')).toMatch(/not an http\(s\) URL: file:\/\/\/etc\/passwd/);
  });
});

describe('charset', () => {
  it("a page is read in the charset its server names where the page names none; the page's own comes first", async () => {
    const random = rng(3);
    const page = renderHtml(generateReport(random, {}), random);
    const gbk = (html: string) => iconv.encode(html, 'gbk');
    const bare = gbk(page.replace('<meta charset="utf-8">', ''));
    expect((await readDocument(bare, 'p.html')).encoding).toBe('gb18030'); // chardet's guess
    expect((await readDocument(bare, 'p.html', { charset: 'big5' })).encoding).toBe('big5');
    const declared = gbk(page.replace('<meta charset="utf-8">', '<meta charset="gbk">'));
    expect((await readDocument(declared, 'p.html', { charset: 'big5' })).encoding).toBe('gb18030');
  });
});

describe('links', () => {
  const list = 'http://127.0.0.1/nianbao/index.html';
  it('tells next pages, attachments and years', () => {
    expect(isNextPage({ url: 'http://127.0.0.1/nianbao/index_3.html', text: '4' }, list)).toBe(true);
    expect(isNextPage({ url: 'http://127.0.0.1/other/list.html', text: '下一页' }, list)).toBe(true);
    expect(isNextPage({ url: 'http://127.0.0.1/other/index_1.html', text: '2' }, list)).toBe(false);
    expect(isNextPage({ url: 'http://other.example/nianbao/index_1.html', text: '下一页' }, list)).toBe(false);
    expect(isAttachment({ url: 'http://127.0.0.1/files/a.PDF', text: '下载' })).toBe(true);
    expect(isAttachment({ url: 'http://127.0.0.1/download?id=7', text: '2023年年报.docx' })).toBe(true);
    expect(isAttachment({ url: 'http://127.0.0.1/a.html', text: '年报' })).toBe(false);
    expect(yearOf({ url: 'http://127.0.0.1/a.html', text: '某镇2021年度政府信息公开工作报告' })).toBe(2021);
    expect(yearOf({ url: 'http://127.0.0.1/2019/t20190115_10.html', text: '年报' })).toBe(2019);
    expect(yearOf({ url: 'http://127.0.0.1/t20190115_10.html', text: '年报' })).toBeUndefined();
  });

  it("reads the pages a list writes with createPageHTML, and a Content-Type's charset", () => {
    expect(scriptedPages('<script>createPageHTML(3, 0, "index", "shtml");</script>', list)).toEqual([
      'http://127.0.0.1/nianbao/index.shtml',
      'http://127.0.0.1/nianbao/index_1.shtml',
      'http://127.0.0.1/nianbao/index_2.shtml',
    ]);
    expect(charsetOf('text/html; charset="GBK"')).toBe('gbk');
    expect(charsetOf('text/html')).toBeUndefined();
  });
});
