/**
 * The arguments of every query, each declared once as an @ArgsType class implementing the query layer's own
 * interface: GraphQL arguments, the export endpoint's parameters (server/export.ts reads them from the schema) and the
 * schema docs all derive from these.
 */
import { ArgsType, Field, Int } from 'type-graphql';
import type { TableKey } from '../format';
import type {
  BucketArgs,
  BucketOrder,
  CompareArgs,
  DispositionArgs,
  DispositionDetail,
  GroupBy,
  ProcurementArgs,
} from '../query/analytics';
import type { DivisionDepth } from '../query/divisions';
import type { MetricSummaryArgs, MetricValuesArgs } from '../query/metric-summary';
import type { PageArgs } from '../query/pagination';
import * as E from './enums';
import { ReportFilterInput } from './inputs';

@ArgsType()
export class FilterArgs {
  @Field(() => ReportFilterInput, { nullable: true, description: 'Which reports; none: every report.' })
  filter?: ReportFilterInput | null;
}

@ArgsType()
export class PageArgsType implements PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size (each list states its default and cap).' })
  first?: number | null;
  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;
}

@ArgsType()
export class FactsArgs extends FilterArgs {
  @Field(() => E.TableKeyEnum, { nullable: true, description: 'Only the cells of this table.' })
  table?: TableKey | null;
}

@ArgsType()
export class FindingsArgs extends FilterArgs {
  @Field(() => [E.FindingCodeEnum], { nullable: true, description: 'Only findings of these codes.' })
  codes?: string[] | null;
}

@ArgsType()
export class BucketArgsType extends FilterArgs implements BucketArgs {
  @Field(() => [E.GroupByEnum], {
    nullable: true,
    description: 'Dimensions of the buckets, in this order; none: one bucket over everything.',
  })
  groupBy?: GroupBy[] | null;
}

@ArgsType()
export class ProcurementArgsType extends BucketArgsType implements ProcurementArgs {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Leave out (as reportsExcluded) the reports whose amount was printed without a unit.',
  })
  excludeAssumedUnits?: boolean | null;
}

@ArgsType()
export class DispositionArgsType extends BucketArgsType implements DispositionArgs {
  @Field(() => E.DispositionDetailEnum, {
    defaultValue: 'CATEGORY',
    description: 'CATEGORY: one bucket per outcome category; ROW: per handling row.',
  })
  detail!: DispositionDetail;
  @Field(() => [E.ApplicationRowKey], {
    nullable: true,
    description: 'Only these handling rows (e.g. [unable_not_held]); the denominator stays the total handled.',
  })
  rows?: string[] | null;
  @Field(() => E.BucketOrderEnum, { defaultValue: 'KEY', description: 'Order of the buckets.' })
  orderBy!: BucketOrder;
  @Field(() => Int, { nullable: true, description: 'At most this many buckets, after ordering (a top N).' })
  first?: number | null;
}

@ArgsType()
export class CompareArgsType implements CompareArgs {
  @Field(() => [Int], { description: 'The agencies (ids), at most 100.' })
  agencyIds!: number[];
  @Field(() => [Int], { description: 'The years, at most 30.' })
  years!: number[];
  @Field(() => [E.MetricKey], { description: 'Metrics (see `metrics`), at most 50.' })
  metrics!: string[];
}

@ArgsType()
export class MetricSummaryArgsType extends BucketArgsType implements MetricSummaryArgs {
  @Field(() => [E.MetricKey], { description: 'Metrics (see `metrics`), at most 20.' })
  metrics!: string[];
}

@ArgsType()
export class DivisionArgs extends FilterArgs {
  @Field(() => E.DivisionDepthEnum, { defaultValue: 'COUNTY', description: 'The lowest level of the tree.' })
  depth!: DivisionDepth;
}

@ArgsType()
export class MetricValuesArgsType extends FilterArgs implements MetricValuesArgs {
  @Field(() => [E.MetricKey], { description: 'Metrics (see `metrics`), at most 20.' })
  metrics!: string[];
}
