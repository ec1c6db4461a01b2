import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { divisionTree } from '../query/divisions';
import { DivisionArgs } from '../schema/args';
import { DivisionNode } from '../schema/types';
import { times } from './complexity';
import type { Context } from './context';

@Resolver()
export class DivisionResolver {
  @Query(() => [DivisionNode], {
    description:
      'The divisions that have reports the filter selects, from provinces down to `depth`: a node per division and year (by code, then year), each naming its parent (a tree), with its reports and agencies, everything under it counted. Agencies without a division are not in it.',
    complexity: times(50),
  })
  divisions(@Args(() => DivisionArgs) args: DivisionArgs, @Ctx() ctx: Context) {
    return divisionTree(ctx.ds, args.filter, args.depth);
  }
}
