import { Args, Ctx, Info, Query, Resolver } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import * as analytics from '../query/analytics';
import * as lists from '../query/lists';
import { nodeFields } from './selection';
import { denominatorText, formatsPrinting, formulaText, metricFormats, metrics as metricCatalogue } from '../format';
import {
  BucketArgsType,
  CompareArgsType,
  DispositionArgsType,
  FactsArgs,
  FindingsArgs,
  PageArgsType,
  MetricSummaryArgsType,
  MetricValuesArgsType,
  ProcurementArgsType,
} from '../schema/args';
import { METRIC_VALUES_LIMIT, metricSummary, metricValues } from '../query/metric-summary';
import {
  ComparisonType,
  DataQualityBucketType,
  DispositionBucketType,
  FactConnection,
  FindingConnection,
  Metric,
  MetricSummaryBucketType,
  MetricValueRow,
  ProcurementBucketType,
  ReviewLitigationBucketType,
} from '../schema/types';
import { buckets, perPage } from './complexity';
import type { Context } from './context';
import { FACT_LIMITS } from '../query/lists';

@Resolver()
export class AnalyticsResolver {
  @Query(() => [DispositionBucketType], {
    description:
      '办理结果: how requests were handled, per bucket and category (or row), with the share of the bucket’s total handled. Sums the printed 总计 column unless grouped by APPLICANT.',
    complexity: buckets('dispositionBreakdown'),
  })
  dispositionBreakdown(@Args(() => DispositionArgsType) args: DispositionArgsType, @Ctx() ctx: Context) {
    return analytics.dispositionBreakdown(ctx.ds, { ...args, answer: ctx.answer });
  }

  @Query(() => [ProcurementBucketType], {
    description: `政府集中采购: projects and amount (万元). Formats that print it: ${formatsPrinting('proactive', 'procurement').join(', ')}.`,
    complexity: buckets('procurementTotals'),
  })
  procurementTotals(@Args(() => ProcurementArgsType) args: ProcurementArgsType, @Ctx() ctx: Context) {
    return analytics.procurementTotals(ctx.ds, { ...args, answer: ctx.answer });
  }

  @Query(() => [ReviewLitigationBucketType], {
    description: '行政复议、行政诉讼 outcomes per kind, with the correction rate.',
    complexity: buckets('reviewLitigation'),
  })
  reviewLitigation(@Args(() => BucketArgsType) args: BucketArgsType, @Ctx() ctx: Context) {
    return analytics.reviewLitigation(ctx.ds, { ...args, answer: ctx.answer });
  }

  @Query(() => [DataQualityBucketType], {
    description: 'Reports checked and reports breaking each consistency rule.',
    complexity: buckets('dataQuality'),
  })
  dataQuality(@Args(() => BucketArgsType) args: BucketArgsType, @Ctx() ctx: Context) {
    return analytics.dataQuality(ctx.ds, { ...args, answer: ctx.answer });
  }

  @Query(() => [ComparisonType], {
    description: 'Agencies × years × metrics, with the change on the previous year. Metric keys: see `metrics`.',
    complexity: ({ args, childComplexity }) =>
      1 + childComplexity * (args.agencyIds?.length ?? 1) * (args.years?.length ?? 1) * (args.metrics?.length ?? 1),
  })
  compareAgencies(@Args(() => CompareArgsType) args: CompareArgsType, @Ctx() ctx: Context) {
    return analytics.compareAgencies(ctx.ds, args);
  }

  @Query(() => [MetricSummaryBucketType], {
    description:
      'Catalogue metrics over buckets: the pooled value with its numerator and denominator, the reports used and left out, and the distribution across reports (min, quartiles, median, max).',
    complexity: buckets('metricSummary'),
  })
  metricSummary(@Args(() => MetricSummaryArgsType) args: MetricSummaryArgsType, @Ctx() ctx: Context) {
    return metricSummary(ctx.ds, args);
  }

  @Query(() => FindingConnection, {
    description: `The findings of the reports the filter selects, by id. Page size: default ${FACT_LIMITS.default}, at most ${FACT_LIMITS.cap}.`,
    complexity: perPage(FACT_LIMITS.default),
  })
  findings(
    @Args(() => FindingsArgs) { filter, codes }: FindingsArgs,
    @Args(() => PageArgsType) page: PageArgsType,
    @Ctx() ctx: Context,
  ) {
    return lists.findings(ctx.ds, filter, codes, page);
  }

  @Query(() => [MetricValueRow], {
    description: `Catalogue metrics on every report the filter selects (at most ${METRIC_VALUES_LIMIT} reports), one row per report and metric, with their parts: the values behind metricSummary, for BI tools.`,
    complexity: ({ args, childComplexity }) => 1 + childComplexity * 1000 * (args.metrics?.length ?? 1),
  })
  metricValues(@Args(() => MetricValuesArgsType) args: MetricValuesArgsType, @Ctx() ctx: Context) {
    return metricValues(ctx.ds, args);
  }

  @Query(() => [Metric], { description: 'The catalogue of derived metrics.' })
  metrics(): Metric[] {
    return metricCatalogue().map((m) => ({
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
    @Args(() => FactsArgs) { filter, table }: FactsArgs,
    @Args(() => PageArgsType) page: PageArgsType,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return lists.facts(ctx.ds, filter, table, page, nodeFields(info));
  }
}
