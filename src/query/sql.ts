/** What the two databases do differently, in one place. */
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { INTERRUPT_EVERY } from '../model/statement-timeout';
import { isPostgres } from '../model/bulk';

/**
 * PostgreSQL returns COUNT and SUM over integers as strings (bigint/numeric); SQLite returns numbers.
 * Every aggregate leaves the query layer through here, so callers always get numbers (or null for "no value").
 */
export function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) throw new Error(`not a number from the database: ${String(v)}`);
  return n;
}

/**
 * `column IN (ids)` with the whole list bound as ONE parameter, so a batch of any size is one statement
 * (no chunking at the 32,766-variable limit of SQLite or the 65,535 of PostgreSQL).
 */
export function whereIdIn<T extends object>(
  qb: SelectQueryBuilder<T>,
  column: string,
  param: string,
  ids: readonly number[],
): SelectQueryBuilder<T> {
  return isPostgres(qb.connection)
    ? qb.andWhere(`${column} = ANY(CAST(:${param} AS integer[]))`, { [param]: ids })
    : qb.andWhere(`${column} IN (SELECT value FROM json_each(:${param}))`, { [param]: JSON.stringify(ids) });
}

/** NULLs last on both databases (PostgreSQL sorts them last, SQLite first), so orders agree. */
export const nullsLast = (expr: string) => [`CASE WHEN ${expr} IS NULL THEN 1 ELSE 0 END`, expr];

export { keyLiteral } from '../model/literals';

/**
 * Lets a long cell scan be ended by its statement's time bound on SQLite (model/statement-timeout.ts): a look at the
 * clock every INTERRUPT_EVERY rows (the id test is evaluated first, so the call is that rare). PostgreSQL has its own.
 */
export function interruptible<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return isPostgres(qb.connection) ? qb : qb.andWhere(`(c.id % ${INTERRUPT_EVERY} <> 0 OR gk_alive())`);
}
