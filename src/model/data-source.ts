/** Opens the database: a SQLite file path (the default) or a postgres:// URL. */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dimensions } from '../ingest/format';
import { Dimension, ENTITIES } from './entities';
import { StatementCounter } from './statements';

export const DEFAULT_DB = 'gongkai.db';

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//.test(db);
}

export async function openDatabase(db: string = process.env.DATABASE_URL ?? DEFAULT_DB): Promise<DataSource> {
  const common = { entities: ENTITIES, synchronize: true, logger: new StatementCounter() };
  const ds = isPostgresUrl(db)
    ? new DataSource({ type: 'postgres', url: db, ...common })
    : new DataSource({
        type: 'better-sqlite3',
        database: db,
        ...common,
        prepareDatabase: (conn: { pragma(s: string): unknown }) => {
          // WAL: readers (the API) keep answering while a report is being written.
          conn.pragma('journal_mode = WAL');
          conn.pragma('foreign_keys = ON');
        },
      });
  await ds.initialize();
  await seedDimensions(ds);
  return ds;
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
