/** The divisions that have reports, as a tree (each node names its parent), a node per division and year. */
import type { DataSource } from 'typeorm';
import { gazetteer, type DivisionLevel } from '../divisions/gazetteer';
import { whereReports, type ReportFilter } from './filter';
import { num } from './sql';

export const DIVISION_DEPTHS = ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP'] as const;
export type DivisionDepth = (typeof DIVISION_DEPTHS)[number];

/** A division with reports, in one year: a node of the tree (by parentCode), flat, so BI tools read it as it is. */
export interface DivisionNode {
  code: string;
  name: string;
  level: DivisionLevel;
  /** The node above it in this tree (a municipality's districts hang from the province). */
  parentCode: string | null;
  year: number;
  /** Reports (and agencies reporting) in the division and everything in it, that year. */
  reports: number;
  agencies: number;
}

const COLUMNS = ['province_code', 'city_code', 'county_code', 'township_code'] as const;

/**
 * One statement grouping the filtered reports by the codes of their agencies' divisions and year; the counts are
 * then added up the tree (an agency lies in one place, so agencies add up too). Agencies without a division are left
 * out (`gongkai agencies` lists them).
 */
export async function divisionTree(
  ds: DataSource,
  filter: ReportFilter | null | undefined,
  depth: DivisionDepth = 'COUNTY',
): Promise<DivisionNode[]> {
  const levels = COLUMNS.slice(0, DIVISION_DEPTHS.indexOf(depth) + 1);
  const qb = ds
    .createQueryBuilder()
    .from('report', 'r')
    .innerJoin('agency', 'a', 'a.id = r.agency_id')
    .select('r.year', 'year')
    .addSelect('COUNT(*)', 'reports')
    .addSelect('COUNT(DISTINCT a.id)', 'agencies')
    .where('a.division_code IS NOT NULL')
    .groupBy('r.year');
  for (const c of levels) qb.addSelect(`a.${c}`, c).addGroupBy(`a.${c}`);
  whereReports(qb, filter);
  const g = gazetteer();
  const nodes = new Map<string, DivisionNode>();
  for (const row of (await qb.getRawMany()) as Record<string, unknown>[]) {
    const year = num(row.year)!;
    let parentCode: string | null = null;
    for (const c of levels) {
      const code = row[c] as string | null;
      if (!code) continue;
      const d = g.byCode(code);
      if (!d) continue;
      const node = nodes.get(`${code}@${year}`) ?? {
        code,
        name: d.name,
        level: d.level,
        parentCode,
        year,
        reports: 0,
        agencies: 0,
      };
      node.reports += num(row.reports)!;
      node.agencies += num(row.agencies)!;
      nodes.set(`${code}@${year}`, node);
      parentCode = code;
    }
  }
  return [...nodes.values()].sort((a, b) => (a.code === b.code ? a.year - b.year : a.code < b.code ? -1 : 1));
}
