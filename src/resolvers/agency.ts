import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { gazetteer } from '../divisions/gazetteer';
import type { Agency as AgencyEntity } from '../model/entities';
import * as lists from '../query/lists';
import { FilterArgs, PageArgsType } from '../schema/args';
import { Agency, AgencyAlias, AgencyConnection, Division, Organ, Report } from '../schema/types';
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

  @FieldResolver(() => Organ, { nullable: true, description: 'Which body of its division it is.' })
  organ(@Root() agency: AgencyEntity): Organ | null {
    return agency.organKind ? { kind: agency.organKind, name: agency.organName } : null;
  }

  @FieldResolver(() => Division, { nullable: true, description: 'The province it lies in.' })
  province(@Root() agency: AgencyEntity) {
    return division(agency.provinceCode);
  }

  @FieldResolver(() => Division, {
    nullable: true,
    description:
      'The prefecture-level city it lies in (null under a municipality and for counties a province governs).',
  })
  city(@Root() agency: AgencyEntity) {
    return division(agency.cityCode);
  }

  @FieldResolver(() => Division, { nullable: true, description: 'The county-level division (or zone) it lies in.' })
  county(@Root() agency: AgencyEntity) {
    return division(agency.countyCode);
  }

  @FieldResolver(() => Division, { nullable: true, description: 'The township or street it is (or lies in).' })
  township(@Root() agency: AgencyEntity) {
    return division(agency.townshipCode);
  }

  @FieldResolver(() => [AgencyAlias], {
    description: 'Every name its reports printed, with those reports (one agency, however it was named).',
    complexity: times(5),
  })
  async aliases(@Root() agency: Agency, @Ctx() ctx: Context): Promise<AgencyAlias[]> {
    const out = new Map<string, AgencyAlias>();
    for (const r of await ctx.loaders.reportsByAgency.load(agency.id)) {
      const name = r.agencyName ?? '';
      const fullName = r.agencyFullName ?? name;
      const alias = out.get(`${name}|${fullName}`) ?? { name, fullName, years: [], reportIds: [] };
      alias.years.push(r.year);
      alias.reportIds.push(r.id);
      out.set(`${name}|${fullName}`, alias);
    }
    return [...out.values()];
  }
}

function division(code: string | null): Division | null {
  const d = code ? gazetteer().byCode(code) : undefined;
  return d ? { code: d.code, name: d.name, level: d.level } : null;
}
