import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import * as lists from '../query/lists';
import { FilterArgs, PageArgsType } from '../schema/args';
import { Agency, AgencyConnection, Report } from '../schema/types';
import { perPage, times } from './complexity';
import type { Context } from './context';

@Resolver(() => Agency)
export class AgencyResolver {
  @Query(() => AgencyConnection, {
    description: 'Agencies with at least one report the filter selects, by id.',
    complexity: perPage(),
  })
  agencies(
    @Args(() => FilterArgs) { filter }: FilterArgs,
    @Args(() => PageArgsType) page: PageArgsType,
    @Ctx() ctx: Context,
  ) {
    return lists.agencies(ctx.ds, filter, page);
  }

  @Query(() => Agency, { nullable: true, description: 'One agency by id (null: no such agency).' })
  agency(@Arg('id', () => Int, { description: 'Its id.' }) id: number, @Ctx() ctx: Context) {
    return ctx.loaders.agency.load(id);
  }

  @FieldResolver(() => [Report], { description: 'Its reports, by year.', complexity: times(5) })
  reports(@Root() agency: Agency, @Ctx() ctx: Context) {
    return ctx.loaders.reportsByAgency.load(agency.id);
  }
}
