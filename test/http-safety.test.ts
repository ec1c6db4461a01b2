/**
 * Safe defaults of the HTTP service, as `gongkai serve` runs it (NODE_ENV unset): no stack traces, paths or SQL in
 * any response, every error JSON; mistyped variables and oversized lists are the caller's mistake (400), not the
 * server's (500); paths named like Object.prototype members name nothing; a NUL in a filter string is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Running } from '../src/server/app';
import { apiOver, type Api } from './helpers/api';
import { onEachDatabase } from './helpers/each-database';
import { LEAK } from './helpers/leaks';

/stacktrace|\bat [\w.<>]+ \(|\.ts:\d+|\.js:\d+|node_modules|\/work\/|\/tmp\/|SELECT |FROM |WHERE |Sqlite|QueryFailed/i;

/** Runs with NODE_ENV as `gongkai serve` has it: unset (Apollo and Express read it when constructed). */
async function withoutNodeEnv<T>(f: () => Promise<T>): Promise<T> {
  const env = process.env.NODE_ENV;
  delete process.env.NODE_ENV;
  try {
    return await f();
  } finally {
    process.env.NODE_ENV = env;
  }
}

onEachDatabase((target) => {
  let api: Api;
  let server: Running;
  let debug: Running;
  let base: string;
  beforeAll(async () => {
    api = await apiOver(['data/reports'], target);
    server = await withoutNodeEnv(() => serve(api.ds, 0, '127.0.0.1'));
    debug = await withoutNodeEnv(() => serve(api.ds, 0, '127.0.0.1', { debug: true }));
    base = server.url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await server.close();
    await debug.close();
    await api.close();
  });

  const post = (body: string, contentType = 'application/json', url = `${base}/graphql`) =>
    fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  const graphql = (query: string, variables?: object, url?: string) =>
    post(JSON.stringify({ query, variables }), undefined, url);

  /** A response that must be JSON, with this status, and leak nothing. */
  async function safe(res: Response, status: number): Promise<any> {
    const text = await res.text();
    expect(res.status, text).toBe(status);
    expect(res.headers.get('content-type'), text).toMatch(/^application\/(graphql-response\+)?json/);
    expect(text).not.toMatch(LEAK);
    return JSON.parse(text);
  }

  describe('errors carry no stack trace, path or SQL, and are JSON (item 10)', () => {
    it('GraphQL errors: a bad argument, an unknown field', async () => {
      const bad = await safe(await graphql('{ reports(first: 100000) { nodes { id } } }'), 200);
      expect(bad.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
      const unknown = await safe(await graphql('{ reports { nodes { colour } } }'), 400);
      expect(unknown.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('malformed bodies: invalid JSON, too large, an unsupported charset, not JSON at all', async () => {
      const invalid = await safe(await post('{"query": "{ metrics { key } }"'), 400);
      expect(invalid.errors[0].extensions.code).toBe('BAD_REQUEST');
      const large = await safe(await post(JSON.stringify({ query: `{ metrics { key } }${' '.repeat(200_000)}` })), 413);
      expect(large.errors[0].message).toMatch(/too large/);
      await safe(await post('{}', 'application/json; charset=klingon'), 415);
      await safe(await post('query=1', 'text/plain'), 400);
    });

    it('an error inside the server (the database lost a table): logged, answered without its message', async () => {
      await api.ds.query('ALTER TABLE finding RENAME TO finding_gone');
      try {
        const body = await safe(await graphql('{ report(id: 1) { findings { code } } }'), 200);
        expect(body.errors[0]).toMatchObject({
          message: 'internal error; the server has logged it',
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        });
        const exported = await safe(await fetch(`${base}/export/data-quality.json`), 500);
        expect(exported).toEqual({ error: 'internal error; the server has logged it' });
        // --debug shows developers what happened.
        const shown: any = await (
          await graphql('{ report(id: 1) { findings { code } } }', undefined, debug.url)
        ).json();
        expect(JSON.stringify(shown.errors[0])).toMatch(/finding/);
        expect(shown.errors[0].extensions.stacktrace).toBeDefined();
      } finally {
        await api.ds.query('ALTER TABLE finding_gone RENAME TO finding');
      }
    });

    it('unknown paths: 404 as JSON', async () => {
      expect(await safe(await fetch(`${base}/nothing/here`), 404)).toEqual({
        error: 'nothing at GET /nothing/here; the API is at /graphql',
      });
    });
  });

  describe('the caller’s mistakes are 400, not 500 (item 11)', () => {
    it('a variable of the wrong type', async () => {
      const body = await safe(
        await graphql('query ($f: Int) { reports(first: $f) { nodes { id } } }', { f: 'abc' }),
        400,
      );
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors[0].message).toMatch(/\$f/);
    });

    it('lists longer than the cap, in variables and in export parameters', async () => {
      // 40,000 entries (past SQLite's 32,766 variables) in a body under the 100 kB limit.
      const ids = Array(40_000).fill(1);
      const body = await safe(
        await graphql('query ($ids: [Int!]) { reports(filter: { agencyIds: $ids }) { nodes { id } } }', { ids }),
        200,
      );
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors[0].message).toMatch(/agencyIds: at most 1000/);
      const rows = Array(5000).fill('granted');
      const many = await safe(
        await graphql('query ($rows: [ApplicationRowKey!]) { dispositionBreakdown(rows: $rows) { count } }', { rows }),
        200,
      );
      expect(many.errors[0].message).toMatch(/rows: at most/);
      const exported = await safe(await fetch(`${base}/export/facts.csv?years=${'2020,'.repeat(1500)}2020`), 400);
      expect(exported.error).toMatch(/years: at most 1000/);
    });
  });

  it('paths named like Object.prototype members name nothing: 404 (item 12)', async () => {
    for (const p of ['/graphiql/constructor', '/graphiql/__proto__', '/graphiql/hasOwnProperty'])
      await safe(await fetch(`${base}${p}`), 404);
    for (const p of ['/export/__proto__.json', '/export/constructor.csv', '/export/toString.json'])
      await safe(await fetch(`${base}${p}`), 404);
  });

  it('a NUL character in a filter string is refused, not matched against every report (item 14)', async () => {
    for (const filter of ['{ nameContains: "\\u0000" }', '{ county: "丰城市\\u0000" }']) {
      const body = await safe(await graphql(`{ reports(filter: ${filter}) { totalCount } }`), 200);
      expect(body.errors[0].extensions.code, filter).toBe('BAD_USER_INPUT');
      expect(body.errors[0].message).toMatch(/control character/);
    }
    const exported = await safe(await fetch(`${base}/export/facts.json?nameContains=%00`), 400);
    expect(exported.error).toMatch(/nameContains: .*control character/);
  });
});
