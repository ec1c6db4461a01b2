/**
 * One snapshot per request on SQLite. A GraphQL request runs several statements (a page, its totalCount, the batch
 * loaders); while an ingest commits batches they could each see a different batch, and a page of 100 reports come
 * with a totalCount of 125. So each request reads in one read transaction on a connection of its own, taken from a
 * small pool of read-only connections to the same file: WAL gives each its own snapshot while the writer goes on, and
 * a long request holds only its own connection.
 * PostgreSQL reads at READ COMMITTED: every statement sees whole batches (whole reports), but two statements of one
 * request may see different ones (README, "Guarantees").
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { DataSource } from 'typeorm';
import { isPostgres } from '../model/bulk';
import { openSqliteReader } from '../model/data-source';
import { createContext, type Context } from '../resolvers';

/** Connections per database: requests beyond this many wait for one (better-sqlite3 runs on this one thread anyway). */
const READERS = 8;

class Readers {
  private free: DataSource[] = [];
  private waiting: ((reader: DataSource) => void)[] = [];
  private all: Promise<DataSource>[] = [];

  constructor(private readonly main: DataSource) {}

  async take(): Promise<DataSource> {
    const free = this.free.pop();
    if (free) return free;
    if (this.all.length < READERS) {
      const opened = openSqliteReader(this.main);
      this.all.push(opened);
      return opened;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  give(reader: DataSource): void {
    const next = this.waiting.shift();
    if (next) next(reader);
    else this.free.push(reader);
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map(async (r) => (await r).destroy()));
  }
}

/**
 * Builds each request's context on its own snapshot (context() takes a reader and begins its read transaction), and
 * the plugin ends it when the response is sent. The context is made once, whole: nothing replaces it afterwards.
 */
export function snapshotContexts(ds: DataSource): { context(): Promise<Context>; plugin: ApolloServerPlugin<Context> } {
  // An in-memory database has no file a second connection could open; PostgreSQL reads at READ COMMITTED.
  const pool = isPostgres(ds) || ds.options.database === ':memory:' ? null : new Readers(ds);
  return {
    async context() {
      if (!pool) return createContext(ds);
      const reader = await pool.take();
      try {
        await reader.query('BEGIN');
      } catch (e) {
        pool.give(reader);
        throw e;
      }
      // On the context itself: Apollo hands plugins a shallow copy of the object the context function made.
      return Object.assign(createContext(reader), {
        endSnapshot: async () => {
          try {
            await reader.query('COMMIT');
          } finally {
            pool.give(reader);
          }
        },
      });
    },
    plugin: {
      async serverWillStart() {
        return { serverWillStop: async () => pool?.close() };
      },
      async requestDidStart({ contextValue }) {
        const end = contextValue.endSnapshot;
        return end ? { willSendResponse: end } : {};
      },
    },
  };
}
