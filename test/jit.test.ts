/**
 * The compiled executor (src/server/jit.ts) answers every query exactly as graphql-js does — data, errors, their paths
 * and codes — on the bundled reports; a string crafted to turn into code in graphql-jit's generated function is data;
 * and the compiled queries it keeps are bounded.
 */
import { createHash } from 'node:crypto';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { execute, getIntrospectionQuery, type OperationDefinitionNode, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARD_QUERIES } from '../scripts/standard-queries';
import type { Context } from '../src/resolvers';
import { createApi } from '../src/server/apollo';
import { jitExecutor } from '../src/server/jit';
import { gongkaiSchema } from '../src/server/schema';
import { type Api, apiOver } from './helpers/api';

let api: Api;
let context: () => Promise<Context>;
const schema = () => gongkaiSchema();

beforeAll(async () => {
  api = await apiOver();
  context = createApi(await schema(), api.ds).context;
});
afterAll(() => api.close());

/** One request as Apollo hands it to a gateway's executor. */
function request(query: string, variables: Record<string, unknown> = {}, operationName?: string) {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === 'OperationDefinition' && (!operationName || d.name?.value === operationName),
  )!;
  return {
    document,
    operation,
    operationName: operationName ?? null,
    queryHash: createHash('sha256').update(query).digest('hex'),
    request: { query, variables, operationName },
    metrics: {},
  };
}

async function withContext<T>(run: (ctx: Context) => Promise<T>): Promise<T> {
  const ctx = await context();
  try {
    return await run(ctx);
  } finally {
    await ctx.endSnapshot?.();
  }
}

/** The answer of graphql-js and of the compiled executor, each as JSON (errors as they serialize). */
async function both(jit: ReturnType<typeof jitExecutor>, query: string, variables?: Record<string, unknown>) {
  const rc = request(query, variables);
  const interpreted = await withContext(async (ctx) =>
    execute({ schema: await schema(), document: rc.document, contextValue: ctx, variableValues: variables }),
  );
  const compiled = await withContext((ctx) =>
    jit.execute({ ...rc, context: ctx } as unknown as GatewayGraphQLRequestContext),
  );
  return { interpreted: JSON.stringify(interpreted), compiled: JSON.stringify(compiled), result: compiled };
}

describe('the compiled executor', () => {
  it('answers the standard queries with the same bytes as graphql-js', async () => {
    const jit = jitExecutor(await schema());
    for (const q of STANDARD_QUERIES) {
      // The seeds' years (the corpus of the benchmark has 2021); agencies 6–10, which the comparison of ten agencies
      // names, are not there: an error, compared as well.
      const query = q.query.replaceAll('years: [2021]', 'years: [2020]');
      const { interpreted, compiled } = await both(jit, query);
      expect(compiled, q.name).toBe(interpreted);
      // Real answers, not two empty ones.
      if (!q.name.startsWith('compareAgencies')) expect(interpreted, q.name).toMatch(/^\{"data":\{"\w+":\[?\{/);
    }
    // Twice: the second run is the compiled query kept from the first.
    const nested = STANDARD_QUERIES.find((q) => q.name.startsWith('nested'))!;
    expect((await both(jit, nested.query)).compiled).toBe((await both(jit, nested.query)).interpreted);
  });

  it('answers introspection, fragments, aliases, directives and variables as graphql-js does', async () => {
    const jit = jitExecutor(await schema());
    const cases: [string, Record<string, unknown>?][] = [
      [getIntrospectionQuery()],
      [
        `query($t: TableKey!, $withRows: Boolean!, $y: [Int!]) {
          a: reports(first: 2, filter: { years: $y }) { nodes { ...R } }
          b: reports(first: 1) { nodes { year cells(table: $t) @include(if: $withRows) { row value } } } }
         fragment R on Report { id year agency { name } cells(table: $t) { row column value raw line } }`,
        { t: 'review_litigation', withRows: false, y: [2020, 2021] },
      ],
      [`{ agency(id: 1) { name reports { year findings { code severity message } } } }`],
    ];
    for (const [query, variables] of cases) {
      const { interpreted, compiled } = await both(jit, query, variables);
      expect(compiled).toBe(interpreted);
    }
  });

  it('gives errors as graphql-js does: message, path, location and the resolver error Apollo formats', async () => {
    const jit = jitExecutor(await schema());
    const query = '{ metrics { key } facts(first: 0) { totalCount } }';
    const { interpreted, compiled, result } = await both(jit, query);
    expect(compiled).toBe(interpreted);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].message).toMatch(/^first must be between 1 and/);
    expect(result.errors![0].path).toEqual(['facts']);
    expect(result.errors![0].extensions).toEqual({});
    expect((result.errors![0] as { originalError?: Error }).originalError?.constructor.name).toBe('InputError');
    // Over the whole server: the code Apollo's formatter gives input errors.
    const over = await api.run(query);
    expect(over.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('runs a string literal that graphql-jit would turn into code as data, through graphql-js', async () => {
    const jit = jitExecutor(await schema());
    const g = globalThis as { gongkaiJitProbe?: number };
    delete g.gongkaiJitProbe;
    // graphql-jit 0.8.9 writes this literal into its generated function as `new Date(1),z:(globalThis….=1)`.
    const mark = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d';
    const query = `{ agencies(filter: { nameContains: "${mark}1),z:(globalThis.gongkaiJitProbe=1" }) { nodes { id } } }`;
    const { interpreted, compiled } = await both(jit, query);
    expect(g.gongkaiJitProbe).toBeUndefined();
    expect(compiled).toBe(interpreted);
    expect(JSON.parse(compiled)).toEqual({ data: { agencies: { nodes: [] } } });
    // Escaped in the query text, the same string once parsed.
    const escaped = query.replace('__MAGIC_', '\\u005F_MAGIC_');
    expect((await both(jit, escaped)).compiled).toBe(interpreted);
    expect(g.gongkaiJitProbe).toBeUndefined();
  });

  it('keeps at most its bound of compiled queries, the least recently used dropped first', async () => {
    const jit = jitExecutor(await schema(), 3);
    const queries = [1, 2, 3, 4].map((n) => `{ agency(id: ${n}) { id } }`);
    for (const q of queries) await both(jit, q);
    expect(jit.size()).toBe(3);
    // Still right after being dropped and compiled again.
    const again = await both(jit, queries[0]);
    expect(again.compiled).toBe(again.interpreted);
    expect(jit.size()).toBe(3);
  });
});
