/** Opens the database: a SQLite file path (the default) or a postgres:// URL, migrated to the current schema. */
import 'reflect-metadata';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { dimensions } from '../format';
import { isPostgres } from './bulk';
import { restoreIndexes } from './indexes';
import { Dimension, ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { sqliteDeadline } from './statement-timeout';
import { StatementCounter } from './statements';
import type BetterSqlite3 from 'better-sqlite3';

export const DEFAULT_DB = 'gongkai.db';

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//.test(db);
}

/** `?schema=name` on a postgres:// URL puts gongkai's tables in that schema (created if missing); default `public`. */
export function splitSchema(db: string): { url: string; schema: string | undefined } {
  const u = new URL(db);
  const schema = u.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new Error(`schema "${schema}": use lower-case letters, digits and _`);
  u.searchParams.delete('schema');
  return { url: u.toString(), schema };
}

/** Any number for pg_advisory_lock, the same in every process: one of several starting instances migrates at a time. */
const MIGRATION_LOCK = 0x6f6e_6b61;

export interface OpenOptions {
  /** false: a process that only reads a database another process has migrated (serve --workers). */
  migrate?: boolean;
  /** Refuse a database that does not exist rather than make an empty one: a mistyped `serve --db` must not serve nothing. */
  mustExist?: boolean;
  /** Bound every statement to this time (serving; see statement-timeout.ts). */
  statementTimeoutMs?: number;
}

/** The statement timeout each SQLite data source was opened with: its read-only connections (openSqliteReader) take it too. */
const timeouts = new WeakMap<DataSource, number | undefined>();

/** The database as an error message names it: a file path, or a URL without its password. */
export function databaseName(db: string): string {
  if (!isPostgresUrl(db)) return db;
  const u = new URL(db);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * A SQLite file this process may only read: the file, or the folder WAL mode keeps its -wal and -shm files in when
 * they are not there yet. Such a database is served read-only, without migrating it or refreshing its dimensions.
 */
function readOnlyFile(db: string): boolean {
  const writable = (p: string) => {
    try {
      accessSync(p, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (!existsSync(db)) return false;
  if (!writable(db)) return true;
  return !existsSync(`${db}-shm`) && !writable(path.dirname(path.resolve(db)));
}

export async function openDatabase(
  db: string = process.env.DATABASE_URL ?? DEFAULT_DB,
  opts: OpenOptions = {},
): Promise<DataSource> {
  try {
    return await open(db, opts);
  } catch (e) {
    const message = (e as Error).message;
    throw new Error(message.includes(databaseName(db)) ? message : `database ${databaseName(db)}: ${message}`);
  }
}

/**
 * SQLite's page cache per connection, in KiB. The default (better-sqlite3: 16 MB) is smaller than the pages one
 * aggregation at 20,000 reports touches, so every request read them again from the operating system: the top 100
 * agencies by one handling row took 67 ms with it and 24 ms with 64 MB (BENCHMARKS.md). A bound, not an allocation:
 * pages are cached as they are read.
 */
const SQLITE_CACHE_KIB = 64 * 1024;

async function open(db: string, opts: OpenOptions): Promise<DataSource> {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    logger: new StatementCounter(),
  };
  let ds: DataSource;
  let schema: string | undefined;
  let readonly = false;
  if (isPostgresUrl(db)) {
    const split = splitSchema(db);
    schema = split.schema;
    // search_path: the query layer's SQL names tables without a schema. synchronous_commit=off: a commit returns
    // before its WAL reaches the disk; a crash can lose the last reports (re-ingest restores them) but never leaves
    // one half-written — the same trade as SQLite's synchronous=NORMAL.
    const options = [
      ...(schema ? [`-c search_path=${schema}`] : []),
      '-c synchronous_commit=off',
      // No JIT: PostgreSQL compiles a statement whose estimated cost passes 100,000 — at 100,000 reports, the by-row
      // breakdown — which took ~50 ms of compiling for a statement that runs in 2 (EXPLAIN ANALYZE, BENCHMARKS.md).
      '-c jit=off',
      ...(opts.statementTimeoutMs !== undefined ? [`-c statement_timeout=${opts.statementTimeoutMs}`] : []),
    ].join(' ');
    ds = new DataSource({ type: 'postgres', url: split.url, schema, extra: { options }, ...common });
  } else {
    if (opts.mustExist && db !== ':memory:' && !existsSync(db))
      throw new Error('no such file; give the path of a database made by gongkai ingest (or run gongkai start)');
    readonly = readOnlyFile(db);
    const deadline = sqliteDeadline(opts.statementTimeoutMs);
    ds = new DataSource({
      type: 'better-sqlite3',
      database: db,
      readonly,
      ...common,
      subscribers: [deadline.subscriber],
      prepareDatabase: (conn: BetterSqlite3.Database) => {
        deadline.register(conn);
        conn.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
        // A read-only file keeps the journal mode it was written with.
        if (readonly) return;
        // WAL: readers (the API) keep answering while a report is being written.
        conn.pragma('journal_mode = WAL');
        // In WAL mode NORMAL syncs at checkpoints, not at every commit: a crash or kill still leaves every transaction
        // whole or absent (one report each); only the last ones before a power cut may be lost, and re-ingest restores them.
        conn.pragma('synchronous = NORMAL');
        conn.pragma('foreign_keys = ON');
      },
    });
  }
  // WAL mode reads through a -shm file beside the database: a read-only folder must already hold it. The first read
  // (the cache_size pragma reads the schema) or a later one says so.
  const unreadable = (e: unknown) =>
    readonly && /readonly database/.test((e as Error).message)
      ? new Error(
          `is read-only and so is its folder, where SQLite must create ${path.basename(db)}-shm to read it (WAL mode): serve a copy from a writable folder, or let this user write the folder`,
        )
      : e;
  try {
    await ds.initialize();
  } catch (e) {
    throw unreadable(e);
  }
  timeouts.set(ds, opts.statementTimeoutMs);
  try {
    if (opts.mustExist && !(await hasSchema(ds)))
      throw new Error('holds no gongkai tables; ingest reports into it first (gongkai ingest … --db …)');
    if (readonly) await checkMigrated(ds);
    else if (opts.migrate !== false) {
      await migrate(ds, schema);
      await seedDimensions(ds);
    }
  } catch (e) {
    await ds.destroy();
    throw unreadable(e);
  }
  return ds;
}

const hasSchema = async (ds: DataSource) => {
  const runner = ds.createQueryRunner();
  try {
    return await runner.hasTable('migrations');
  } finally {
    await runner.release();
  }
};

/** A database that cannot be migrated here must already be at this version. */
async function checkMigrated(ds: DataSource): Promise<void> {
  const done = new Set(((await ds.query('SELECT name FROM migrations')) as { name: string }[]).map((m) => m.name));
  const missing = ds.migrations.filter((m) => !done.has(m.name!));
  if (missing.length > 0)
    throw new Error(
      `is read-only and older than this gongkai (${missing.length} migration(s) not applied); open it writable once (gongkai ingest) to migrate it`,
    );
}

/**
 * Another connection to the same SQLite file, read-only (no migrations: the main one did them), sharing the main
 * one's logger. WAL gives each connection its own snapshot while a writer commits (server/snapshot.ts).
 */
export async function openSqliteReader(main: DataSource): Promise<DataSource> {
  const deadline = sqliteDeadline(timeouts.get(main));
  const reader = new DataSource({
    type: 'better-sqlite3',
    database: main.options.database as string,
    readonly: true,
    entities: ENTITIES,
    logger: main.logger,
    subscribers: [deadline.subscriber],
    prepareDatabase: (conn: BetterSqlite3.Database) => deadline.register(conn),
  });
  return reader.initialize();
}

async function migrate(ds: DataSource, schema: string | undefined): Promise<void> {
  const runner = ds.createQueryRunner();
  try {
    if (isPostgres(ds)) {
      if (schema) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    }
    if (!(await runner.hasTable('migrations')) && (await runner.hasTable('agency'))) {
      throw new Error('this database was made by an early gongkai without migrations; delete it and ingest again');
    }
    await ds.runMigrations({ transaction: 'all' });
    // Indexes a killed bulk load dropped come back before anything reads or writes. Failing that (a full disk), the
    // database still opens: the data is whole, the queries those indexes serve are only slower, and the next open tries again.
    await restoreIndexes(ds).catch((e: Error) =>
      process.emitWarning(`indexes dropped by a bulk load not built again yet: ${e.message}`),
    );
  } finally {
    if (isPostgres(ds)) await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    await runner.release();
  }
}

/** Row and column dimensions are data from the format description: upserted on every open, so they follow it. */
async function seedDimensions(ds: DataSource): Promise<void> {
  const rows = dimensions().map((d) => ({
    tableKey: d.table,
    kind: d.kind,
    key: d.key,
    label: d.label,
    en: d.en,
    category: d.category,
    order: d.order,
    formats: d.formats.join(','),
  }));
  await ds.getRepository(Dimension).upsert(rows, ['tableKey', 'kind', 'key']);
}
