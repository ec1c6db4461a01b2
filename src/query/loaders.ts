/**
 * Per-request batch loaders: however many agencies, reports or cells a query touches, each kind of nested field costs
 * one statement per level of the query, not one per parent (no N+1).
 */
import DataLoader from 'dataloader';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { Agency, type Cell, Finding, Report, ReportVersion } from '../model/entities';
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

/** A stored cell as the API reads it: its place and provenance, as plain rows (no entity built per cell). */
export type StoredCell = Pick<
  Cell,
  | 'reportId'
  | 'tableKey'
  | 'rowKey'
  | 'columnKey'
  | 'value'
  | 'raw'
  | 'line'
  | 'page'
  | 'gridTable'
  | 'gridRow'
  | 'gridColumn'
>;

const STORED_CELL: Record<keyof StoredCell, string> = {
  reportId: 'report_id',
  tableKey: 'table_key',
  rowKey: 'row_key',
  columnKey: 'column_key',
  value: 'value',
  raw: 'raw',
  line: 'line',
  page: 'page',
  gridTable: 'grid_table',
  gridRow: 'grid_row',
  gridColumn: 'grid_column',
};

/**
 * Cells per (report, table), filtered in SQL: a query for one table of 50 agencies' reports reads that table's cells
 * (ix_cell_report: report, table), not every cell of each report (3,750 rows instead of 49,468). One statement per
 * batch: the batch's reports, with the tables asked for anywhere in it — or every table when one report is asked for
 * all its cells (a report asked for one table while another is asked for a second reads both; the grouping below
 * drops what was not asked).
 */
async function cellsOf(ds: DataSource, keys: readonly CellsKey[]): Promise<StoredCell[][]> {
  const qb = ds.createQueryBuilder().from('cell', 'e');
  for (const [field, column] of Object.entries(STORED_CELL)) qb.addSelect(`e.${column}`, field);
  whereIdIn(qb, 'e.report_id', 'reports', [...new Set(keys.map((k) => k.reportId))]);
  if (keys.every((k) => k.table !== null))
    qb.andWhere('e.table_key IN (:...tables)', { tables: [...new Set(keys.map((k) => k.table))] });
  const byKey = new Map<string, StoredCell[]>(keys.map((k) => [cellsKey(k), []]));
  for (const cell of (await qb.orderBy('e.id').getRawMany()) as StoredCell[]) {
    byKey.get(cellsKey({ reportId: cell.reportId, table: null }))?.push(cell);
    byKey.get(cellsKey({ reportId: cell.reportId, table: cell.tableKey }))?.push(cell);
  }
  return keys.map((k) => byKey.get(cellsKey(k))!);
}

/** The narrative sections of reports (not read with the report entity: model/entities.ts). */
export type Sections = Pick<Report, 'overview' | 'problems' | 'other'>;

async function sectionsOf(ds: DataSource, ids: readonly number[]): Promise<(Sections | null)[]> {
  const qb = ds.createQueryBuilder().from(Report, 'r').select('r.id', 'id');
  for (const s of ['overview', 'problems', 'other']) qb.addSelect(`r.${s}`, s);
  whereIdIn(qb, 'r.id', 'ids', ids);
  const rows = (await qb.getRawMany()) as (Sections & { id: unknown })[];
  const byId = new Map(rows.map(({ id, ...sections }) => [Number(id), sections]));
  return ids.map((id) => byId.get(id) ?? null);
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
    sections: new DataLoader<number, Sections | null>((ids) => sectionsOf(ds, ids)),
    reportsByAgency: many(Report, 'agency_id', 'agencyId', ['year']),
    cells: new DataLoader<CellsKey, StoredCell[], string>((keys) => cellsOf(ds, keys), { cacheKeyFn: cellsKey }),
    findingsByReport: many(Finding, 'report_id', 'reportId', ['id']),
    versionsByAgency: many(ReportVersion, 'agency_id', 'agencyId', ['year', 'version']),
    scorecard: new DataLoader<number, Awaited<ReturnType<typeof scorecardsOf>>[number]>((ids) => scorecardsOf(ds, ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
