/**
 * One snapshot per request on SQLite. A GraphQL request runs several statements (a page, its totalCount, the batch
 * loaders); while an ingest commits batches, they could each see a different batch, and a page of 0 reports come with
 * a totalCount of 406. Each request therefore reads inside one read transaction (WAL: a snapshot, writers go on).
 * TypeORM's SQLite driver has a single connection, so requests take turns: better-sqlite3 runs every statement
 * synchronously on this thread anyway, so taking turns costs no parallelism.
 * PostgreSQL reads at READ COMMITTED: every statement sees whole batches (whole reports), but two statements of a
 * request may see different ones; see README, "Guarantees".
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { DataSource } from 'typeorm';
import { isPostgres } from '../model/bulk';
import type { Context } from '../resolvers';

const turns = new WeakMap<DataSource, Promise<void>>();

/** Runs fn inside one read transaction of ds, after the requests before it. */
async function takeTurn(ds: DataSource): Promise<() => Promise<void>> {
  const before = turns.get(ds) ?? Promise.resolve();
  let done!: () => void;
  turns.set(ds, before.then(() => new Promise<void>((resolve) => (done = resolve))));
  await before;
  try {
    await ds.query('BEGIN');
  } catch (e) {
    done();
    throw e;
  }
  return async () => {
    try {
      await ds.query('COMMIT');
    } finally {
      done();
    }
  };
}

export const snapshotPerRequest: ApolloServerPlugin<Context> = {
  async requestDidStart({ contextValue }) {
    if (isPostgres(contextValue.ds)) return {};
    const end = await takeTurn(contextValue.ds);
    return {
      async willSendResponse() {
        await end();
      },
    };
  },
};
