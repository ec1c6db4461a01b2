/**
 * Cost estimates for list fields, read by graphql-query-complexity through type-graphql's field extensions: a list
 * costs its expected length times the cost of one element. Bucket lists are as long as the data makes them, and a
 * narrative text costs by its size: both are estimated from the data's shape (query/shape.ts), which the cost plugin
 * counts and passes as the estimate's context.
 */
import type { ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { allHandlingRows, allRules, dimensions, FORMAT_KEYS, FORMATS, orderedKeys, type TableKey } from '../format';
import type { GroupBy } from '../query/analytics';
import type { ReportFilter } from '../query/filter';
import { BUCKET_LIMITS } from '../query/chunks';
import { PAGE_LIMITS } from '../query/pagination';
import type { DataShape } from '../query/shape';

type FieldComplexity = (o: ComplexityEstimatorArgs) => number;

/** Paginated lists: `first` elements (or the list's default). */
export const perPage =
  (defaultSize: number = PAGE_LIMITS.default): FieldComplexity =>
  ({ args, childComplexity }) =>
    1 + childComplexity * (typeof args.first === 'number' ? args.first : defaultSize);

/** The most cells one report can have in a table: its rows × columns in the format that prints the most. */
const cellsInTable = (table: TableKey) =>
  Math.max(...FORMAT_KEYS.map((f) => FORMATS[f].tables[table].rows.reduce((n, row) => n + row.columns.length, 0)));

/** A report's cells: those of the table asked for, or `all` (a typical report) when every table is. */
export const cellsPerReport =
  (all: number): FieldComplexity =>
  ({ args, childComplexity }) =>
    1 + childComplexity * (args.table ? cellsInTable(args.table as TableKey) : all);

/** Lists of a known typical length. */
export const times =
  (n: number): FieldComplexity =>
  ({ childComplexity }) =>
    1 + childComplexity * n;

export interface BucketEstimateArgs {
  filter?: ReportFilter | null;
  groupBy?: readonly GroupBy[] | null;
}

/**
 * How many buckets a grouping makes in this data, at most: the product of its dimensions' sizes (narrowed by the
 * filter), no more than one per report — a report falls in one year, agency, division and level — times the applicant
 * columns when grouped by applicant.
 */
export function estimateBuckets(shape: DataShape, { filter, groupBy }: BucketEstimateArgs): number {
  const f = filter ?? {};
  const range = f.yearFrom != null && f.yearTo != null ? f.yearTo - f.yearFrom + 1 : Infinity;
  const years = Math.min(shape.years, f.years?.length ?? Infinity, range);
  const agencies = Math.min(shape.agencies, f.agencyIds?.length ?? Infinity);
  const size: Record<Exclude<GroupBy, 'APPLICANT'>, number> = {
    YEAR: years,
    AGENCY: agencies,
    // And the agencies without one (null).
    PROVINCE: shape.provinces + 1,
    CITY: shape.cities + 1,
    COUNTY: shape.counties + 1,
    LEVEL: shape.levels + 1,
  };
  let n = 1;
  for (const g of groupBy ?? []) if (g !== 'APPLICANT') n *= size[g];
  n = Math.min(n, Math.max(1, Math.min(shape.reports, years * agencies)));
  return groupBy?.includes('APPLICANT') ? n * shape.applicants : n;
}

const shapeOf = (context: Record<string, unknown> | undefined) => context?.shape as DataShape | undefined;

/** Without the data's shape (no cost plugin in front): the old guess. */
const UNKNOWN_BUCKETS = 50;

const CATEGORIES = new Set(
  dimensions()
    .filter((d) => d.table === 'applications' && d.kind === 'row' && d.category)
    .map((d) => d.category),
).size;

type Args = Record<string, any>;

/** The elements each bucket of an aggregation gives, by its query field: categories or rows, kinds, rules, metrics. */
const ELEMENTS_PER_BUCKET = {
  dispositionBreakdown: (a: Args) => (a.detail === 'ROW' ? (a.rows?.length ?? allHandlingRows().length) : CATEGORIES),
  procurementTotals: () => 1,
  reviewLitigation: () => orderedKeys('review_litigation', 'row').length,
  dataQuality: () => allRules().length,
  metricSummary: (a: Args) => a.metrics?.length ?? 1,
};

export type Aggregation = keyof typeof ELEMENTS_PER_BUCKET;

export const isAggregation = (field: string): field is Aggregation => Object.hasOwn(ELEMENTS_PER_BUCKET, field);

/** The elements an aggregation returns in this data, at most: its buckets times what each gives, at most `first`. */
export function estimateElements(shape: DataShape, field: Aggregation, args: Args): number {
  const n = estimateBuckets(shape, args) * ELEMENTS_PER_BUCKET[field](args);
  return typeof args.first === 'number' ? Math.min(args.first, n) : n;
}

/**
 * The aggregations answered from one ordered statement (query/analytics.ts `ordered`), which a request asking for one
 * of them alone over HTTP receives chunk by chunk (server/stream.ts): the elements each row of the statement gives.
 */
const ELEMENTS_PER_ROW: Partial<Record<Aggregation, () => number>> = {
  dispositionBreakdown: () => 1,
  procurementTotals: () => 1,
  reviewLitigation: () => 1,
  dataQuality: () => allRules().length,
};

/**
 * An aggregation's list of buckets costs the elements the data makes it return, times the cost of one; where it is
 * streamed (`streamed` in the estimate's context), the elements of one chunk: no more is ever held at once.
 */
export const buckets =
  (field: Aggregation): FieldComplexity =>
  ({ args, childComplexity, context }) => {
    const shape = shapeOf(context);
    const perRow = ELEMENTS_PER_ROW[field];
    const held = context?.streamed && perRow ? BUCKET_LIMITS.chunk * perRow() : Infinity;
    return 1 + childComplexity * Math.min(held, shape ? estimateElements(shape, field, args) : UNKNOWN_BUCKETS);
  };

/**
 * Bytes of text that cost as much as one field: so the cost limit (250,000) admits about as much text as a response
 * may hold (64 MB).
 */
const TEXT_BYTES_PER_COST = 256;

/**
 * Narrative texts (each field of a report's sections): each costs by the size of the longest one stored, so a 10 MB
 * overview costs 10,000, not 1, and thirty aliases of it are refused before they are read.
 */
export const textsBySize: FieldComplexity = ({ childComplexity, context }) =>
  1 + childComplexity * (1 + Math.ceil((shapeOf(context)?.longestSection ?? 0) / TEXT_BYTES_PER_COST));
