/**
 * The peer of the benchmark: PostGraphile 4 with @graphile/pg-aggregates, in this process, over the bench's PostgreSQL
 * schema (the tables gongkai's ingest wrote), asked the queries of scripts/standard-queries.ts that it can answer the
 * same way — a page of 1,000 facts and a nested query (agencies → their reports → the cells of one table).
 *
 * PostGraphile 4 needs graphql 15 and gongkai graphql 16, so it is a package of its own (scripts/postgraphile, with
 * its lockfile) that `npm ci` installs there on first use: two copies of graphql, each loaded by its own side, and
 * gongkai's dependency tree untouched. Alone: `tsx scripts/bench-postgraphile.ts <postgres url> <schema>`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const PACKAGE = path.join(__dirname, 'postgraphile');

/** Installs the peer's package (its lockfile, exactly) when it is not there yet. */
export function installPostGraphile(): void {
  if (existsSync(path.join(PACKAGE, 'node_modules', 'postgraphile'))) return;
  console.log('installing PostGraphile for the comparison (scripts/postgraphile, npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', PACKAGE], { stdio: 'inherit' });
}

/**
 * gongkai's standard query → the same answer asked of PostGraphile: the same rows in the same order (cells by id,
 * reports by year, agencies by id), the same columns under PostGraphile's names.
 */
export const POSTGRAPHILE_QUERIES: Record<string, string> = {
  'facts, a page of 1,000 rows':
    '{ allCells(first: 1000, orderBy: ID_ASC) { nodes { agencyId year tableKey rowKey columnKey value line } pageInfo { endCursor } } }',
  'nested: 50 agencies → reports → cells of one table':
    '{ allAgencies(first: 50, orderBy: ID_ASC) { nodes { name reportsByAgencyId(orderBy: YEAR_ASC) { nodes { year cellsByReportId(condition: { tableKey: "review_litigation" }, orderBy: ID_ASC) { nodes { rowKey columnKey value } } } } } } }',
};

export interface PeerServer {
  url: string;
  close(): Promise<void>;
}

/** PostGraphile over `schema`, read-only (no mutations), on a free port of 127.0.0.1. */
export async function startPostGraphile(connectionString: string, schema: string): Promise<PeerServer> {
  installPostGraphile();
  const load = (name: string) => require(require.resolve(name, { paths: [PACKAGE] }));
  const { postgraphile } = load('postgraphile');
  const aggregates = load('@graphile/pg-aggregates').default;
  const { Pool } = load('pg');
  const pool = new Pool({ connectionString });
  const handler = postgraphile(pool, schema, {
    appendPlugins: [aggregates],
    disableDefaultMutations: true,
    disableQueryLog: true,
    retryOnInitFail: false,
    graphqlRoute: '/graphql',
    // As gongkai's own server: no per-request extras.
    enhanceGraphiql: false,
    graphiql: false,
    setofFunctionsContainNulls: false,
  });
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await handler.release?.();
      await pool.end();
    },
  };
}

if (require.main === module) {
  const [url, schema] = process.argv.slice(2);
  if (!url || !schema) throw new Error('usage: tsx scripts/bench-postgraphile.ts <postgres url> <schema>');
  (async () => {
    const peer = await startPostGraphile(url, schema);
    try {
      for (const [name, query] of Object.entries(POSTGRAPHILE_QUERIES)) {
        const res = await fetch(peer.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        console.log(name, (await res.text()).slice(0, 300));
      }
    } finally {
      await peer.close();
    }
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
