/**
 * A time bound on every SQL statement a server runs. PostgreSQL has one (statement_timeout). SQLite has none, and its
 * binding (better-sqlite3) cannot interrupt a statement; so cell scans call gk_alive() once every INTERRUPT_EVERY rows
 * (query/sql.ts), which throws past the statement's deadline and so ends it. The deadline is set as each statement
 * starts, by a TypeORM subscriber; connections opened without a timeout have none, and gk_alive() costs one call per
 * thousand rows.
 */
import type Database from 'better-sqlite3';
import { EventSubscriber, type EntitySubscriberInterface } from 'typeorm';

/** Rows a cell scan reads between two looks at the clock. */
export const INTERRUPT_EVERY = 1024;

const TIMED_OUT = 'statement timeout';

/** How to start a statement's deadline on a connection, for statements run on it without TypeORM (model/cursor.ts). */
const starts = new WeakMap<Database.Database, () => void>();

/** Starts the deadline of a statement about to run on this connection directly (no effect without a timeout). */
export const startStatement = (conn: Database.Database): void => starts.get(conn)?.();

/** The deadline of the statement running on one SQLite connection, and how to bind it to the connection. */
export function sqliteDeadline(timeoutMs: number | undefined) {
  let deadline = Number.POSITIVE_INFINITY;
  const start = () => {
    deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
  };
  class StatementDeadline implements EntitySubscriberInterface {
    beforeQuery(): void {
      start();
    }
  }
  // TypeORM takes only the subscriber classes its decorator registered (and only those a data source lists).
  EventSubscriber()(StatementDeadline);
  return {
    subscriber: StatementDeadline,
    register(conn: Database.Database): void {
      starts.set(conn, start);
      conn.function('gk_alive', { deterministic: false }, () => {
        if (Date.now() >= deadline) throw new Error(`${TIMED_OUT}: longer than ${(timeoutMs ?? 0) / 1000} s`);
        return 1;
      });
    },
  };
}

/** A statement ended by its time bound, on either database (PostgreSQL: query_canceled). */
export function isStatementTimeout(e: unknown): boolean {
  const err = e as { code?: string; message?: string; driverError?: { code?: string; message?: string } };
  const code = err.driverError?.code ?? err.code;
  return code === '57014' || (err.message ?? '').includes(TIMED_OUT);
}
