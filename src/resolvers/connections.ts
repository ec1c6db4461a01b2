import { FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Page } from '../query/pagination';
import { ScorecardConnection } from '../schema/scorecard';
import { AgencyConnection, FactConnection, ReportConnection } from '../schema/types';

function totalCountResolver(connection: Function) {
  @Resolver(() => connection)
  class TotalCount {
    @FieldResolver(() => Int, { description: 'Rows on all pages (counted only when asked for).' })
    totalCount(@Root() page: Page<unknown>) {
      return page.count();
    }
  }
  return TotalCount;
}

export const CONNECTION_RESOLVERS = [AgencyConnection, ReportConnection, FactConnection, ScorecardConnection].map(
  totalCountResolver,
);
