/** GraphQL input types. */
import { ArgsType, Field, InputType, Int } from 'type-graphql';
import type { FormatKey, LevelKey } from '../format';
import type { ReportFilter } from '../query/filter';
import type { PageArgs } from '../query/pagination';
import * as E from './enums';

@InputType({ description: 'Selects reports (and the agencies that have them). Every condition given must hold.' })
export class ReportFilterInput implements ReportFilter {
  @Field(() => [Int], { nullable: true, description: 'Report years.' }) years?: number[] | null;
  @Field(() => Int, { nullable: true, description: 'First year of a range (inclusive).' }) yearFrom?: number | null;
  @Field(() => Int, { nullable: true, description: 'Last year of a range (inclusive).' }) yearTo?: number | null;
  @Field(() => [Int], { nullable: true }) agencyIds?: number[] | null;
  @Field(() => String, { nullable: true, description: 'Part of the agency’s full name.' }) nameContains?: string | null;
  @Field(() => String, { nullable: true, description: 'Region, exactly (丰城市).' }) region?: string | null;
  @Field(() => E.LevelEnum, { nullable: true }) level?: LevelKey | null;
  @Field(() => String, { nullable: true, description: 'Format generation: "2019" or "2021".' })
  format?: FormatKey | null;
  @Field(() => Boolean, { nullable: true, description: 'Reports with (true) or without (false) any finding.' })
  hasFindings?: boolean | null;
  @Field(() => E.RuleKey, { nullable: true, description: 'Reports that break this consistency rule.' }) violatesRule?:
    | string
    | null;
}

@ArgsType()
export class PageArgsType implements PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size (each list states its default and cap).' }) first?:
    | number
    | null;
  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' }) after?: string | null;
}
