/**
 * Raw SQL for the write path, where TypeORM's entity machinery costs more than the database. Every statement has a
 * fixed text (prepared once, cached by the driver). Rows go in as the database takes them fastest: on PostgreSQL a batch
 * travels as one typed array per column (unnest), one round trip for any number of rows; on SQLite, which runs in
 * this process, one prepared one-row INSERT is run per row (a json_each statement per batch cost more: parsing the
 * JSON, and SQLite's row-at-a-time virtual table).
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

export type SqlType = 'integer' | 'varchar' | 'text' | 'double precision';

/** Which database: the one place the write path, the migrations and the query layer ask. */
export const isPostgres = (db: EntityManager | DataSource) =>
  ('connection' in db ? db.connection : db).options.type === 'postgres';

/** `?` placeholders, numbered `$n` for PostgreSQL. */
export function dialect(em: EntityManager | DataSource, sql: string): string {
  if (!isPostgres(em)) return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The rows a statement returns (its RETURNING rows for INSERT and DELETE). */
export async function run<T = Record<string, unknown>>(
  em: EntityManager | DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  if (!isPostgres(em)) {
    // On the connection's own handle, prepared once (TypeORM's runner costs as much as a lookup by key). No statement
    // deadline is set this way (statement-timeout.ts): the write path runs without one.
    const stmt = prepared(sqliteHandle(em), sql);
    const values = params.map(bindable);
    if (stmt.reader) return stmt.all(values) as T[];
    stmt.run(values);
    return [];
  }
  const client = await pgClient(em);
  if (client) return (await client.query(named(client, dialect(em, sql), params))).rows as T[];
  const result: unknown = await em.query(dialect(em, sql), params);
  // TypeORM's PostgreSQL driver answers UPDATE and DELETE with [rows, rowCount].
  return (isPostgres(em) && /^\s*(DELETE|UPDATE)\b/i.test(sql) ? (result as [T[], number])[0] : result) as T[];
}

/** The connection of a manager bound to a query runner (a transaction's): undefined for a data source's pool. */
async function pgClient(em: EntityManager | DataSource): Promise<PoolClient | undefined> {
  const runner = 'queryRunner' in em ? em.queryRunner : undefined;
  if (!runner || runner.isReleased) return undefined;
  return (await runner.connect()) as PoolClient;
}

/** The most statements prepared on one PostgreSQL connection (texts built with a varying number of terms are many). */
const MAX_PREPARED = 500;
const preparedNames = new WeakMap<PoolClient, Set<string>>();

/**
 * A statement to run as a named prepared statement: the write path runs ~25 a report, each parsed and planned anew
 * when unnamed — as much server time as running them. Past MAX_PREPARED texts on a connection, new ones run unnamed.
 */
function named(client: PoolClient, text: string, values: unknown[]) {
  let names = preparedNames.get(client);
  if (!names) preparedNames.set(client, (names = new Set()));
  const name = `gk_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  if (!names.has(name) && names.size >= MAX_PREPARED) return { text, values };
  names.add(name);
  return { name, text, values };
}

/**
 * Inserts rows (arrays in `columns` order): on PostgreSQL with one statement, one typed array per column (unnest); on
 * SQLite with a prepared one-row statement per row, on the connection's own handle (better-sqlite3 has one connection,
 * so the rows join whatever transaction and savepoint `em` is in).
 */
export async function insertRows(
  em: EntityManager,
  table: string,
  columns: [name: string, type: SqlType][],
  rows: unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([n]) => n).join(', ');
  if (isPostgres(em)) {
    const arrays = columns.map((_, i) => rows.map((r) => r[i]));
    await run(
      em,
      `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${columns.map(([, type]) => `CAST(? AS ${type}[])`).join(', ')})`,
      arrays,
    );
  } else {
    const insert = prepared(
      sqliteHandle(em),
      `INSERT INTO ${table} (${names}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    for (const row of rows) insert.run(row.map(bindable));
  }
}

/** The better-sqlite3 connection under a SQLite data source. */
export const sqliteHandle = (db: EntityManager | DataSource): Database.Database =>
  (('connection' in db ? db.connection : db).driver as unknown as { databaseConnection: Database.Database })
    .databaseConnection;

/** Statements prepared once per connection (the driver's own cache is per query runner: one per batch). */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepared(conn: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(conn);
  if (!cache) statements.set(conn, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = conn.prepare(sql)));
  return stmt;
}

/**
 * A value as the json_each path stored it, so both paths store the same: no value is null, a boolean is 0 or 1, and a
 * number that is not finite is null (JSON has none).
 */
function bindable(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}
