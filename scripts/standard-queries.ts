/**
 * The standard queries of the benchmark and the load test (issue 4's list, a top-100, and issue 14's nested query).
 * An aggregation also names its query-layer call (`direct`), which the benchmark runs on each aggregation path.
 */
import type { DataSource } from 'typeorm';
import * as analytics from '../src/query/analytics';

/** Which rows an aggregation reads: the rollups, the summary rows stored per report, or the cells (AggregationPath). */
export type Path = analytics.AggregationPath;

export interface StandardQuery {
  name: string;
  query: string;
  /** The same aggregation called in the query layer, on one path. */
  direct?: (ds: DataSource, path: Path) => Promise<unknown>;
  /** The same answer as an export (GET, streamed): what serves it where GraphQL refuses an answer that large. */
  export?: string;
}

/** `path`: an internal argument of the aggregations (BucketArgs.path). */
const on = (path: Path): object => ({ path });

export const STANDARD_QUERIES: StandardQuery[] = [
  {
    name: 'disposition breakdown by year',
    query: '{ dispositionBreakdown(groupBy: [YEAR]) { year category count handled share reports } }',
    direct: (ds, path) => analytics.dispositionBreakdown(ds, { groupBy: ['YEAR'], ...on(path) }),
  },
  {
    name: 'disposition breakdown by agency, one year',
    query:
      '{ dispositionBreakdown(filter: { years: [2021] }, groupBy: [AGENCY]) { agencyId agencyName category count share } }',
    direct: (ds, path) =>
      analytics.dispositionBreakdown(ds, { filter: { years: [2021] }, groupBy: ['AGENCY'], ...on(path) }),
    export: '/export/dispositions.csv?groupBy=AGENCY&years=2021',
  },
  {
    name: 'top 100 agencies by 本机关不掌握, one year',
    query:
      '{ dispositionBreakdown(filter: { years: [2021] }, groupBy: [AGENCY], detail: ROW, rows: [unable_not_held], orderBy: COUNT_DESC, first: 100) { agencyName count share } }',
    direct: (ds, path) =>
      analytics.dispositionBreakdown(ds, {
        filter: { years: [2021] },
        groupBy: ['AGENCY'],
        detail: 'ROW',
        rows: ['unable_not_held'],
        orderBy: 'COUNT_DESC',
        first: 100,
        ...on(path),
      }),
  },
  {
    name: 'procurement totals by province',
    query: '{ procurementTotals(groupBy: [PROVINCE]) { provinceName projects amount_wan reports reportsUnitAssumed } }',
    direct: (ds, path) => analytics.procurementTotals(ds, { groupBy: ['PROVINCE'], ...on(path) }),
  },
  {
    name: 'review correction rate by year',
    query: '{ reviewLitigation(groupBy: [YEAR]) { year kind corrected pending total correctionRate } }',
    direct: (ds, path) => analytics.reviewLitigation(ds, { groupBy: ['YEAR'], ...on(path) }),
  },
  {
    name: 'compareAgencies, 10 agencies × 5 years',
    query: `{ compareAgencies(agencyIds: [1,2,3,4,5,6,7,8,9,10], years: [2019,2020,2021,2022,2023], metrics: [received_new, disclosure_rate, not_held_rate, review_correction_rate]) { agencyId year metric value change } }`,
  },
  {
    name: 'facts, a page of 1,000 rows',
    query: '{ facts(first: 1000) { nodes { agencyId year table row column value line } pageInfo { endCursor } } }',
  },
  {
    name: 'nested: 50 agencies → reports → cells of one table',
    query:
      '{ agencies(first: 50) { nodes { name reports { year cells(table: review_litigation) { row column value } } } } }',
  },
];
