/**
 * The HTTP service on an ephemeral port: GraphQL over POST and GET, the exports, the offline query editor, the
 * dashboard's page and assets, the original files of reports.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPaths } from '../src/ingest/load';
import { serve, type Running } from '../src/server/app';
import { apiOver, type Api } from './helpers/api';
import { onEachDatabase } from './helpers/each-database';

onEachDatabase((target) => {
  let api: Api;
  let server: Running;
  let base: string;
  beforeAll(async () => {
    api = await apiOver(['data/reports'], target);
    server = await serve(api.ds, 0, '127.0.0.1');
    base = server.url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await server.close();
    await api.close();
  });

  /** The lines of a CSV response, after checking its byte-order mark (which fetch's text() would silently drop). */
  async function csvLines(res: Response): Promise<string[]> {
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.slice(3)).trim().split('\n');
  }

  const PROCUREMENT = '{ procurementTotals(filter: { agencyIds: [3] }) { projects amount_wan } }';

  describe('GraphQL over HTTP', () => {
    it('answers POST', async () => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: PROCUREMENT }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { procurementTotals: [{ projects: 10, amount_wan: 606.05 }] } });
    });

    it('runs none of the Apollo plugins that wrap every field, and still answers never cacheable', async () => {
      // Apollo installs a plugin by default unless one with the same internal id is given (its disabled form).
      const plugins = (api.server as unknown as { internals: { plugins: Record<string, unknown>[] } }).internals
        .plugins;
      const byId = new Map(plugins.map((p) => [p.__internal_plugin_id__, p]));
      for (const id of ['CacheControl', 'InlineTrace', 'UsageReporting', 'SchemaReporting'])
        expect(byId.get(id)?.__is_disabled_plugin__, id).toBe(true);
      const res = await fetch(`${base}/graphql?query=${encodeURIComponent(PROCUREMENT)}`);
      expect(res.headers.get('cache-control')).toBe('no-store');
    });

    it('answers a bare GET, as BI tools send it', async () => {
      const res = await fetch(`${base}/graphql?query=${encodeURIComponent(PROCUREMENT)}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { procurementTotals: [{ projects: 10, amount_wan: 606.05 }] } });
    });

    it('answers bad input with 400-free GraphQL errors coded BAD_USER_INPUT', async () => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ reports(first: 100000) { nodes { id } } }' }),
      });
      const body: any = await res.json();
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors[0].extensions.stacktrace).toBeUndefined();
    });

    it('answers a query over the token limit with 400, not 500', async () => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ metrics { ${'key '.repeat(5000)} } }` }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    });

    it('refuses a body over the size limit', async () => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ metrics { key } }${' '.repeat(200_000)}` }),
      });
      expect(res.status).toBe(413);
    });
  });

  describe('the query editor', () => {
    it('is served at GET /graphql to a browser, with nothing loaded from another host', async () => {
      const res = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('GraphiQL');
      expect(html).toContain('query NotHeldMostOften');
      expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
      expect(html).not.toMatch(/https?:\/\//);
      for (const asset of html.match(/\/graphiql\/[\w.-]+/g)!) {
        const a = await fetch(`${base}${asset}`);
        expect(a.status, asset).toBe(200);
        expect((await a.arrayBuffer()).byteLength, asset).toBeGreaterThan(1000);
      }
    });
  });

  describe('exports', () => {
    it('serves the flat cells as CSV, blank cells empty and zeros as 0', async () => {
      const res = await fetch(`${base}/export/facts.csv?agencyIds=5&table=review_litigation`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = await csvLines(res);
      expect(lines[0]).toBe(
        'agencyId,agencyName,agencyFullName,divisionCode,provinceCode,provinceName,cityCode,cityName,countyCode,countyName,townshipCode,townshipName,level,reportId,year,format,table,row,rowLabel,column,columnLabel,value,raw,sourceFile,line,page,gridTable,gridRow,gridColumn',
      );
      expect(lines).toHaveLength(1 + 15);
      expect(lines[1]).toBe(
        '5,湛河区政府办公室,湛河区政府办公室,410411,41,河南省,4104,平顶山市,410411,湛河区,,,department,5,2020,2019,review_litigation,review,行政复议,upheld,结果维持,,,004_c95910d04a7fd181.txt,74,,,,',
      );
      expect(lines[6]).toBe(
        '5,湛河区政府办公室,湛河区政府办公室,410411,41,河南省,4104,平顶山市,410411,湛河区,,,department,5,2020,2019,review_litigation,litigation_direct,行政诉讼·未经复议直接起诉,upheld,结果维持,0,0,004_c95910d04a7fd181.txt,74,,,,',
      );
    });

    it('serves every aggregation as JSON and CSV, with the same filters as the API', async () => {
      const json = await (await fetch(`${base}/export/procurement.json?years=2020&province=河南&groupBy=CITY`)).json();
      const city = (cityCode: string, cityName: string) => ({ cityCode, cityName });
      expect(json).toEqual(
        [
          {
            ...city('4104', '平顶山市'),
            projects: 6,
            amount_wan: 6.933,
            amount_wan_stated: 6.933,
            amount_wan_assumed: null,
          },
          // 赵堡镇 prints 政府集中采购 0 0 under a header in 万元 (seed 001, line 28).
          { ...city('4108', '焦作市'), projects: 0, amount_wan: 0, amount_wan_stated: 0, amount_wan_assumed: null },
        ].map((b) => ({
          ...b,
          reports: 1,
          reportsUsed: 1,
          reportsUnitAssumed: 0,
          reportsBlank: 0,
          reportsExcluded: 0,
          reportsMissing: 0,
          reportsNotPrinted: 0,
          reportsViolating: 0,
        })),
      );
      const csv = await csvLines(
        await fetch(`${base}/export/dispositions.csv?agencyIds=5&detail=ROW&rows=unable_not_held,granted`),
      );
      expect(csv).toEqual([
        'reports,reportsUsed,reportsBlank,reportsMissing,reportsNotPrinted,reportsExcluded,reportsViolating,category,row,count,handled,share',
        '1,1,0,0,0,0,0,granted,granted,0,7,0',
        '1,1,0,0,0,0,0,unable,unable_not_held,7,7,1',
      ]);
      const compare = await (
        await fetch(`${base}/export/compare.json?agencyIds=1&years=2020&metrics=received_new`)
      ).json();
      expect(compare).toEqual([
        {
          agencyId: 1,
          agencyName: '湖塘乡',
          year: 2020,
          reportId: 1,
          format: '2019',
          metric: 'received_new',
          value: 1,
          numerator: 1,
          denominator: null,
          status: 'ok',
          previousValue: null,
          change: null,
        },
      ]);
      // The tree of divisions: a row per division and year.
      expect(await csvLines(await fetch(`${base}/export/divisions.csv?division=41&depth=CITY`))).toEqual([
        'code,name,level,parentCode,year,reports,agencies',
        '41,河南省,province,,2020,2,2',
        '4104,平顶山市,prefecture,41,2020,1,1',
        '4108,焦作市,prefecture,41,2020,1,1',
      ]);
      for (const name of ['review-litigation', 'data-quality']) {
        const res = await fetch(`${base}/export/${name}.csv?groupBy=YEAR`);
        expect(res.status, name).toBe(200);
        expect((await csvLines(res))[0], name).toMatch(/^year,/);
      }
    });

    it('gzips when asked, and answers 304 to a client holding the same data; an ingest changes the version', async () => {
      const url = `${base}/export/dispositions.csv?groupBy=year`; // enum values in any case
      const first = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
      expect(first.status).toBe(200);
      expect(first.headers.get('content-encoding')).toBe('gzip');
      expect((await csvLines(first))[1]).toMatch(/^2020,/);
      const etag = first.headers.get('etag')!;
      const modified = first.headers.get('last-modified')!;
      expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
      expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
      expect((await fetch(url, { headers: { 'if-modified-since': modified } })).status).toBe(304);
      // Another URL is another file.
      const other = await fetch(`${base}/export/dispositions.csv?groupBy=YEAR&detail=ROW`, {
        headers: { 'if-none-match': etag },
      });
      expect(other.status).toBe(200);
      await other.arrayBuffer();
      // An ingest moves the version: the old tag no longer matches.
      await loadPaths(api.ds, ['data/published/shuyang-fgj-2023.html']);
      const after = await fetch(url, { headers: { 'if-none-match': etag } });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(etag);
      await after.arrayBuffer();
    });

    it('says what is wrong with a request (400) or an unknown dataset (404)', async () => {
      const inverted = await fetch(`${base}/export/facts.csv?yearFrom=2023&yearTo=2020`);
      expect(inverted.status).toBe(400);
      expect(((await inverted.json()) as any).error).toMatch(/yearFrom \(2023\) is after yearTo \(2020\)/);
      const unknown = await fetch(`${base}/export/facts.csv?colour=red`);
      expect(unknown.status).toBe(400);
      expect(((await unknown.json()) as any).error).toMatch(/unknown parameter colour/);
      expect((await fetch(`${base}/export/nothing.csv`)).status).toBe(404);
      const catalogue = (await (await fetch(`${base}/export/`)).json()) as object;
      expect(Object.keys(catalogue)).toEqual([
        'facts',
        'reports',
        'findings',
        'dispositions',
        'procurement',
        'review-litigation',
        'data-quality',
        'divisions',
        'metrics',
        'scorecards',
        'scorecard-summary',
        'metric-summary',
        'compare',
      ]);
      const badDivision = await fetch(`${base}/export/facts.csv?division=99`);
      expect(badDivision.status).toBe(400);
      expect(((await badDivision.json()) as any).error).toMatch(/division: "99" is no division code of the gazetteer/);
    });
  });

  describe('original files', () => {
    const SEED = 'data/reports/004_c95910d04a7fd181.txt';

    it('serves the file a report was read from, by report id, as a sandboxed download', async () => {
      const res = await fetch(`${base}/reports/5/original`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename=004_c95910d04a7fd181.txt');
      expect(res.headers.get('content-security-policy')).toBe('sandbox');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(SEED))).toBe(true);
    });

    it('answers 404, naming no path, for an unknown report or anything that is not a report id', async () => {
      for (const url of [
        '/reports/999/original',
        '/reports/abc/original',
        '/reports/5/../../etc/passwd',
        '/reports/-1/original',
      ]) {
        const res = await fetch(`${base}${url}`);
        expect(res.status, url).toBe(404);
      }
      const body = (await (await fetch(`${base}/reports/999/original`)).json()) as { error: string };
      expect(body).toEqual({ error: 'report 999: no such report' });
    });

    it('answers 404 once the file has changed or is gone, and serves it again from where it is ingested next', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-originals-'));
      const moved = await mkdtemp(path.join(os.tmpdir(), 'gongkai-originals-'));
      try {
        const file = path.join(dir, path.basename(SEED));
        await copyFile(SEED, file);
        expect((await loadPaths(api.ds, [file])).unchanged).toBe(1); // the same bytes as data/reports' copy
        expect((await fetch(`${base}/reports/5/original`)).status).toBe(200);
        await writeFile(file, `${await readFile(file, 'utf8')}\n`);
        const changed = await fetch(`${base}/reports/5/original`);
        expect(changed.status).toBe(404);
        const said = ((await changed.json()) as { error: string }).error;
        expect(said).toBe('report 5: its original file has changed since it was ingested');
        await rm(file);
        const gone = await fetch(`${base}/reports/5/original`);
        expect(gone.status).toBe(404);
        expect(((await gone.json()) as { error: string }).error).toBe(
          'report 5: its original file is no longer where it was ingested from',
        );
        await copyFile(SEED, path.join(moved, path.basename(SEED)));
        expect((await loadPaths(api.ds, [moved])).unchanged).toBe(1);
        expect((await fetch(`${base}/reports/5/original`)).status).toBe(200);
      } finally {
        await loadPaths(api.ds, [SEED]); // back where the other tests expect it
        await rm(dir, { recursive: true, force: true });
        await rm(moved, { recursive: true, force: true });
      }
    });
  });
});

describe('the dashboard at /', () => {
  let api: Api;
  let dist: string;
  const servers: Running[] = [];
  beforeAll(async () => {
    api = await apiOver([]);
    dist = await mkdtemp(path.join(os.tmpdir(), 'gongkai-dist-'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><script src="/dashboard/app-TEST.js"></script>');
    await writeFile(path.join(dist, 'app-TEST.js'), `console.log(${JSON.stringify('公开'.repeat(1000))});`);
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await api.close();
    await rm(dist, { recursive: true, force: true });
  });
  const serving = async (dashboard: string) => {
    const s = await serve(api.ds, 0, '127.0.0.1', { dashboard });
    servers.push(s);
    return s.url.replace(/\/graphql$/, '');
  };

  it('serves the built page, revalidated, allowed to load and ask nothing but this server', async () => {
    const base = await serving(dist);
    const res = await fetch(`${base}/?view=handling&years=2020`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toMatch(
      /default-src 'self'; script-src 'self'; .*connect-src 'self'/,
    );
    expect(await res.text()).toContain('/dashboard/app-TEST.js');
    const again = await fetch(`${base}/`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('serves its assets gzipped and cached for good, and nothing else', async () => {
    const base = await serving(dist);
    const res = await fetch(`${base}/dashboard/app-TEST.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // fetch undoes the gzip itself; the header and the length say it was sent compressed.
    const script = await readFile(path.join(dist, 'app-TEST.js'));
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(Number(res.headers.get('content-length'))).toBeLessThan(script.length / 10);
    expect(Buffer.from(await res.arrayBuffer()).equals(script)).toBe(true);
    const raw = await fetch(`${base}/dashboard/app-TEST.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(raw.headers.get('content-encoding')).toBeNull();
    expect(Number(raw.headers.get('content-length'))).toBe(script.length);
    for (const url of [
      '/dashboard/app-OTHER.js',
      '/dashboard/index.html',
      '/dashboard/..%2Fpackage.json',
      '/dashboard/',
    ])
      expect((await fetch(`${base}${url}`)).status, url).toBe(404);
  });

  it('says how to build it when it is not built, and keeps the API and the editor where they were', async () => {
    const base = await serving(path.join(dist, 'nothing-here'));
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
    expect((await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } })).status).toBe(200);
    expect((await fetch(`${base}/export/`)).status).toBe(200);
  });
});
