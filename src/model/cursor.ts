/**
 * The rows of one statement, read a chunk at a time across the chunks of a large answer (query/chunks.ts), instead of
 * running the statement again for each chunk with LIMIT/OFFSET: a 120,000-bucket aggregation is computed once, not
 * thirteen times. Where a database connection can be held for it:
 * - SQLite: a statement iterated on a request's own read-only connection (server/snapshot.ts), in its snapshot.
 *   better-sqlite3 runs other reads on the connection meanwhile; a connection that also writes (an in-memory
 *   database's only one) cannot, so it gets none;
 * - PostgreSQL: a cursor in a read-only transaction on a connection of the pool.
 * At most CURSOR_LIMITS.open at once per data source, so that streamed answers leave PostgreSQL's pool to everything
 * else; past that, none.
 * Each read is one statement for the time bound (statement-timeout.ts): the first computes the answer.
 */
import type Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import type { PoolClient } from 'pg';
import { isPostgres } from './bulk';
import { startStatement } from './statement-timeout';

export const CURSOR_LIMITS = {
  /** Cursors open at once per data source (on PostgreSQL each holds a connection: the pool has 10). */
  open: 3,
};

export interface RowCursor {
  /** The next rows, at most `size` (fewer: the last). */
  read(size: number): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** Open cursors, by the data source they were opened on (a SQLite reader: by the main one it reads). */
const held = new Map<string, number>();
const holder = (ds: DataSource) =>
  `${ds.options.type}:${String(ds.options.database ?? '')}:${(ds.options as { url?: string }).url ?? ''}:${(ds.options as { schema?: string }).schema ?? ''}`;

/** Cursors open now on this database. */
export const cursorsOpen = (ds: DataSource): number => held.get(holder(ds)) ?? 0;

/** A cursor over the rows of `sql`, or undefined where this data source cannot hold one now. */
export async function openCursor(ds: DataSource, sql: string, params: unknown[]): Promise<RowCursor | undefined> {
  const key = holder(ds);
  if (cursorsOpen(ds) >= CURSOR_LIMITS.open) return undefined;
  held.set(key, cursorsOpen(ds) + 1);
  let closed = false;
  const release = () => {
    if (closed) return;
    closed = true;
    held.set(key, cursorsOpen(ds) - 1);
  };
  try {
    const cursor = isPostgres(ds) ? await pgCursor(ds, sql, params) : sqliteCursor(ds, sql, params);
    if (!cursor) {
      release();
      return undefined;
    }
    // Counted as the one statement it is (the benchmark replays a request's statements; tests count them).
    ds.logger.logQuery(sql, params);
    return {
      read: (size) => cursor.read(size),
      async close() {
        release();
        await cursor.close();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

function sqliteCursor(ds: DataSource, sql: string, params: unknown[]): RowCursor | undefined {
  if (!(ds.options as { readonly?: boolean }).readonly) return undefined;
  const conn = (ds.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
  const rows = conn.prepare(sql).iterate(...params) as IterableIterator<Record<string, unknown>>;
  return {
    async read(size) {
      startStatement(conn);
      const out: Record<string, unknown>[] = [];
      while (out.length < size) {
        const next = rows.next();
        if (next.done) break;
        out.push(next.value);
      }
      return out;
    },
    async close() {
      rows.return?.();
    },
  };
}

async function pgCursor(ds: DataSource, sql: string, params: unknown[]): Promise<RowCursor> {
  const runner = ds.createQueryRunner('slave');
  let client: PoolClient | undefined;
  const close = async () => {
    try {
      await client?.query('ROLLBACK');
    } finally {
      await runner.release();
    }
  };
  try {
    client = (await runner.connect()) as PoolClient;
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`DECLARE gk_answer NO SCROLL CURSOR FOR ${sql}`, params);
  } catch (e) {
    await close().catch(() => {});
    throw e;
  }
  const c = client;
  return {
    read: async (size) => (await c.query(`FETCH ${Math.floor(size)} FROM gk_answer`)).rows,
    close,
  };
}
