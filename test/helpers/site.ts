/**
 * A government site's annual-report column on loopback (node:http on 127.0.0.1, any free port), built with the
 * generator: three list pages linked by 下一页, HTML report pages, a GBK page whose charset only its server names,
 * wrapper pages that attach a PDF (a real one, data/published) and a Word file, a redirect, a 404, a 500 that
 * succeeds when asked again, a response too slow to wait for, and a folder robots.txt disallows. Every response has
 * an ETag and answers If-None-Match with 304. Every request is logged. Nothing links outside the site.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { renderDocx, renderHtml } from '../../src/generate/documents';
import { generateReport, rng, type SyntheticReport } from '../../src/generate/model';

export interface Logged {
  path: string;
  status: number;
  userAgent: string;
  ifNoneMatch?: string;
  start: number;
  end: number;
}

export interface ExpectedReport {
  /** The agency's full name, as stored. */
  agency: string;
  year: number;
  /** Cells the generator put in it (undefined for the real PDF). */
  cells?: number;
  /** Where the report is (its page, or its attachment; after redirects): its source_url. */
  path: string;
}

export interface Site {
  url: string;
  list: string;
  requests: Logged[];
  /** The most requests the site ever served at once. */
  maxConcurrent: number;
  reports: ExpectedReport[];
  /** Called on each request before it is answered. */
  onRequest?: (path: string) => void;
  close(): Promise<void>;
}

interface Page {
  body: Buffer;
  type: string;
}

const html = (body: string) =>
  Buffer.from(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/nianbao/index.html">政府信息公开年报</a> <a href="/hudong/">互动交流</a></div>
${body}
</body></html>`);
const list = (items: [string, string][], next?: string) =>
  html(
    `<ul class="list">${items.map(([href, text]) => `<li><a href="${href}" target="_blank">${text}</a><span>2023-01-20</span></li>`).join('\n')}</ul>
${next ? `<div class="page"><a href="${next}">下一页</a></div>` : ''}`,
  );

export async function fixtureSite(opts: { slowMs?: number } = {}): Promise<Site> {
  const random = rng(16);
  const synthetic = (agency: number, year: number) => generateReport(random, { panel: { agency, year } });
  const pageOf = (r: SyntheticReport): Page => ({ body: Buffer.from(renderHtml(r, random)), type: 'text/html' });
  const title = (r: SyntheticReport) => `${r.agency.name}${r.year}年政府信息公开工作年度报告`;

  const r0 = synthetic(1, 2022);
  const r1 = synthetic(2, 2022);
  const moved = synthetic(3, 2022);
  const gbk = synthetic(4, 2022);
  const docx = synthetic(5, 2022);
  const flaky = synthetic(6, 2022);
  const old = synthetic(7, 2018);
  const secret = synthetic(8, 2022);
  const slow = synthetic(9, 2022);
  const gbkPage = Buffer.from(iconv.encode(renderHtml(gbk, random).replace('<meta charset="utf-8">', ''), 'gbk'));

  const pages = new Map<string, Page>([
    ['/robots.txt', { body: Buffer.from('User-agent: *\nDisallow: /private/\n'), type: 'text/plain' }],
    [
      '/nianbao/index.html',
      {
        type: 'text/html',
        body: list(
          [
            ['2023/t20230120_1.html', title(r0)],
            ['/nianbao/2023/t20230121_2.html', title(r1)],
            ['/private/t20230122_3.html', title(secret)],
            ['old-3.html', title(moved)],
          ],
          'index_1.html',
        ),
      },
    ],
    [
      '/nianbao/index_1.html',
      {
        type: 'text/html',
        body: list(
          [
            ['2023/t20230123_4.html', title(gbk)],
            ['2023/t20230124_5.html', '淮安市洪泽区人民政府2023年政府信息公开工作年度报告'],
            ['2023/t20230125_6.html', title(docx)],
            ['2023/t20230126_7.html', '某某局2022年政府信息公开工作年度报告（已撤下）'],
          ],
          'index_2.html',
        ),
      },
    ],
    [
      '/nianbao/index_2.html',
      {
        type: 'text/html',
        body: list([
          ['2023/t20230127_8.html', title(flaky)],
          ['2023/t20230128_9.html', title(slow)],
          ['2019/t20190115_10.html', title(old)],
        ]),
      },
    ],
    ['/nianbao/2023/t20230120_1.html', pageOf(r0)],
    ['/nianbao/2023/t20230121_2.html', pageOf(r1)],
    ['/private/t20230122_3.html', pageOf(secret)],
    ['/nianbao/2023/t20230122_3.html', pageOf(moved)],
    ['/nianbao/2023/t20230123_4.html', { body: gbkPage, type: 'text/html; charset=GBK' }],
    [
      '/nianbao/2023/t20230124_5.html',
      {
        type: 'text/html',
        body: html(
          '<h1>淮安市洪泽区人民政府2023年政府信息公开工作年度报告</h1><p>附件：<a href="/files/hzq2023.pdf">洪泽区2023年政府信息公开工作年度报告.pdf</a></p>',
        ),
      },
    ],
    ['/files/hzq2023.pdf', { body: readFileSync('data/published/hongze-district-2023.pdf'), type: 'application/pdf' }],
    [
      '/nianbao/2023/t20230125_6.html',
      {
        type: 'text/html',
        body: html(`<h1>${title(docx)}</h1><p><a href="../../files/report6.docx">点击下载</a></p>`),
      },
    ],
    [
      '/files/report6.docx',
      {
        body: await renderDocx(docx, random),
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      },
    ],
    ['/nianbao/2023/t20230127_8.html', pageOf(flaky)],
    ['/nianbao/2023/t20230128_9.html', pageOf(slow)],
    ['/nianbao/2019/t20190115_10.html', pageOf(old)],
  ]);
  const redirects = new Map([['/nianbao/old-3.html', '/nianbao/2023/t20230122_3.html']]);
  const failOnce = new Set(['/nianbao/2023/t20230127_8.html']);
  const slowPaths = new Set(['/nianbao/2023/t20230128_9.html']);

  const requests: Logged[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let active = 0;
  const site: Site = {
    url: '',
    list: '',
    requests,
    maxConcurrent: 0,
    reports: [
      ...[
        [r0, '/nianbao/2023/t20230120_1.html'],
        [r1, '/nianbao/2023/t20230121_2.html'],
        [moved, '/nianbao/2023/t20230122_3.html'],
        [gbk, '/nianbao/2023/t20230123_4.html'],
        [docx, '/files/report6.docx'],
        [flaky, '/nianbao/2023/t20230127_8.html'],
        [old, '/nianbao/2019/t20190115_10.html'],
      ].map(([r, path]) => {
        const s = r as SyntheticReport;
        return { agency: s.agency.fullName, year: s.year, cells: s.cells.length, path: path as string };
      }),
      { agency: '洪泽区人民政府', year: 2023, path: '/files/hzq2023.pdf' },
    ],
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };

  const served = new Map<string, number>();
  const server = http.createServer((req: IncomingMessage, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    const entry: Logged = {
      path,
      status: 0,
      userAgent: req.headers['user-agent'] ?? '',
      ifNoneMatch: req.headers['if-none-match'],
      start: Date.now(),
      end: 0,
    };
    requests.push(entry);
    site.maxConcurrent = Math.max(site.maxConcurrent, ++active);
    site.onRequest?.(path);
    // A request ends when it is answered or when the client gives up on it (closes the connection).
    const ended = () => {
      if (entry.end > 0) return false;
      entry.end = Date.now();
      active--;
      return true;
    };
    res.once('close', ended);
    const answer = (status: number, headers: Record<string, string> = {}, body?: Buffer) => {
      if (!ended()) return;
      entry.status = status;
      res.writeHead(status, headers);
      res.end(body);
    };
    const times = (served.get(path) ?? 0) + 1;
    served.set(path, times);
    const redirect = redirects.get(path);
    if (redirect) return answer(301, { location: redirect });
    if (failOnce.has(path) && times === 1) return answer(500, { 'content-type': 'text/plain' }, Buffer.from('busy'));
    const page = pages.get(path);
    if (!page) return answer(404, { 'content-type': 'text/html' }, html('<p>您访问的页面不存在</p>'));
    const etag = `"${createHash('sha1').update(page.body).digest('hex')}"`;
    const headers = { 'content-type': page.type, etag, 'last-modified': 'Mon, 20 Jan 2023 08:00:00 GMT' };
    if (slowPaths.has(path)) {
      const t = setTimeout(() => answer(200, headers, page.body), opts.slowMs ?? 5000);
      timers.add(t);
      return;
    }
    if (req.headers['if-none-match'] === etag) return answer(304, { etag });
    answer(200, headers, page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site.list = `${site.url}/nianbao/index.html`;
  return site;
}
