/**
 * Raw SQL for the write path, where TypeORM's entity machinery costs more than the database. Every statement has a
 * fixed text (prepared once, cached by the driver); a batch of rows travels as one parameter (or one per column) and is unpacked by
 * the database itself (json_each in SQLite, unnest of typed arrays in PostgreSQL), so any number of rows is one statement.
 */
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
  const result: unknown = await em.query(dialect(em, sql), params);
  // TypeORM's PostgreSQL driver answers UPDATE and DELETE with [rows, rowCount].
  return (isPostgres(em) && /^\s*(DELETE|UPDATE)\b/i.test(sql) ? (result as [T[], number])[0] : result) as T[];
}

/**
 * Inserts rows (arrays in `columns` order) with one statement: on PostgreSQL as one typed array per column (unnest),
 * on SQLite as one JSON array of rows (json_each).
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
    await em.query(
      `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`,
      arrays,
    );
  } else {
    await em.query(
      `INSERT INTO ${table} (${names}) SELECT ${columns.map((_, i) => `e.value->>${i}`).join(', ')} FROM json_each(?) AS e`,
      [JSON.stringify(rows)],
    );
  }
}
