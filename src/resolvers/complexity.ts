/**
 * Cost estimates for list fields, read by graphql-query-complexity through type-graphql's field extensions: a list
 * costs its expected length times the cost of one element.
 */
import type { ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { PAGE_LIMITS } from '../query/pagination';

type FieldComplexity = (o: ComplexityEstimatorArgs) => number;

/** Paginated lists: `first` elements (or the list's default). */
export const perPage =
  (defaultSize: number = PAGE_LIMITS.default): FieldComplexity =>
  ({ args, childComplexity }) =>
    1 + childComplexity * (typeof args.first === 'number' ? args.first : defaultSize);

/** Lists of a known typical length. */
export const times =
  (n: number): FieldComplexity =>
  ({ childComplexity }) =>
    1 + childComplexity * n;
