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

/** The cells of one report: of one table, or of every table (null). */
export interface CellsKey {
  reportId: number;
  table: string | null;
}

/**
 * Cells per (report, table), filtered in SQL: a query for one table of 50 agencies' reports reads that table's cells,
 * not every cell of each report (3,750 rows instead of 49,468). One statement per batch: the batch's reports, with the
 * tables asked for anywhere in it — or every table when one report is asked for all its cells (a report asked for one
 * table while another is asked for a second reads both; the grouping below drops what was not asked).
 */
async function cellsOf(ds: DataSource, keys: readonly CellsKey[]): Promise<Cell[][]> {
  const qb = ds.getRepository(Cell).createQueryBuilder('e');
  whereIdIn(qb, 'e.report_id', 'reports', [...new Set(keys.map((k) => k.reportId))]);
  if (keys.every((k) => k.table !== null)) {
    // Concatenated, so that no planner takes the table for the leading column of the slice index (every cell of the
    // table, in all reports) over the report index (the cells of the batch's reports).
    qb.andWhere("e.table_key || '' IN (:...tables)", { tables: [...new Set(keys.map((k) => k.table))] });
  }
  const byKey = new Map<string, Cell[]>(keys.map((k) => [cellsKey(k), []]));
  for (const cell of await qb.orderBy('e.id').getMany()) {
    byKey.get(cellsKey({ reportId: cell.reportId, table: null }))?.push(cell);
    byKey.get(cellsKey({ reportId: cell.reportId, table: cell.tableKey }))?.push(cell);
  }
  return keys.map((k) => byKey.get(cellsKey(k))!);
}

const cellsKey = (k: CellsKey) => `${k.reportId}:${k.table ?? '*'}`;

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
    cells: new DataLoader<CellsKey, Cell[], string>((keys) => cellsOf(ds, keys), { cacheKeyFn: cellsKey }),
    findingsByReport: many(Finding, 'report_id', 'reportId', ['id']),
    versionsByAgency: many(ReportVersion, 'agency_id', 'agencyId', ['year', 'version']),
    scorecard: new DataLoader<number, Awaited<ReturnType<typeof scorecardsOf>>[number]>((ids) => scorecardsOf(ds, ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
