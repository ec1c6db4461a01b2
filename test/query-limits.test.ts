/**
 * What one request may cost (issue 13, item 5): bucket lists are estimated from the data, not guessed; narrative texts
 * cost by their size; a response has a byte bound; statements have a time bound; a GraphQL answer has a bound on its
 * buckets, and bucket exports stream in chunks instead. Limits are lowered where the reproduction would otherwise need thousands of reports.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../src/generate/corpus';
import { isStatementTimeout } from '../src/model/statement-timeout';
import { openDatabase, openSqliteReader } from '../src/model/data-source';
import { isPostgres } from '../src/model/bulk';
import { createApi, LIMITS } from '../src/server/apollo';
import { serve, type Running } from '../src/server/app';
import { BUCKET_LIMITS, chunked, DataChanged } from '../src/query/chunks';
import { statementCounter } from '../src/model/statements';
import { CURSOR_LIMITS, cursorsOpen } from '../src/model/cursor';
import { dataShape } from '../src/query/shape';
import { dataVersion } from '../src/query/version';
import { gongkaiSchema } from '../src/server/schema';
import { apiOver, type Api } from './helpers/api';
import { onEachDatabase } from './helpers/each-database';

const DEFAULTS = { ...LIMITS };
const DEFAULT_CHUNK = BUCKET_LIMITS.chunk;
const DEFAULT_BUCKETS = BUCKET_LIMITS.rows;
const DEFAULT_CURSORS = CURSOR_LIMITS.open;
afterEach(() => {
  Object.assign(LIMITS, DEFAULTS);
  CURSOR_LIMITS.open = DEFAULT_CURSORS;
  BUCKET_LIMITS.chunk = DEFAULT_CHUNK;
  BUCKET_LIMITS.rows = DEFAULT_BUCKETS;
});

/** A 3 MB overview: one long paragraph in seed 004's first section. */
const LONG = 3 * 1024 * 1024;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-limits-'));
  await writeCorpus(path.join(dir, 'corpus'), { reports: 60, seed: 8 });
  const seed = await readFile('data/reports/004_c95910d04a7fd181.txt', 'utf8');
  const paragraph = '公开'.repeat(LONG / 6);
  await writeFile(path.join(dir, 'long-overview.txt'), seed.replace('一、总体情况\n', `一、总体情况\n${paragraph}\n`));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

onEachDatabase((target) => {
  let api: Api;
  let longId: number;
  beforeAll(async () => {
    api = await apiOver([path.join(dir, 'corpus'), path.join(dir, 'long-overview.txt')], target);
    const [r] = await api.ds.query("SELECT id FROM report WHERE source_file = 'long-overview.txt'");
    longId = Number(r.id);
  });
  afterAll(() => api.close());

  /** The cost the server estimates for a query: what it names when refusing it under a limit of 1. */
  async function estimate(query: string): Promise<number> {
    LIMITS.cost = 1;
    try {
      const r = await api.run(query);
      expect(r.errors?.[0].extensions.code).toBe('QUERY_TOO_EXPENSIVE');
      return r.errors![0].extensions.cost;
    } finally {
      LIMITS.cost = DEFAULTS.cost;
    }
  }

  describe('bucket lists cost what the data makes them', () => {
    const QUERIES: [query: string, field: string, fields: number][] = [
      [
        '{ dispositionBreakdown(groupBy: [AGENCY, YEAR, APPLICANT], detail: ROW) { agencyName year applicant row count handled share reports } }',
        'dispositionBreakdown',
        8,
      ],
      ['{ dispositionBreakdown(groupBy: [AGENCY]) { agencyName category count } }', 'dispositionBreakdown', 3],
      ['{ reviewLitigation(groupBy: [YEAR, LEVEL]) { year level kind total } }', 'reviewLitigation', 4],
      ['{ dataQuality(groupBy: [AGENCY]) { agencyName rule reportsChecked } }', 'dataQuality', 3],
      [
        '{ procurementTotals(groupBy: [PROVINCE, COUNTY]) { provinceName countyName projects } }',
        'procurementTotals',
        3,
      ],
    ];

    it.each(QUERIES)('the estimate is never below what the answer holds: %s', async (query, field, fields) => {
      const cost = await estimate(query);
      const answer = (await api.data(query))[field] as unknown[];
      expect(answer.length).toBeGreaterThan(0);
      expect(cost).toBeGreaterThanOrEqual(1 + answer.length * fields);
    });

    it('thirty aliases of the largest breakdown are refused, not computed', async () => {
      const one = 'dispositionBreakdown(groupBy: [AGENCY, YEAR, APPLICANT], detail: ROW) { count handled share }';
      const r = await api.run(`{ ${Array.from({ length: 30 }, (_, i) => `a${i}: ${one}`).join(' ')} }`);
      expect(r.errors?.[0].extensions.code).toBe('QUERY_TOO_EXPENSIVE');
    });
  });

  describe('narrative texts cost by their size', () => {
    it('the data’s shape names the longest section stored, in bytes, as the database measures it', async () => {
      const [r] = await api.ds.query(
        'SELECT MAX(octet_length(overview)) AS overview, MAX(octet_length(problems)) AS problems, MAX(octet_length(other)) AS other FROM report',
      );
      const shape = await dataShape(api.ds);
      // The 3 MB overview, with the seed's own first paragraph: 2 × LONG / 6 characters of 3 bytes each, and more.
      expect(shape.longestSection).toBe(Math.max(Number(r.overview), Number(r.problems), Number(r.other)));
      expect(shape.longestSection).toBeGreaterThan(LONG);
      expect(shape.reports).toBe(61);
    });

    it('thirty aliases of a 3 MB overview are refused; one is answered', async () => {
      const one = `report(id: ${longId}) { sections { overview } }`;
      const r = await api.run(`{ ${Array.from({ length: 30 }, (_, i) => `a${i}: ${one}`).join(' ')} }`);
      expect(r.errors?.[0].extensions.code).toBe('QUERY_TOO_EXPENSIVE');
      const single = await api.data(`{ ${one} }`);
      expect(single.report.sections.overview.length).toBeGreaterThan(LONG / 3);
    });
  });

  describe('a query has a bound on its selections, fragments expanded', () => {
    it('past it, QUERY_TOO_EXPENSIVE (400) naming the bound, not an internal error', async () => {
      // A fragment spread under aliases: 10 fields × 30 spreads, against a bound of 200 (10,000 by default: the
      // largest query the other limits let through expands to ~15,000).
      const query = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: agency(id: 1) { ...F }`).join(' ')} }
        fragment F on Agency { id name fullName level divisionCode aliases { name } organ { kind name } }`;
      const saved = LIMITS.nodes;
      LIMITS.nodes = 200;
      try {
        const r = await api.run(query);
        expect(r.data).toBeUndefined();
        expect(r.errors?.[0]).toMatchObject({
          message: expect.stringMatching(/^query too large: more than 200 selections once its fragments are expanded/),
          extensions: { code: 'QUERY_TOO_EXPENSIVE', limit: 200 },
        });
      } finally {
        LIMITS.nodes = saved;
      }
      expect((await api.data(query)).a29).toEqual((await api.data(query)).a0);
    });
  });

  describe('a response has a byte bound', () => {
    it('past it, an error saying so instead of the data', async () => {
      const server = await serve(api.ds, 0, '127.0.0.1');
      try {
        LIMITS.responseBytes = 1024 * 1024;
        const res = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: `{ report(id: ${longId}) { sections { overview } } }` }),
        });
        const body = (await res.json()) as { data?: unknown; errors?: { message: string; extensions: unknown }[] };
        expect(body.data).toBeUndefined();
        expect(body.errors?.[0]).toMatchObject({
          message: expect.stringMatching(/^the response is larger than 1 MB \(\d+ MB\)/),
          extensions: { code: 'RESPONSE_TOO_LARGE' },
        });
      } finally {
        await server.close();
      }
    });
  });

  describe('statements have a time bound', () => {
    it.runIf(target.name === 'postgres')('PostgreSQL: the server’s connections carry statement_timeout', async () => {
      const pg = await openDatabase(pgUrl(api), { migrate: false, statementTimeoutMs: 100 });
      try {
        expect(isStatementTimeout(await pg.query('SELECT pg_sleep(2)').catch((e: unknown) => e))).toBe(true);
      } finally {
        await pg.destroy();
      }
    });

    it.runIf(target.name === 'postgres')('PostgreSQL: no statement waits for JIT compiling (jit is off)', async () => {
      const [{ jit }] = await api.ds.query('SHOW jit');
      expect(jit).toBe('off');
      // A statement PostgreSQL would otherwise compile (its cost estimate far past jit_above_cost) runs uncompiled.
      const plan = (await api.ds.query(
        'EXPLAIN (ANALYZE, FORMAT JSON) SELECT SUM(value * 2 + 1) FROM cell CROSS JOIN generate_series(1, 3000) g',
      )) as { 'QUERY PLAN': { JIT?: unknown; Plan: { 'Total Cost': number } }[] }[];
      const [root] = plan[0]['QUERY PLAN'];
      expect(root.Plan['Total Cost']).toBeGreaterThan(100_000);
      expect(root.JIT).toBeUndefined();
    });

    it.runIf(target.name === 'sqlite')('SQLite: a long scan is interrupted, and the caller told', async () => {
      const timed = await openDatabase(api.ds.options.database as string, { migrate: false, statementTimeoutMs: 0 });
      const { apollo, context } = createApi(await gongkaiSchema(), timed);
      await apollo.start();
      try {
        // A scan of thousands of cells, each joined to its report, looks at its deadline (already past) every 1,024.
        const res = await apollo.executeOperation(
          { query: '{ facts(filter: { hasFindings: true }, first: 5000) { nodes { value } } }' },
          { contextValue: await context() },
        );
        const body = res.body.kind === 'single' ? res.body.singleResult : undefined;
        expect(body?.errors?.[0]).toMatchObject({
          message: expect.stringMatching(/^the query took longer than 20 s and was stopped/),
          extensions: { code: 'QUERY_TIMEOUT' },
        });
      } finally {
        await apollo.stop();
        await timed.destroy();
      }
    });
  });

  describe('large bucket answers', () => {
    let server: Running;
    beforeAll(async () => {
      server = await serve(api.ds, 0, '127.0.0.1');
    });
    afterAll(() => server.close());

    const BY_AGENCY = '{ dispositionBreakdown(groupBy: [AGENCY, YEAR], detail: ROW) { agencyId year row count } }';

    type Recorded = { sql: string; parameters: unknown[] }[];
    /**
     * The statements of the aggregation (it reads the row summary) while `ask` runs, once each way of reading the
     * chunks: read on from one statement (a cursor, model/cursor.ts), and with no cursor to be had (LIMIT/OFFSET).
     */
    async function statementsOf(ask: () => Promise<void>) {
      const counter = statementCounter(api.ds);
      const run = async () => {
        counter.recording = [];
        await ask();
        const statements = counter.recording.filter((s) => s.sql.includes('summary_disposition_row'));
        counter.recording = undefined;
        return { statements };
      };
      const cursor = await run();
      expect(cursorsOpen(api.ds), 'closed after the answer').toBe(0);
      CURSOR_LIMITS.open = 0;
      try {
        return { cursor, offsets: await run() };
      } finally {
        CURSOR_LIMITS.open = DEFAULT_CURSORS;
      }
    }

    /**
     * Read on, the statement runs once for the whole answer; by LIMIT/OFFSET once per chunk, each the chunk only (the
     * statements of the chunks, returned).
     */
    function expectChunks(both: Awaited<ReturnType<typeof statementsOf>>, buckets: number) {
      const ofChunks = (r: { statements: Recorded }) => r.statements.filter((s) => / OFFSET \d+(\)|$)/.test(s.sql));
      expect(ofChunks(both.cursor)).toHaveLength(0);
      expect(both.cursor.statements.filter((s) => !/ LIMIT \d+(\)|$)/.test(s.sql))).toHaveLength(1);
      expect(ofChunks(both.offsets)).toHaveLength(Math.floor(buckets / 37) + 1);
      for (const s of ofChunks(both.offsets)) expect(s.sql).toMatch(/ LIMIT 37 OFFSET \d+(\)|$)/);
      return ofChunks(both.offsets);
    }

    it('over GraphQL: past the bound, an error pointing to the export, after reading one row past it', async () => {
      const all = (await api.data(BY_AGENCY)).dispositionBreakdown as unknown[];
      expect(all.length).toBeGreaterThan(100);
      BUCKET_LIMITS.rows = 100;
      const counter = statementCounter(api.ds);
      counter.recording = [];
      const e = await api.run(BY_AGENCY);
      const statements = counter.recording;
      counter.recording = undefined;
      expect(e.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(e.errors?.[0].message).toMatch(
        /^this answer has more than 100 buckets: .* download it whole from the export \(\/export\/<dataset>\.csv/,
      );
      expect(statements.map((s) => / LIMIT 101(\)|$)/.test(s.sql))).toContain(true);
      // A top N within the bound still answers.
      const top = await api.data(
        '{ dispositionBreakdown(groupBy: [AGENCY], orderBy: COUNT_DESC, first: 100) { agencyId count } }',
      );
      expect(top.dispositionBreakdown).toHaveLength(100);
    });

    it('over HTTP, asked alone: streamed chunk after chunk, the same bytes as the whole answer', async () => {
      const post = (body: object) =>
        fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const whole = await (await post({ query: BY_AGENCY })).text();
      const n = (JSON.parse(whole).data.dispositionBreakdown as unknown[]).length;
      expect(n).toBeGreaterThan(100);
      BUCKET_LIMITS.rows = 100;
      BUCKET_LIMITS.chunk = 37;
      const streamed = await statementsOf(async () => {
        const res = await post({ query: BY_AGENCY });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(res.headers.get('transfer-encoding')).toBe('chunked');
        expect(await res.text()).toBe(whole);
      });
      expectChunks(streamed, n);
      // An alias, variables and an operation name among several; and by GET.
      const named = {
        query: `query Other { metrics { key } } query Rows($d: DispositionDetail) { rows: dispositionBreakdown(groupBy: [AGENCY, YEAR], detail: $d) { agencyId year row count } }`,
        variables: { d: 'ROW' },
        operationName: 'Rows',
      };
      const expected = whole.replace('"dispositionBreakdown"', '"rows"');
      expect(await (await post(named)).text()).toBe(expected);
      const search = new URLSearchParams({ ...named, variables: JSON.stringify(named.variables) });
      const got = await fetch(`${server.url}?${search}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(await got.text()).toBe(expected);
      // Not alone in its request: refused, as in-process.
      const two = (await (await post({ query: `{ a: ${BY_AGENCY.slice(2, -2)} metrics { key } }` })).json()) as {
        errors: { message: string }[];
      };
      expect(two.errors[0].message).toMatch(
        /^this answer has more than 100 buckets: .* alone in a request to \/graphql/,
      );
      // Streamed, it costs what one chunk holds (4 fields × 37 buckets): admitted where the whole would not be, and
      // streamed at once, its statement run by the chunks alone (not first for a whole answer to refuse).
      LIMITS.cost = 1 + 4 * 37;
      const admitted = await statementsOf(async () => {
        expect(await (await post({ query: BY_AGENCY })).text()).toBe(whole);
      });
      expect(admitted.cursor.statements).toHaveLength(1);
      expect(admitted.offsets.statements).toHaveLength(Math.floor(n / 37) + 1);
      expect(await (await post(named)).text()).toBe(expected);
      const costly = (await (await post({ query: `{ a: ${BY_AGENCY.slice(2, -2)} metrics { key } }` })).json()) as {
        errors: { extensions: { code: string } }[];
      };
      expect(costly.errors[0].extensions.code).toBe('QUERY_TOO_EXPENSIVE');
      // Every chunk runs the statement again: the whole answer's cost is bounded too.
      LIMITS.streamedCost = 4 * 37;
      const unbounded = (await (await post({ query: BY_AGENCY })).json()) as {
        errors: { extensions: { code: string } }[];
      };
      expect(unbounded.errors[0].extensions.code).toBe('QUERY_TOO_EXPENSIVE');
      // In-process (no stream to fall back on), the whole answer's cost, whether its arguments are literals or variables.
      for (const [query, variables] of [
        [BY_AGENCY, undefined],
        [
          'query Rows($d: DispositionDetail) { dispositionBreakdown(groupBy: [AGENCY, YEAR], detail: $d) { agencyId year row count } }',
          { d: 'ROW' },
        ],
      ] as const) {
        const e = await api.run(query, variables);
        expect(e.errors?.[0].extensions?.code, query).toBe('QUERY_TOO_EXPENSIVE');
      }
    });

    it("the data's version, read between chunks, reads indexes, not every report's row", async () => {
      const counter = statementCounter(api.ds);
      counter.recording = [];
      await dataVersion(api.ds);
      const [statement] = counter.recording;
      counter.recording = undefined;
      // (PostgreSQL plans a scan of a table this small whatever its indexes, unless told not to.)
      const plan = isPostgres(api.ds)
        ? await api.ds.transaction(async (em) => {
            await em.query('SET LOCAL enable_seqscan = off');
            const rows = (await em.query(`EXPLAIN ${statement.sql}`)) as Record<string, string>[];
            return rows.map((r) => r['QUERY PLAN']).join('\n');
          })
        : (await api.ds.query(`EXPLAIN QUERY PLAN ${statement.sql}`))
            .map((r: { detail: string }) => r.detail)
            .join('\n');
      expect(plan).toMatch(/ix_report_ingested_at/);
      expect(plan).not.toMatch(/SCAN report$|Seq Scan on report/m);
    });

    it('chunks read on from one cursor, which is closed when the reader leaves early', async () => {
      // A request's own connection on SQLite (a reader), the pool on PostgreSQL.
      const ds = isPostgres(api.ds) ? api.ds : await openSqliteReader(api.ds);
      try {
        const ids = (await ds.query('SELECT id FROM report ORDER BY id')).map((r: { id: unknown }) => Number(r.id));
        BUCKET_LIMITS.chunk = 5;
        const chunks = chunked(
          async (chunk) => {
            const rows = await chunk.reading!.rows(
              ds,
              'SELECT id FROM report ORDER BY id',
              [],
              chunk.offset,
              chunk.size,
            );
            chunk.rows = rows!.length;
            return rows!.map((r) => Number(r.id));
          },
          async () => 'unchanged',
        );
        const read: number[] = [];
        for await (const rows of chunks) {
          expect(cursorsOpen(api.ds)).toBe(1);
          read.push(...rows);
          if (read.length === 10) break;
        }
        expect(read).toEqual(ids.slice(0, 10));
        expect(cursorsOpen(api.ds)).toBe(0);
      } finally {
        if (ds !== api.ds) await ds.destroy();
      }
    });

    it('chunks read on data that changed between them fail rather than repeat or skip a bucket', async () => {
      let version = 1;
      const read: number[] = [];
      const chunks = chunked(
        async (chunk) => {
          read.push(chunk.offset);
          chunk.rows = chunk.size;
          version++;
          return chunk.offset;
        },
        async () => String(Math.min(version, 2)),
      );
      await expect(
        (async () => {
          for await (const _ of chunks);
        })(),
      ).rejects.toThrow(DataChanged);
      expect(read).toEqual([0]);
    });

    it('as an export: streamed in chunks, no statement reading more than one chunk, the file the whole answer', async () => {
      const all = (await api.data(BY_AGENCY)).dispositionBreakdown as Record<string, unknown>[];
      BUCKET_LIMITS.rows = 100; // the GraphQL bound does not apply to exports
      BUCKET_LIMITS.chunk = 37;
      const base = server.url.replace(/\/graphql$/, '');
      const exported = await statementsOf(async () => {
        const res = await fetch(`${base}/export/dispositions.json?groupBy=AGENCY,YEAR&detail=ROW`);
        const body = (await res.json()) as Record<string, unknown>[];
        expect(res.status).toBe(200);
        expect(body.map((b) => [b.agencyId, b.year, b.row, b.count])).toEqual(
          all.map((b) => [b.agencyId, b.year, b.row, b.count]),
        );
      });
      for (const s of expectChunks(exported, all.length))
        expect(((await api.ds.query(s.sql, s.parameters)) as unknown[]).length).toBeLessThanOrEqual(37);
    });
  });
});

/** The PostgreSQL URL (with its schema) the API's data source was opened with. */
function pgUrl(api: Api): string {
  const o = api.ds.options as { url?: string; schema?: string };
  const u = new URL(o.url!);
  if (o.schema) u.searchParams.set('schema', o.schema);
  return u.toString();
}
