/**
 * GraphQL object types. Field names and enum values are FORMAT.md's keys; the query layer's shapes are implemented,
 * not copied. simpleResolvers: no middleware runs on their fields, so a page of 1,000 facts is not 1,000 × 17 wrapped
 * calls (BENCHMARKS.md).
 */
import { DateTimeISOResolver, LocalDateResolver, SafeIntResolver } from 'graphql-scalars';
import { Field, Float, Int, InterfaceType, ObjectType } from 'type-graphql';
import { FORMAT_KEYS, FORMATS, TABLE_KEYS, dimensions, formatsPrinting, formatsText, type TableKey } from '../format';
import type {
  BucketKey,
  Comparison,
  DataQualityBucket,
  DispositionBucket,
  ProcurementBucket,
  ReviewLitigationBucket,
} from '../query/analytics';
import type { Accounting } from '../query/accounting';
import type { DivisionNode as DivisionNodeShape } from '../query/divisions';
import type { Fact as FactShape } from '../query/lists';
import type { MetricSummaryBucket, MetricValueRow as MetricValueRowShape } from '../query/metric-summary';
import type { MetricParts } from '../format';
import type { PageInfo as PageInfoShape } from '../query/pagination';
import * as E from './enums';

@ObjectType({ simpleResolvers: true, description: 'A government body that publishes annual reports.' })
export class Agency {
  @Field(() => Int, { description: 'Stable id of the agency in this database.' }) id!: number;
  @Field(() => String, { description: 'As printed in the title (湖塘乡).' }) name!: string;
  @Field(() => String, {
    description: 'The issuing body, from the signature where it names the agency (丰城市湖塘乡人民政府).',
  })
  fullName!: string;
  @Field(() => E.LevelEnum, { nullable: true, description: 'From its division and organ (a department for offices).' })
  level!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Its division of the gazetteer (统计用区划代码); null when its reports do not tell which (findings say why).',
  })
  divisionCode!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A division of the gazetteer (统计用区划代码 2023).' })
export class Division {
  @Field(() => String, { description: 'Its code (2 digits a province, 4 a city, 6 a county, 9 a township).' })
  code!: string;
  @Field(() => String, { description: 'Its name (洪泽区).' }) name!: string;
  @Field(() => E.DivisionLevelEnum, { description: 'Its level.' }) level!: string;
}

@ObjectType({
  simpleResolvers: true,
  description: 'A division with reports in one year: a node of the `divisions` tree.',
})
export class DivisionNode implements DivisionNodeShape {
  @Field(() => String, { description: 'Its code.' }) code!: string;
  @Field(() => String, { description: 'Its name.' }) name!: string;
  @Field(() => E.DivisionLevelEnum, { description: 'Its level.' }) level!: DivisionNodeShape['level'];
  @Field(() => String, { nullable: true, description: 'The node above it (a municipality’s districts: the province).' })
  parentCode!: string | null;
  @Field(() => Int, { description: 'The report year.' }) year!: number;
  @Field(() => Int, { description: 'Reports of agencies in the division (and in everything in it) that year.' })
  reports!: number;
  @Field(() => Int, { description: 'Agencies with such a report.' }) agencies!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Which body of its division an agency is.' })
export class Organ {
  @Field(() => E.OrganKindEnum, { description: 'Its kind.' }) kind!: string;
  @Field(() => String, { nullable: true, description: 'A department’s full name (发展和改革局 for 发改局).' })
  name!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A name an agency printed, and the reports that printed it.' })
export class AgencyAlias {
  @Field(() => String, { description: 'In the title.' }) name!: string;
  @Field(() => String, { description: 'In the signature, where it names the agency; else the title’s.' })
  fullName!: string;
  @Field(() => [Int], { description: 'The years of the reports that printed it.' }) years!: number[];
  @Field(() => [Int], { description: 'Those reports.' }) reportIds!: number[];
}

@ObjectType({ simpleResolvers: true, description: 'The narrative sections, as printed.' })
export class ReportSections {
  @Field(() => String, { nullable: true, description: '一、总体情况, as printed.' }) overview!: string | null;
  @Field(() => String, { nullable: true, description: '五、存在的主要问题及改进情况, as printed.' }) problems!:
    | string
    | null;
  @Field(() => String, { nullable: true, description: '六、其他需要报告的事项, as printed.' }) other!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'One annual report of one agency.' })
export class Report {
  @Field(() => Int, { description: 'Stable id of the report in this database.' }) id!: number;
  @Field(() => Int, { description: 'The agency that published it.' }) agencyId!: number;
  @Field(() => Int, { description: 'The year the report covers (the title’s year).' }) year!: number;
  @Field(() => String, {
    description: `The report format, detected from the table labels: ${formatsText()}.`,
  })
  format!: string;
  @Field(() => LocalDateResolver, { nullable: true, description: 'Date printed under the signature.' }) publishedOn!:
    | string
    | null;
  @Field(() => String, { description: 'The file the report was read from.' }) sourceFile!: string;
  @Field(() => String, { description: 'What the file was, told by its content: text, html, docx or pdf.' })
  sourceKind!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Text files and web pages: the encoding they were read in (utf-8, gb18030, …).',
  })
  encoding!: string | null;
  @Field(() => String, { description: 'SHA-256 of the file.' }) sha256!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Downloaded reports (gongkai fetch, crawl): the URL the file was fetched from.',
  })
  sourceUrl!: string | null;
  @Field(() => DateTimeISOResolver, { description: 'When it was ingested (UTC).' }) ingestedAt!: string;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'A file ingested for the same agency and year. The current version is the report; the others are kept with their counts (a version clearly worse than the current one is not made current).',
})
export class ReportVersion {
  @Field(() => Int, { description: '1, 2, … in the order the files were ingested.' }) version!: number;
  @Field(() => Boolean, { description: 'Whether this version is the report (exactly one is).' }) current!: boolean;
  @Field(() => String, { description: 'The file this version was read from.' }) sourceFile!: string;
  @Field(() => String, { nullable: true, description: 'Downloaded versions: the URL the file was fetched from.' })
  sourceUrl!: string | null;
  @Field(() => String, { description: 'SHA-256 of the file (downloads: its name in the archive).' }) sha256!: string;
  @Field(() => String, { description: 'What the file was, told by its content: text, html, docx or pdf.' })
  sourceKind!: string;
  @Field(() => String, { description: 'The format generation detected in it.' }) format!: string;
  @Field(() => Int, { description: 'Cells found.' }) cells!: number;
  @Field(() => Int, { description: 'Findings of severity error.' }) errors!: number;
  @Field(() => Int, { description: 'Findings of severity warning.' }) warnings!: number;
  @Field(() => Int, { description: 'Findings of severity info.' }) infos!: number;
  @Field(() => Int, { description: 'Of the three tables, how many gave at least one cell.' }) tablesFound!: number;
  @Field(() => Float, {
    nullable: true,
    description:
      'Cells found / cells the format expects (every non-optional row of the format × its columns); null for versions ingested before versions were kept.',
  })
  completeness!: number | null;
  @Field(() => DateTimeISOResolver, { description: 'When it was ingested (UTC).' }) ingestedAt!: string;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'How much of a report was read: the cells found of those its format expects (every row it prints in full × its columns; of (六)其他处理 as one row or as its three sub-rows, the one the report prints). A printed blank is found.',
})
export class Completeness {
  @Field(() => Int, { description: 'Cells found (a printed blank included).' }) found!: number;
  @Field(() => Int, { description: 'Cells the format expects.' }) expected!: number;
  @Field(() => Float, { description: 'found / expected, from 0 to 1.' }) ratio!: number;
}

@InterfaceType({ description: 'Where in a PDF, web page or Word file a cell was printed (beside its line).' })
abstract class PrintedAt {
  @Field(() => Int, { nullable: true, description: 'PDF: the page the cell is printed on.' }) page!: number | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'Web pages and Word files: the table of the document (1-based, counting every data table of the file).',
  })
  gridTable!: number | null;
  @Field(() => Int, { nullable: true, description: 'Web pages and Word files: the row of that table (1-based).' })
  gridRow!: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Web pages and Word files: the column of that table, merged cells resolved (1-based).',
  })
  gridColumn!: number | null;
}

@ObjectType({
  simpleResolvers: true,
  implements: PrintedAt,
  description:
    'A table cell, with its provenance. A printed blank has value null; a cell not found in the text does not exist (and its report has a finding).',
})
export class CellValue extends PrintedAt {
  @Field(() => E.TableKeyEnum, { description: 'The table key.' }) table!: TableKey;
  @Field(() => String, { description: 'The row key (FORMAT.md).' }) row!: string;
  @Field(() => String, { description: 'The column key (FORMAT.md).' }) column!: string;
  @Field(() => Float, { nullable: true, description: 'null: printed blank (not reported). Money is in 万元.' }) value!:
    | number
    | null;
  @Field(() => String, { description: 'The cell as printed.' }) raw!: string;
  @Field(() => String, { description: 'The file the cell was read from.' }) sourceFile!: string;
  @Field(() => Int, {
    description:
      'Line of the source text the cell was read from (for web pages, Word files and PDFs: of their text view, `gongkai parse --text`).',
  })
  line!: number;
}

@ObjectType({
  simpleResolvers: true,
  description: 'Something the parser was unsure of, or a consistency rule that does not hold.',
})
export class Finding {
  @Field(() => Int, { description: 'Stable id of the finding.' }) id!: number;
  @Field(() => Int, { description: 'The report it is about.' }) reportId!: number;
  @Field(() => E.FindingCodeEnum, { description: 'What kind of finding (see FindingCode).' }) code!: string;
  @Field(() => E.SeverityEnum, { description: 'error: data lost; warning: data doubtful; info: noted.' })
  severity!: string;
  @Field(() => String, { description: 'What was found, in words, with the printed text where it helps.' })
  message!: string;
  @Field(() => Int, { nullable: true, description: 'Line of the source text it concerns, when one.' }) line!:
    | number
    | null;
  @Field(() => E.TableKeyEnum, { nullable: true, description: 'The table it concerns, when one.' }) tableKey!:
    | string
    | null;
  @Field(() => String, { nullable: true, description: 'The row it concerns, when one.' }) rowKey!: string | null;
  @Field(() => String, { nullable: true, description: 'The column it concerns, when one.' }) columnKey!: string | null;
  @Field(() => E.RuleKey, { nullable: true, description: 'For rule_violation: the rule broken.' }) rule!: string | null;
  @Field(() => Float, { nullable: true, description: 'For rule_violation: the left side of the equation.' }) expected!:
    | number
    | null;
  @Field(() => Float, { nullable: true, description: 'For rule_violation: the right side of the equation.' }) actual!:
    | number
    | null;
}

/** A typed row of one table: one nullable field per column key of the format description, holding the cell. */
function tableRowType(
  table: TableKey,
  name: string,
  keyEnum: object,
  extra: Record<string, [() => object, string]> = {},
) {
  @ObjectType(name, {
    simpleResolvers: true,
    description: `A row of the ${table} table (${FORMATS[FORMAT_KEYS[FORMAT_KEYS.length - 1]].tables[table].label}). A column the report's format does not print for the row is null.`,
  })
  class TableRow {
    @Field(() => keyEnum, { description: 'The row key (FORMAT.md).' }) key!: string;
    @Field(() => String, { description: 'The row’s label in the national form.' }) label!: string;
    @Field(() => String, { description: 'The row’s name in English.' }) en!: string;
    @Field(() => [String], { description: 'The column keys the report’s format prints for this row.' })
    columns!: string[];
  }
  const columns = dimensions()
    .filter((d) => d.table === table && d.kind === 'column')
    .sort((a, b) => a.order - b.order);
  for (const c of columns)
    Field(() => CellValue, { nullable: true, description: `${c.label} · ${c.en}` })(TableRow.prototype, c.key);
  for (const [field, [type, description]] of Object.entries(extra))
    Field(type, { nullable: true, description })(TableRow.prototype, field);
  return TableRow;
}

export const ProactiveRow = tableRowType('proactive', 'ProactiveRow', E.ProactiveRowKey, {
  item: [() => String, 'The 第二十条 item whose block holds the row (一, 五, 六, 八, 九).'],
});
export const ApplicationRow = tableRowType('applications', 'ApplicationRow', E.ApplicationRowKey, {
  category: [() => E.DispositionCategory, 'The handling category of an outcome row.'],
});
export const ReviewLitigationRow = tableRowType('review_litigation', 'ReviewLitigationRow', E.ReviewLitigationRowKey);
export type TableRowShape = { key: string; label: string; en: string; columns: string[] } & Record<string, unknown>;
export const TABLE_ROW_TYPES = Object.fromEntries(
  TABLE_KEYS.map((t, i) => [t, [ProactiveRow, ApplicationRow, ReviewLitigationRow][i]]),
);

@ObjectType({ simpleResolvers: true, description: 'Where a page stands in its list.' })
export class PageInfo implements PageInfoShape {
  @Field(() => Boolean, { description: 'Whether another page follows.' }) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' }) endCursor!: string | null;
}

/** A page of a list; its totalCount is a field resolver (resolvers/connections.ts), so the COUNT runs only when asked for. */
export function connection<T extends object>(node: new () => T, name: string) {
  @ObjectType(name, { simpleResolvers: true, description: `A page of ${node.name} items, with where it stands.` })
  class Connection {
    @Field(() => [node], { description: 'The items of this page, in the list’s order.' }) nodes!: T[];
    @Field(() => PageInfo, { description: 'Whether more follow, and the cursor to ask for them.' }) pageInfo!: PageInfo;
  }
  return Connection;
}

export const AgencyConnection = connection(Agency, 'AgencyConnection');
export const ReportConnection = connection(Report, 'ReportConnection');

@ObjectType({ simpleResolvers: true, implements: PrintedAt, description: 'One cell as a flat row, for BI tools.' })
export class Fact extends PrintedAt implements FactShape {
  @Field(() => Int, { description: 'The agency.' }) agencyId!: number;
  @Field(() => String, { description: 'The agency’s name.' }) agencyName!: string;
  @Field(() => String, { description: 'The agency’s full name.' }) agencyFullName!: string;
  @Field(() => String, { nullable: true, description: 'The agency’s division code (统计用区划代码).' })
  divisionCode!: string | null;
  @Field(() => String, { nullable: true, description: 'Its province’s code.' }) provinceCode!: string | null;
  @Field(() => String, { nullable: true, description: 'Its province’s name.' }) provinceName!: string | null;
  @Field(() => String, { nullable: true, description: 'Its prefecture-level city’s code.' }) cityCode!: string | null;
  @Field(() => String, { nullable: true, description: 'Its prefecture-level city’s name.' }) cityName!: string | null;
  @Field(() => String, { nullable: true, description: 'Its county’s code.' }) countyCode!: string | null;
  @Field(() => String, { nullable: true, description: 'Its county’s name.' }) countyName!: string | null;
  @Field(() => String, { nullable: true, description: 'Its township’s code.' }) townshipCode!: string | null;
  @Field(() => String, { nullable: true, description: 'Its township’s name.' }) townshipName!: string | null;
  @Field(() => E.LevelEnum, { nullable: true, description: 'The agency’s level.' }) level!: FactShape['level'];
  @Field(() => Int, { description: 'The report.' }) reportId!: number;
  @Field(() => Int, { description: 'The report’s year.' }) year!: number;
  @Field(() => String, { description: 'The report’s format.' }) format!: FactShape['format'];
  @Field(() => E.TableKeyEnum, { description: 'The table key.' }) table!: TableKey;
  @Field(() => String, { description: 'The row key (FORMAT.md).' }) row!: string;
  @Field(() => String, { description: 'The row’s Chinese label.' }) rowLabel!: string;
  @Field(() => String, { description: 'The column key (FORMAT.md).' }) column!: string;
  @Field(() => String, { description: 'The column’s Chinese label.' }) columnLabel!: string;
  @Field(() => Float, { nullable: true, description: 'null: printed blank.' }) value!: number | null;
  @Field(() => String, { description: 'The cell as printed.' }) raw!: string;
  @Field(() => String, { description: 'The file the cell was read from.' }) sourceFile!: string;
  @Field(() => Int, { description: 'Line of the source text (its text view for documents).' }) line!: number;
  cellId!: number;
}

export const FactConnection = connection(Fact, 'FactConnection');
export const FindingConnection = connection(Finding, 'FindingConnection');

@ObjectType({
  simpleResolvers: true,
  description: 'Key fields of a bucket; those of dimensions not grouped by are null.',
})
export class Bucket implements BucketKey {
  @Field(() => Int, { nullable: true, description: 'Set when grouped by YEAR.' }) year?: number;
  @Field(() => Int, { nullable: true, description: 'Set when grouped by AGENCY.' }) agencyId?: number;
  @Field(() => String, { nullable: true, description: 'Set when grouped by AGENCY.' }) agencyName?: string;
  @Field(() => String, { nullable: true, description: 'Set when grouped by PROVINCE (null: no division).' })
  provinceCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Set when grouped by PROVINCE.' }) provinceName?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Set when grouped by CITY (null: no division, or none: a municipality’s districts).',
  })
  cityCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Set when grouped by CITY.' }) cityName?: string | null;
  @Field(() => String, { nullable: true, description: 'Set when grouped by COUNTY (null: no division, or above one).' })
  countyCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Set when grouped by COUNTY.' }) countyName?: string | null;
  @Field(() => E.LevelEnum, { nullable: true, description: 'Set when grouped by LEVEL.' }) level?: BucketKey['level'];
  @Field(() => E.ApplicationColumnKey, { nullable: true, description: 'Set when grouped by APPLICANT.' })
  applicant?: string;
}

@ObjectType({
  simpleResolvers: true,
  description: 'A bucket that accounts for itself: its reports, those summed, and why the others are not.',
})
class AccountedBucket extends Bucket implements Accounting {
  @Field(() => Int, { description: 'Reports in the bucket: every report the filter selects for it.' }) reports!: number;
  @Field(() => Int, { description: 'Reports whose numbers are summed in the bucket.' }) reportsUsed!: number;
  @Field(() => Int, { description: 'Left out: a cell the bucket reads is printed blank (blank is not 0).' })
  reportsBlank!: number;
  @Field(() => Int, { description: 'Left out: a cell the bucket reads was not found (the report has a finding).' })
  reportsMissing!: number;
  @Field(() => Int, {
    description: 'Left out: the report’s format does not print the row (or it printed the alternative).',
  })
  reportsNotPrinted!: number;
  @Field(() => Int, { description: 'Left out: the report breaks a rule named in excludeViolations.' })
  reportsExcluded!: number;
  @Field(() => Int, {
    description: 'Of the reports used, those breaking a consistency rule that reads the bucket’s cells.',
  })
  reportsViolating!: number;
}

@ObjectType('DispositionBucket', { simpleResolvers: true, description: 'Handling outcomes in one bucket.' })
export class DispositionBucketType extends AccountedBucket implements DispositionBucket {
  @Field(() => E.DispositionCategory, {
    nullable: true,
    description: 'The outcome category: the bucket’s (detail CATEGORY) or its row’s (detail ROW).',
  })
  category!: string | null;
  @Field(() => E.ApplicationRowKey, { nullable: true, description: 'With detail ROW.' }) row!: string | null;
  @Field(() => SafeIntResolver, {
    nullable: true,
    description: 'Requests with this outcome, over the reports used (null: no report used).',
  })
  count!: number | null;
  @Field(() => SafeIntResolver, {
    nullable: true,
    description: 'The printed 总计 (total_handled) of the reports used: the denominator of share.',
  })
  handled!: number | null;
  @Field(() => Float, { nullable: true, description: 'count / handled; null when handled is 0 or no report is used.' })
  share!: number | null;
}

@ObjectType('ProcurementBucket', {
  simpleResolvers: true,
  description: `政府集中采购 totals in one bucket (formats that print them: ${formatsPrinting('proactive', 'procurement').join(', ')}; the others make no bucket).`,
})
export class ProcurementBucketType extends AccountedBucket implements ProcurementBucket {
  @Field(() => SafeIntResolver, { nullable: true, description: '政府集中采购项目数, summed over the reports used.' })
  projects!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Amount in 万元 over the reports used, exact to the 元 (amount_wan_stated + amount_wan_assumed).',
  })
  amount_wan!: number | null;
  @Field(() => Float, { nullable: true, description: 'Of amount_wan: amounts printed with their unit.' })
  amount_wan_stated!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Of amount_wan: amounts printed without a unit, taken as 万元 (unit_assumed): perhaps 元.',
  })
  amount_wan_assumed!: number | null;
  @Field(() => Int, { description: 'Reports used whose amount had no unit and was taken as 万元 (unit_assumed).' })
  reportsUnitAssumed!: number;
}

@ObjectType('ReviewLitigationBucket', {
  simpleResolvers: true,
  description: 'Review / litigation outcomes of one kind in one bucket.',
})
export class ReviewLitigationBucketType extends AccountedBucket implements ReviewLitigationBucket {
  @Field(() => E.ReviewLitigationRowKey, { description: 'review, litigation_direct or litigation_after_review.' })
  kind!: string;
  @Field(() => SafeIntResolver, { nullable: true, description: '结果维持, summed over the reports used.' }) upheld!:
    | number
    | null;
  @Field(() => SafeIntResolver, { nullable: true, description: '结果纠正, summed over the reports used.' }) corrected!:
    | number
    | null;
  @Field(() => SafeIntResolver, { nullable: true, description: '其他结果, summed over the reports used.' }) other!:
    | number
    | null;
  @Field(() => SafeIntResolver, { nullable: true, description: '尚未审结, summed over the reports used.' }) pending!:
    | number
    | null;
  @Field(() => SafeIntResolver, { nullable: true, description: '总计 as printed, summed over the reports used.' })
  total!: number | null;
  @Field(() => SafeIntResolver, { nullable: true, description: 'The numerator of correctionRate: corrected.' })
  correctionNumerator!: number | null;
  @Field(() => SafeIntResolver, {
    nullable: true,
    description:
      'The denominator of correctionRate: concluded cases, upheld + corrected + other (not total − pending).',
  })
  correctionDenominator!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      '复议/诉讼纠错率: correctionNumerator / correctionDenominator; null when that is 0 or no report is used.',
  })
  correctionRate!: number | null;
}

@ObjectType('DataQualityBucket', {
  simpleResolvers: true,
  description: 'How many reports break one consistency rule, in one bucket.',
})
export class DataQualityBucketType extends Bucket implements DataQualityBucket {
  @Field(() => E.RuleKey, { description: 'The consistency rule.' }) rule!: string;
  @Field(() => Int, { description: 'Reports in the bucket.' }) reports!: number;
  @Field(() => Int, {
    description:
      'Reports on which the rule could be checked: every cell of one of its equations printed (for carry_continuity, the year before stored too).',
  })
  reportsChecked!: number;
  @Field(() => Int, { description: 'Reports with at least one violation of the rule.' }) reportsViolating!: number;
  @Field(() => Float, {
    nullable: true,
    description:
      'reportsViolating / reportsChecked: over the reports where the rule could be checked, never the others.',
  })
  share!: number | null;
  @Field(() => Int, { description: 'Reports of which every cell their format expects was read.' })
  reportsFullyRead!: number;
  @Field(() => Float, {
    nullable: true,
    description: 'The mean over the reports of their completeness (cells found / cells their format expects).',
  })
  meanCompleteness!: number | null;
  @Field(() => Int, { description: 'Cells found in the reports, of those their formats expect.' }) cellsFound!: number;
  @Field(() => Int, { description: 'Cells the reports’ formats expect.' }) cellsExpected!: number;
}

@ObjectType('Comparison', {
  simpleResolvers: true,
  description: 'One metric of one agency in one year, with the change on the year before.',
})
export class ComparisonType implements Comparison {
  @Field(() => Int, { description: 'The agency.' }) agencyId!: number;
  @Field(() => String, { description: 'The agency’s name.' }) agencyName!: string;
  @Field(() => Int, { description: 'The year.' }) year!: number;
  @Field(() => Int, { nullable: true, description: 'null: no report for this year.' }) reportId!: number | null;
  @Field(() => String, { nullable: true, description: 'The report’s format (null: no report that year).' })
  format!: Comparison['format'];
  @Field(() => String, { description: 'The metric key.' }) metric!: string;
  @Field(() => Float, {
    nullable: true,
    description: 'The metric on that year’s report (null: no report, a cell blank or missing, or a zero denominator).',
  })
  value!: number | null;
  @Field(() => Float, { nullable: true, description: 'The numerator of value (a count: value itself).' })
  numerator!: number | null;
  @Field(() => Float, { nullable: true, description: 'The denominator of value (null for a count).' })
  denominator!: number | null;
  @Field(() => E.MetricStatusEnum, {
    nullable: true,
    description: 'Why value is null (ok when it is not); null: no report that year.',
  })
  status!: Comparison['status'];
  @Field(() => Float, { nullable: true, description: 'The metric on the year before.' }) previousValue!: number | null;
  @Field(() => Float, { nullable: true, description: 'value − previousValue, where both exist.' }) change!:
    | number
    | null;
}

@ObjectType({ simpleResolvers: true, description: 'A derived metric: what it means and how it is computed.' })
export class Metric {
  @Field(() => String, { description: 'The metric key, for `metric(key:)` and `compareAgencies`.' }) key!: string;
  @Field(() => String, { description: 'Chinese name.' }) label!: string;
  @Field(() => String, { description: 'English name.' }) en!: string;
  @Field(() => String, { description: 'rate, count or wan_yuan.' }) unit!: string;
  @Field(() => String, { description: 'Cells as table.row.column.' }) formula!: string;
  @Field(() => String, { nullable: true, description: 'The denominator as cells (null: a count, not a rate).' })
  denominator!: string | null;
  @Field(() => [String], { description: 'Format generations that print every cell it reads; in others it is null.' })
  formats!: string[];
  @Field(() => String, { nullable: true, description: 'What to keep in mind reading it.' }) note!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A metric on one report, with its parts.' })
export class MetricValue implements MetricParts {
  @Field(() => Float, {
    nullable: true,
    description: 'numerator / denominator (a count: the numerator); null with status saying why.',
  })
  value!: number | null;
  @Field(() => Float, { nullable: true, description: 'The numerator’s cells, summed.' }) numerator!: number | null;
  @Field(() => Float, { nullable: true, description: 'The denominator’s cells, summed (null for a count).' })
  denominator!: number | null;
  @Field(() => E.MetricStatusEnum, {
    description:
      'ok; blank or missing (a cell it reads); zero_denominator; not_in_format (the format does not print it).',
  })
  status!: MetricParts['status'];
}

@ObjectType('MetricSummaryBucket', {
  simpleResolvers: true,
  description: 'A metric over one bucket: pooled, with its parts, its reports and the distribution across them.',
})
export class MetricSummaryBucketType extends AccountedBucket implements MetricSummaryBucket {
  @Field(() => E.MetricKey, { description: 'The metric.' }) metric!: string;
  @Field(() => Float, {
    nullable: true,
    description: 'Pooled: Σ numerator / Σ denominator over the reports used (a count: Σ numerator).',
  })
  value!: number | null;
  @Field(() => Float, { nullable: true, description: 'Σ numerator over the reports used.' }) numerator!: number | null;
  @Field(() => Float, { nullable: true, description: 'Σ denominator over the reports used (null for a count).' })
  denominator!: number | null;
  @Field(() => Int, { description: 'Left out: the denominator is 0 (the rate is undefined there, not 0).' })
  reportsZeroDenominator!: number;
  @Field(() => Float, { nullable: true, description: 'The smallest per-report value among the reports used.' })
  min!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'First quartile of the per-report values (linear interpolation).',
  })
  q1!: number | null;
  @Field(() => Float, { nullable: true, description: 'Median of the per-report values.' }) median!: number | null;
  @Field(() => Float, { nullable: true, description: 'Third quartile of the per-report values.' }) q3!: number | null;
  @Field(() => Float, { nullable: true, description: 'The largest per-report value.' }) max!: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'A metric on one report, with its parts: a row of metricValues.' })
export class MetricValueRow implements MetricValueRowShape {
  @Field(() => Int, { description: 'The report.' }) reportId!: number;
  @Field(() => Int, { description: 'Its agency.' }) agencyId!: number;
  @Field(() => String, { description: 'The agency’s name.' }) agencyName!: string;
  @Field(() => Int, { description: 'The report’s year.' }) year!: number;
  @Field(() => String, { description: 'The report’s format.' }) format!: string;
  @Field(() => E.MetricKey, { description: 'The metric.' }) metric!: string;
  @Field(() => Float, { nullable: true, description: 'numerator / denominator (a count: the numerator).' })
  value!: number | null;
  @Field(() => Float, { nullable: true, description: 'The numerator’s cells, summed.' }) numerator!: number | null;
  @Field(() => Float, { nullable: true, description: 'The denominator’s cells, summed (null for a count).' })
  denominator!: number | null;
  @Field(() => String, {
    description: 'ok, blank, missing, zero_denominator, not_in_format, or excluded (excludeViolations).',
  })
  status!: MetricValueRowShape['status'];
}
