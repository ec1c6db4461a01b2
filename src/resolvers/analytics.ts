import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { TableKey } from '../format';
import * as analytics from '../query/analytics';
import * as lists from '../query/lists';
import { METRICS, denominatorText, formulaText, metricFormats } from '../query/metrics';
import { ApplicationRowKey, BucketOrderEnum, DispositionDetailEnum, GroupByEnum, TableKeyEnum } from '../schema/enums';
import { ReportFilterInput } from '../schema/inputs';
import {
  ComparisonType,
  DataQualityBucketType,
  DispositionBucketType,
  FactConnection,
  Metric,
  ProcurementBucketType,
  ReviewLitigationBucketType,
} from '../schema/types';
import { perPage, times } from './complexity';
import type { Context } from './context';
import { FACT_LIMITS } from '../query/lists';

const filterArg = () => Arg('filter', () => ReportFilterInput, { nullable: true });
const groupByArg = () =>
  Arg('groupBy', () => [GroupByEnum], {
    nullable: true,
    description: 'Dimensions of the buckets; none: one bucket over everything.',
  });
const BUCKETS = times(50);

@Resolver()
export class AnalyticsResolver {
  @Query(() => [DispositionBucketType], {
    description:
      '办理结果: how requests were handled, per bucket and category (or row), with the share of the bucket’s total handled. Sums the printed 总计 column unless grouped by APPLICANT.',
    complexity: BUCKETS,
  })
  dispositionBreakdown(
    @filterArg() filter: ReportFilterInput | undefined,
    @groupByArg() groupBy: analytics.GroupBy[] | undefined,
    @Arg('detail', () => DispositionDetailEnum, { defaultValue: 'CATEGORY' }) detail: analytics.DispositionDetail,
    @Arg('rows', () => [ApplicationRowKey], {
      nullable: true,
      description: 'Only these handling rows (e.g. [unable_not_held]); the denominator stays the total handled.',
    })
    rows: string[] | undefined,
    @Arg('orderBy', () => BucketOrderEnum, { defaultValue: 'KEY' }) orderBy: analytics.BucketOrder,
    @Arg('first', () => Int, { nullable: true, description: 'At most this many buckets, after ordering (a top N).' })
    first: number | undefined,
    @Ctx() ctx: Context,
  ) {
    return analytics.dispositionBreakdown(ctx.ds, filter, { groupBy, detail, rows, orderBy, first });
  }

  @Query(() => [ProcurementBucketType], {
    description: '政府集中采购: projects and amount (万元). Format 2019 only.',
    complexity: BUCKETS,
  })
  procurementTotals(
    @filterArg() filter: ReportFilterInput | undefined,
    @groupByArg() groupBy: analytics.GroupBy[] | undefined,
    @Ctx() ctx: Context,
  ) {
    return analytics.procurementTotals(ctx.ds, filter, groupBy);
  }

  @Query(() => [ReviewLitigationBucketType], {
    description: '行政复议、行政诉讼 outcomes per kind, with the correction rate.',
    complexity: BUCKETS,
  })
  reviewLitigation(
    @filterArg() filter: ReportFilterInput | undefined,
    @groupByArg() groupBy: analytics.GroupBy[] | undefined,
    @Ctx() ctx: Context,
  ) {
    return analytics.reviewLitigation(ctx.ds, filter, groupBy);
  }

  @Query(() => [DataQualityBucketType], {
    description: 'Reports checked and reports breaking each consistency rule.',
    complexity: BUCKETS,
  })
  dataQuality(
    @filterArg() filter: ReportFilterInput | undefined,
    @groupByArg() groupBy: analytics.GroupBy[] | undefined,
    @Ctx() ctx: Context,
  ) {
    return analytics.dataQuality(ctx.ds, filter, groupBy);
  }

  @Query(() => [ComparisonType], {
    description: 'Agencies × years × metrics, with the change on the previous year. Metric keys: see `metrics`.',
    complexity: ({ args, childComplexity }) =>
      1 + childComplexity * (args.agencyIds?.length ?? 1) * (args.years?.length ?? 1) * (args.metrics?.length ?? 1),
  })
  compareAgencies(
    @Arg('agencyIds', () => [Int]) agencyIds: number[],
    @Arg('years', () => [Int]) years: number[],
    @Arg('metrics', () => [String]) metrics: string[],
    @Ctx() ctx: Context,
  ) {
    return analytics.compareAgencies(ctx.ds, agencyIds, years, metrics);
  }

  @Query(() => [Metric], { description: 'The catalogue of derived metrics.' })
  metrics(): Metric[] {
    return METRICS.map((m) => ({
      key: m.key,
      label: m.label,
      en: m.en,
      unit: m.unit,
      formula: formulaText(m),
      denominator: denominatorText(m),
      formats: metricFormats(m),
      note: m.note ?? null,
    }));
  }

  @Query(() => FactConnection, {
    description: `Every cell as a flat row (agency, year, table, row, column, value), for BI tools. Page size: default ${FACT_LIMITS.default}, at most ${FACT_LIMITS.cap}.`,
    complexity: perPage(FACT_LIMITS.default),
  })
  facts(
    @filterArg() filter: ReportFilterInput | undefined,
    @Arg('table', () => TableKeyEnum, { nullable: true }) table: TableKey | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: Context,
  ) {
    return lists.facts(ctx.ds, filter, table, { first, after });
  }
}
