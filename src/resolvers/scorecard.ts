import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Report as ReportEntity } from '../model/entities';
import * as scorecard from '../query/scorecard';
import { BucketArgsType, FilterArgs, PageArgsType } from '../schema/args';
import { Scorecard, ScorecardBucketType, ScorecardConnection } from '../schema/scorecard';
import { Report } from '../schema/types';
import { perPage, times } from './complexity';
import type { Context } from './context';

@Resolver(() => Report)
export class ReportScorecardResolver {
  @FieldResolver(() => Scorecard, {
    nullable: true,
    description:
      'The compliance scorecard: on time, complete, consistent, prose agreeing with the tables, not copied — each with its evidence.',
  })
  scorecard(@Root() report: ReportEntity, @Ctx() ctx: Context) {
    return ctx.loaders.scorecard.load(report.id);
  }
}

@Resolver()
export class ScorecardResolver {
  @Query(() => ScorecardConnection, {
    description:
      'Scorecards of the reports the filter selects, by year, then agency: a deduction sheet (GET /export/scorecards.csv).',
    complexity: perPage(),
  })
  scorecards(
    @Args(() => FilterArgs) { filter }: FilterArgs,
    @Args(() => PageArgsType) page: PageArgsType,
    @Ctx() ctx: Context,
  ) {
    return scorecard.scorecards(ctx.ds, filter, page);
  }

  @Query(() => [ScorecardBucketType], {
    description:
      'Per bucket and scorecard item: reports that could be checked, and of them the reports failing (late, incomplete, inconsistent, prose contradicting the tables, copied).',
    complexity: times(50),
  })
  scorecardSummary(@Args(() => BucketArgsType) args: BucketArgsType, @Ctx() ctx: Context) {
    return scorecard.scorecardSummary(ctx.ds, { ...args, answer: ctx.answer });
  }
}
