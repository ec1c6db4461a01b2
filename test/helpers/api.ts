/** Drives the API in-process, as Apollo's integration-testing example does: the server factory plus executeOperation. No vitest here: the docs script uses it too. */
import type { ApolloServer } from '@apollo/server';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/model/data-source';
import { loadPaths } from '../../src/ingest/load';
import type { Context } from '../../src/resolvers';
import { createApi } from '../../src/server/apollo';
import { gongkaiSchema } from '../../src/server/schema';
import { SQLITE, type TestDatabase } from './databases';

export interface Api {
  ds: DataSource;
  server: ApolloServer<Context>;
  /** The result of one operation (data and errors). */
  run(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: Record<string, any> | null; errors?: readonly any[] }>;
  /** data of an operation that must succeed. */
  data(query: string, variables?: Record<string, unknown>): Promise<Record<string, any>>;
  close(): Promise<void>;
}

/** A fresh database (SQLite unless told) holding the given report files (by default the bundled seeds), and a server over it. */
export async function apiOver(paths: string[] = ['data/reports'], target: TestDatabase = SQLITE): Promise<Api> {
  const scratch = await target.scratch();
  const ds = await openDatabase(scratch.db);
  const summary = await loadPaths(ds, paths);
  if (summary.failed > 0)
    throw new Error(`fixtures failed to load: ${summary.failures.map((f) => f.error).join('; ')}`);
  const { apollo: server, context } = createApi(await gongkaiSchema(), ds);
  await server.start();
  const run: Api['run'] = async (query, variables) => {
    const res = await server.executeOperation({ query, variables }, { contextValue: await context() });
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return res.body.singleResult as Awaited<ReturnType<Api['run']>>;
  };
  return {
    ds,
    server,
    run,
    async data(query, variables) {
      const r = await run(query, variables);
      if (r.errors) throw new Error(`${query}\n→ ${JSON.stringify(r.errors, null, 2)}`);
      return r.data!;
    },
    async close() {
      await server.stop();
      await ds.destroy();
      await scratch.drop();
    },
  };
}
