/** Opens the database: a SQLite file path (the default) or a postgres:// URL, migrated to the current schema. */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dimensions } from '../format';
import { isPostgres } from './bulk';
import { Dimension, ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { StatementCounter } from './statements';

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

/** `migrate: false`: a process that only reads a database another process has migrated (serve --workers). */
export async function openDatabase(
  db: string = process.env.DATABASE_URL ?? DEFAULT_DB,
  opts: { migrate?: boolean } = {},
): Promise<DataSource> {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    logger: new StatementCounter(),
  };
  let ds: DataSource;
  let schema: string | undefined;
  if (isPostgresUrl(db)) {
    const split = splitSchema(db);
    schema = split.schema;
    // search_path: the query layer's SQL names tables without a schema. synchronous_commit=off: a commit returns
    // before its WAL reaches the disk; a crash can lose the last reports (re-ingest restores them) but never leaves
    // one half-written — the same trade as SQLite's synchronous=NORMAL.
    const options = [...(schema ? [`-c search_path=${schema}`] : []), '-c synchronous_commit=off'].join(' ');
    ds = new DataSource({ type: 'postgres', url: split.url, schema, extra: { options }, ...common });
  } else {
    ds = new DataSource({
      type: 'better-sqlite3',
      database: db,
      ...common,
      prepareDatabase: (conn: { pragma(s: string): unknown }) => {
        // WAL: readers (the API) keep answering while a report is being written.
        conn.pragma('journal_mode = WAL');
        // In WAL mode NORMAL syncs at checkpoints, not at every commit: a crash or kill still leaves every transaction
        // whole or absent (one report each); only the last ones before a power cut may be lost, and re-ingest restores them.
        conn.pragma('synchronous = NORMAL');
        conn.pragma('foreign_keys = ON');
      },
    });
  }
  await ds.initialize();
  if (opts.migrate === false) return ds;
  try {
    await migrate(ds, schema);
    await seedDimensions(ds);
  } catch (e) {
    await ds.destroy();
    throw e;
  }
  return ds;
}

/**
 * Another connection to the same SQLite file, read-only (no migrations: the main one did them), sharing the main
 * one's logger. WAL gives each connection its own snapshot while a writer commits (server/snapshot.ts).
 */
export async function openSqliteReader(main: DataSource): Promise<DataSource> {
  const reader = new DataSource({
    type: 'better-sqlite3',
    database: main.options.database as string,
    readonly: true,
    entities: ENTITIES,
    logger: main.logger,
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
