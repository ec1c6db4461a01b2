/**
 * Per-request batch loaders: however many agencies, reports or cells a query touches, each kind of nested field costs
 * one statement per level of the query, not one per parent (no N+1).
 */
import DataLoader from 'dataloader';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { Agency, Cell, Finding, Report, ReportVersion } from '../model/entities';
import { scorecardsOf } from './scorecard';
import { whereIdIn } from './sql';

/** Rows whose `column` is in `keys`, grouped per key in the order of `keys`. */
async function grouped<T extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  column: string,
  field: keyof T,
  order: string[],
  keys: readonly number[],
): Promise<T[][]> {
  const qb = ds.getRepository(entity).createQueryBuilder('e');
  whereIdIn(qb, `e.${column}`, 'keys', keys);
  order.forEach((o, i) => (i === 0 ? qb.orderBy(`e.${o}`) : qb.addOrderBy(`e.${o}`)));
  const byKey = new Map<number, T[]>(keys.map((k) => [k, []]));
  for (const row of await qb.getMany()) byKey.get(row[field] as number)?.push(row);
  return keys.map((k) => byKey.get(k)!);
}

export function createLoaders(ds: DataSource) {
  const one = <T extends ObjectLiteral>(entity: EntityTarget<T>) =>
    new DataLoader<number, T | null>(async (ids) =>
      (await grouped(ds, entity, 'id', 'id', ['id'], ids)).map((rows) => rows[0] ?? null),
    );
  const many = <T extends ObjectLiteral>(entity: EntityTarget<T>, column: string, field: keyof T, order: string[]) =>
    new DataLoader<number, T[]>((keys) => grouped(ds, entity, column, field, order, keys));
  return {
    agency: one(Agency),
    report: one(Report),
    reportsByAgency: many(Report, 'agency_id', 'agencyId', ['year']),
    cellsByReport: many(Cell, 'report_id', 'reportId', ['id']),
    findingsByReport: many(Finding, 'report_id', 'reportId', ['id']),
    versionsByAgency: many(ReportVersion, 'agency_id', 'agencyId', ['year', 'version']),
    scorecard: new DataLoader<number, Awaited<ReturnType<typeof scorecardsOf>>[number]>((ids) => scorecardsOf(ds, ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
