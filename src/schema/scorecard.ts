/** GraphQL types of the compliance scorecard (query/scorecard.ts): per report, and in buckets. */
import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { DateSource } from '../format';
import {
  ITEM_LABELS,
  ITEMS,
  type Evidence as EvidenceShape,
  type ItemKey,
  type Outcome,
  type Scorecard as ScorecardShape,
  type ScorecardBucket as ScorecardBucketShape,
  type ScorecardItem as ScorecardItemShape,
} from '../query/scorecard';
import { keyEnum, LevelEnum } from './enums';
import { Bucket, connection } from './types';

const ITEM_DESCRIPTIONS: Record<ItemKey, string> = {
  timeliness: 'published by the deadline of 条例第四十九条 for the agency’s kind (closing date, else the page’s date)',
  completeness: 'six sections and three tables present and non-empty; section 五 with real content',
  consistency: 'the consistency rules of FORMAT.md hold (within the report and across years)',
  prose: 'the figures the narrative states agree with the table cells they speak of',
  copy: 'the narrative is not a copy of the year before or of another agency’s report of the same year, and no table equals the year before',
};

export const ScorecardItemKey = keyEnum(
  'ScorecardItemKey',
  'The items of the compliance scorecard.',
  ITEMS.map((key) => ({ key, description: `${ITEM_LABELS[key]}: ${ITEM_DESCRIPTIONS[key]}` })),
);
export const ScorecardOutcome = keyEnum('ScorecardOutcome', 'pass, fail, or unknown: could not be checked.', [
  { key: 'pass' },
  { key: 'fail' },
  { key: 'unknown' },
]);
export const DateSourceEnum = keyEnum('DateSource', 'Where a publication date was read.', [
  { key: 'closing_date', description: 'the date printed under the signature' },
  { key: 'page_date', description: 'the web page’s own date (发布时间 …), where the report prints none' },
]);

@ObjectType({ simpleResolvers: true, description: 'What an item was judged on, and where it was seen.' })
export class Evidence implements EvidenceShape {
  @Field(() => String, { description: 'In words.' }) text!: string;
  @Field(() => Int, { nullable: true, description: 'Line of the report’s text view.' }) line?: number | null;
  @Field(() => Int, { nullable: true, description: 'PDF: the page.' }) page?: number | null;
  @Field(() => String, { nullable: true, description: 'The cells or table concerned ("table/row/column", …).' })
  cell?: string | null;
  @Field(() => Float, { nullable: true, description: 'The figure concerned, as stated.' }) value?: number | null;
  @Field(() => Int, { nullable: true, description: 'The other report (a copy’s source or twin).' })
  otherReportId?: number | null;
  @Field(() => String, { nullable: true, description: 'The other report’s agency.' }) otherAgencyName?: string | null;
  @Field(() => Int, { nullable: true, description: 'The other report’s year.' }) otherYear?: number | null;
  @Field(() => Float, { nullable: true, description: 'Narrative similarity with it (Jaccard, 0–1).' })
  similarity?: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'One item of a scorecard.' })
export class ScorecardItem implements ScorecardItemShape {
  @Field(() => ScorecardItemKey, { description: 'Which item.' }) key!: ItemKey;
  @Field(() => String, { description: 'Its Chinese name.' }) label!: string;
  @Field(() => ScorecardOutcome, { description: 'pass, fail or unknown.' }) outcome!: Outcome;
  @Field(() => String, { description: 'The outcome in words.' }) summary!: string;
  @Field(() => [Evidence], { description: 'What it was judged on.' }) evidence!: Evidence[];
}

@ObjectType({
  simpleResolvers: true,
  description:
    'A report’s compliance scorecard: one row of a deduction sheet (the flat fields, as exported) and its items with their evidence.',
})
export class Scorecard implements ScorecardShape {
  @Field(() => Int, { description: 'The report.' }) reportId!: number;
  @Field(() => Int, { description: 'Its agency.' }) agencyId!: number;
  @Field(() => String, { description: 'The agency’s name.' }) agencyName!: string;
  @Field(() => Int, { description: 'The report’s year.' }) year!: number;
  @Field(() => LevelEnum, { nullable: true, description: 'The agency’s level.' })
  level!: ScorecardShape['level'];
  @Field(() => String, {
    nullable: true,
    description:
      'The agency’s organ (government, office, department, township, zone), which decides the deadline (its level where unresolved).',
  })
  organKind!: string | null;
  @Field(() => ScorecardOutcome, { description: '按时公布.' }) timeliness!: Outcome;
  @Field(() => String, { nullable: true, description: 'The deadline (null: the agency’s kind is unknown).' })
  deadline!: string | null;
  @Field(() => String, { nullable: true, description: 'The publication date (null: unknown).' }) published!:
    | string
    | null;
  @Field(() => DateSourceEnum, { nullable: true, description: 'Where the publication date was read.' })
  dateSource!: DateSource | null;
  @Field(() => Int, { nullable: true, description: 'Days after the deadline (negative: before).' }) daysLate!:
    | number
    | null;
  @Field(() => ScorecardOutcome, { description: '内容完整.' }) completeness!: Outcome;
  @Field(() => String, { description: 'Sections missing or empty, comma-separated keys.' }) sectionsMissing!: string;
  @Field(() => String, { description: 'Tables missing or entirely blank, comma-separated keys.' })
  tablesMissingOrEmpty!: string;
  @Field(() => Int, { nullable: true, description: 'Characters of content in section 五 (see the README).' })
  problemsChars!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Cells found / cells the format expects (the parser’s completeness measure): shown, not judged.',
  })
  cellsFound!: number | null;
  @Field(() => ScorecardOutcome, { description: '数据勾稽.' }) consistency!: Outcome;
  @Field(() => String, { description: 'The rules that could be checked, comma-separated (empty: none).' })
  rulesChecked!: string;
  @Field(() => Int, { description: 'Rule violations (warnings).' }) violations!: number;
  @Field(() => Int, { description: 'Violations of weak rules (stock_flow): shown, not counted.' })
  weakViolations!: number;
  @Field(() => ScorecardOutcome, { description: '文表一致.' }) prose!: Outcome;
  @Field(() => Int, { description: 'Narrative figures compared with the tables.' }) proseCompared!: number;
  @Field(() => Int, { description: 'Of them, figures that differ.' }) proseContradicted!: number;
  @Field(() => ScorecardOutcome, { description: '非照抄.' }) copy!: Outcome;
  @Field(() => Float, {
    nullable: true,
    description: 'Narrative similarity with the same agency’s report of the year before (null: none, or below 0.5).',
  })
  similarityPrevious!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Highest narrative similarity with another agency’s report of the same year (null: below 0.5).',
  })
  similaritySameYear!: number | null;
  @Field(() => Int, { nullable: true, description: 'The most similar of those reports.' })
  mostSimilarReportId!: number | null;
  @Field(() => String, { description: 'Tables with every cell equal to the year before (not all zero).' })
  tablesSameAsPrevious!: string;
  @Field(() => Int, { description: 'Items failed: the deductions.' }) itemsFailed!: number;
  @Field(() => Int, { description: 'Items that could be checked.' }) itemsChecked!: number;
  @Field(() => [ScorecardItem], { description: 'Each item with its outcome and evidence.' }) items!: ScorecardItem[];
}

export const ScorecardConnection = connection(Scorecard, 'ScorecardConnection');

@ObjectType('ScorecardBucket', {
  simpleResolvers: true,
  description: 'How many reports fail one scorecard item, of those that could be checked, in one bucket.',
})
export class ScorecardBucketType extends Bucket implements ScorecardBucketShape {
  @Field(() => ScorecardItemKey, { description: 'The item.' }) item!: ItemKey;
  @Field(() => Int, { description: 'Reports whose item could be checked (the denominator).' }) reportsChecked!: number;
  @Field(() => Int, { description: 'Of them, reports failing it.' }) reportsFailing!: number;
  @Field(() => Float, { nullable: true, description: 'reportsFailing / reportsChecked.' }) share!: number | null;
}
