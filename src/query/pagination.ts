/**
 * Cursor pagination by keyset: a cursor holds the sort key of the last row seen, so page N costs the same as page 1
 * and rows inserted meanwhile never shift a page. Every list has a total order (its key ends in a unique column).
 */
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { check } from './errors';
import { num } from './sql';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
  /** Rows on all pages: a statement of its own, run only when asked for. */
  count: () => Promise<number>;
}

export interface PageLimits {
  /** Rows when `first` is not given. */
  default: number;
  /** The most rows one page may ask for. */
  cap: number;
}

export const PAGE_LIMITS = { default: 50, cap: 500 } satisfies PageLimits;

export function encodeCursor(key: number[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): number[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  check(
    Array.isArray(key) && key.length === length && key.every((v) => Number.isInteger(v)),
    `after: "${cursor.slice(0, 40)}" is not a cursor of this list; pass a pageInfo.endCursor from the same query`,
  );
  return key as number[];
}

/**
 * One page of `qb`, ordered by `order` (SQL expressions, ascending, together unique). `keyOf` reads the same key
 * off a fetched row.
 */
export async function keysetPage<T, Q extends ObjectLiteral>(
  qb: SelectQueryBuilder<Q>,
  order: string[],
  keyOf: (row: T) => number[],
  fetch: (qb: SelectQueryBuilder<Q>) => Promise<T[]>,
  args: PageArgs,
  limits: PageLimits = PAGE_LIMITS,
): Promise<Page<T>> {
  const first = args.first ?? limits.default;
  check(
    Number.isInteger(first) && first >= 1 && first <= limits.cap,
    `first must be between 1 and ${limits.cap} (got ${first}); page through longer lists with after`,
  );
  const counted = qb.clone();
  if (args.after != null) {
    const key = decodeCursor(args.after, order.length);
    const params = Object.fromEntries(key.map((v, i) => [`k${i}`, v]));
    qb.andWhere(`(${order.join(', ')}) > (${key.map((_, i) => `:k${i}`).join(', ')})`, params);
  }
  order.forEach((o, i) => (i === 0 ? qb.orderBy(o, 'ASC') : qb.addOrderBy(o, 'ASC')));
  const rows = await fetch(qb.limit(first + 1));
  const nodes = rows.slice(0, first);
  const last = nodes.at(-1);
  return {
    nodes,
    pageInfo: { hasNextPage: rows.length > first, endCursor: last === undefined ? null : encodeCursor(keyOf(last)) },
    count: async () => {
      const [sql, params] = counted.orderBy().getQueryAndParameters();
      const [row] = (await qb.connection.query(`SELECT COUNT(*) AS n FROM (${sql}) counted`, params)) as {
        n: unknown;
      }[];
      return num(row.n) ?? 0;
    },
  };
}
