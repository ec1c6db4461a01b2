import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { divisionTree, type DivisionDepth } from '../query/divisions';
import { DivisionDepthEnum } from '../schema/enums';
import { ReportFilterInput } from '../schema/inputs';
import { DivisionNode } from '../schema/types';
import { times } from './complexity';
import type { Context } from './context';

@Resolver()
export class DivisionResolver {
  @Query(() => [DivisionNode], {
    description:
      'The divisions that have reports the filter selects, from provinces down to `depth`, in code order: a tree (each node names its parent) with reports and agencies per year. Agencies without a division are not in it.',
    complexity: times(50),
  })
  divisions(
    @Arg('filter', () => ReportFilterInput, { nullable: true }) filter: ReportFilterInput | undefined,
    @Arg('depth', () => DivisionDepthEnum, { defaultValue: 'COUNTY' }) depth: DivisionDepth,
    @Ctx() ctx: Context,
  ) {
    return divisionTree(ctx.ds, filter, depth);
  }
}
