/** GraphQL input types. */
import { Field, InputType, Int } from 'type-graphql';
import { formatsText, type FormatKey, type LevelKey } from '../format';
import type { ReportFilter } from '../query/filter';
import * as E from './enums';

@InputType({ description: 'Selects reports (and the agencies that have them). Every condition given must hold.' })
export class ReportFilterInput implements ReportFilter {
  @Field(() => [Int], { nullable: true, description: 'Report years.' }) years?: number[] | null;
  @Field(() => Int, { nullable: true, description: 'First year of a range (inclusive).' }) yearFrom?: number | null;
  @Field(() => Int, { nullable: true, description: 'Last year of a range (inclusive).' }) yearTo?: number | null;
  @Field(() => [Int], { nullable: true, description: 'Agencies, by id.' }) agencyIds?: number[] | null;
  @Field(() => String, { nullable: true, description: 'Part of the agency’s full name.' }) nameContains?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'A division code (统计用区划代码): agencies in it and in everything under it ("3208": 淮安市 and all in it).',
  })
  division?: string | null;
  @Field(() => String, { nullable: true, description: 'Agencies in the province of this name (江苏省, or 江苏).' })
  province?: string | null;
  @Field(() => String, { nullable: true, description: 'Agencies in the prefecture-level city of this name (淮安市).' })
  city?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Agencies in the county (or county-level city, district, zone) of this name; several may bear it.',
  })
  county?: string | null;
  @Field(() => E.LevelEnum, { nullable: true, description: 'Administrative level of the agency.' })
  level?: LevelKey | null;
  @Field(() => String, { nullable: true, description: `Report format: ${formatsText()}.` })
  format?: FormatKey | null;
  @Field(() => Boolean, { nullable: true, description: 'Reports with (true) or without (false) any finding.' })
  hasFindings?: boolean | null;
  @Field(() => E.RuleKey, { nullable: true, description: 'Reports that break this consistency rule.' }) violatesRule?:
    | string
    | null;
  @Field(() => [E.RuleKey], {
    nullable: true,
    description:
      'Leave out reports breaking any of these rules: lists drop them; aggregations count them in reportsExcluded instead of summing them.',
  })
  excludeViolations?: string[] | null;
}
