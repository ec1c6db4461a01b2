import { Arg, Args, Ctx, FieldResolver, Float, Int, Query, Resolver, Root } from 'type-graphql';
import { FORMATS, type FormatKey, type TableKey } from '../format';
import type { Report as ReportEntity } from '../model/entities';
import { check } from '../query/errors';
import * as lists from '../query/lists';
import { cellsOf, evaluateParts, metric, refKey } from '../format';
import * as E from '../schema/enums';
import { TableKeyEnum } from '../schema/enums';
import { FilterArgs, PageArgsType } from '../schema/args';
import {
  Agency,
  ApplicationRow,
  CellValue,
  Completeness,
  Finding,
  ProactiveRow,
  Report,
  ReportConnection,
  ReportSections,
  MetricValue,
  ReportVersion,
  ReviewLitigationRow,
} from '../schema/types';
import { cellsPerReport, perPage, textsBySize, times } from './complexity';
import type { Context } from './context';
import { cellValue, tableRows } from './tables';

@Resolver(() => Report)
export class ReportResolver {
  @Query(() => ReportConnection, {
    description: 'Reports the filter selects, by year, then agency.',
    complexity: perPage(),
  })
  reports(
    @Args(() => FilterArgs) { filter }: FilterArgs,
    @Args(() => PageArgsType) page: PageArgsType,
    @Ctx() ctx: Context,
  ) {
    return lists.reports(ctx.ds, filter, page);
  }

  @Query(() => Report, { nullable: true, description: 'One report by id (null: no such report).' })
  report(@Arg('id', () => Int, { description: 'Its id.' }) id: number, @Ctx() ctx: Context) {
    return ctx.loaders.report.load(id);
  }

  @FieldResolver(() => Agency, { description: 'The agency that published it.' })
  async agency(@Root() report: ReportEntity, @Ctx() ctx: Context) {
    return ctx.loaders.agency.load(report.agencyId);
  }

  @FieldResolver(() => String, { description: 'The circular that defines the format (e.g. 国办公开办函〔2021〕30号).' })
  formatLabel(@Root() report: ReportEntity) {
    return FORMATS[report.format as FormatKey].label;
  }

  @FieldResolver(() => Completeness, {
    description: 'How much of it was read: cells found of those its format expects (findings name the others).',
  })
  completeness(@Root() report: ReportEntity): Completeness {
    const { cellsFound: found, cellsExpected: expected } = report;
    return { found, expected, ratio: expected === 0 ? 1 : found / expected };
  }

  @FieldResolver(() => ReportSections, { description: 'The narrative sections.', complexity: textsBySize })
  async sections(@Root() report: ReportEntity, @Ctx() ctx: Context): Promise<ReportSections> {
    return (await ctx.loaders.sections.load(report.id)) ?? { overview: null, problems: null, other: null };
  }

  @FieldResolver(() => [ReportVersion], {
    description: 'Every file ingested for this agency and year, oldest first; the current one is this report.',
    complexity: times(3),
  })
  async versions(@Root() report: ReportEntity, @Ctx() ctx: Context): Promise<ReportVersion[]> {
    const versions = await ctx.loaders.versionsByAgency.load(report.agencyId);
    return versions.filter((v) => v.year === report.year).map((v) => ({ ...v, current: v.reportId === report.id }));
  }

  @FieldResolver(() => [Finding], {
    complexity: times(20),
    description: 'What the parser was unsure of, and the consistency rules the report breaks.',
  })
  findings(@Root() report: ReportEntity, @Ctx() ctx: Context) {
    return ctx.loaders.findingsByReport.load(report.id);
  }

  @FieldResolver(() => String, { description: 'The agency’s name (as agency { name }, flat for exports).' })
  async agencyName(@Root() report: ReportEntity, @Ctx() ctx: Context) {
    return (await ctx.loaders.agency.load(report.agencyId))?.name;
  }

  @FieldResolver(() => Int, { description: 'How many findings the report has (all severities).' })
  async findingCount(@Root() report: ReportEntity, @Ctx() ctx: Context) {
    return (await ctx.loaders.findingsByReport.load(report.id)).length;
  }

  @FieldResolver(() => [E.RuleKey], { description: 'The consistency rules the report breaks, each once.' })
  async rulesBroken(@Root() report: ReportEntity, @Ctx() ctx: Context) {
    const findings = await ctx.loaders.findingsByReport.load(report.id);
    return [...new Set(findings.flatMap((f) => (f.code === 'rule_violation' && f.rule ? [f.rule] : [])))];
  }

  @FieldResolver(() => [CellValue], {
    description: 'Every stored cell, flat, in printed order.',
    complexity: cellsPerReport(250),
  })
  async cells(
    @Root() report: ReportEntity,
    @Arg('table', () => TableKeyEnum, { nullable: true }) table: TableKey | undefined,
    @Ctx() ctx: Context,
  ) {
    const cells = await ctx.loaders.cells.load({ reportId: report.id, table: table ?? null });
    return cells.map((c) => cellValue(c, report));
  }

  @FieldResolver(() => [ProactiveRow], { description: '二、主动公开政府信息情况', complexity: times(10) })
  proactive(@Root() report: ReportEntity, @Ctx() ctx: Context) {
    return this.table(report, 'proactive', ctx);
  }

  @FieldResolver(() => [ApplicationRow], { description: '三、收到和处理政府信息公开申请情况', complexity: times(30) })
  applications(@Root() report: ReportEntity, @Ctx() ctx: Context) {
    return this.table(report, 'applications', ctx);
  }

  @FieldResolver(() => [ReviewLitigationRow], {
    description: '四、政府信息公开行政复议、行政诉讼情况',
    complexity: times(3),
  })
  reviewLitigation(@Root() report: ReportEntity, @Ctx() ctx: Context) {
    return this.table(report, 'review_litigation', ctx);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'A metric of the catalogue (see `metrics`) on this report: metricValue(key).value. Null where a cell it reads is blank or missing, its denominator is 0, or its format does not print it.',
  })
  async metric(
    @Root() report: ReportEntity,
    @Arg('key', () => E.MetricKey, { description: 'The metric.' }) key: string,
    @Ctx() ctx: Context,
  ) {
    return (await this.metricValue(report, key, ctx)).value;
  }

  @FieldResolver(() => MetricValue, {
    description: 'A metric of the catalogue on this report, with its numerator, denominator and why it has no value.',
  })
  async metricValue(
    @Root() report: ReportEntity,
    @Arg('key', () => E.MetricKey, { description: 'The metric.' }) key: string,
    @Ctx() ctx: Context,
  ) {
    const m = metric(key);
    check(m, `unknown metric "${key}"; the metrics query lists the keys`);
    // The cells of the tables the metric reads, each table loaded in the same batch as other fields' tables.
    const tables = [...new Set(cellsOf(m).map((t) => t.table))];
    const loaded = await Promise.all(tables.map((table) => ctx.loaders.cells.load({ reportId: report.id, table })));
    const cells = new Map(
      loaded
        .flat()
        .map((c) => [refKey({ table: c.tableKey as TableKey, row: c.rowKey, column: c.columnKey }), c.value]),
    );
    return evaluateParts(m, report.format, (ref) => cells.get(ref));
  }

  private async table(report: ReportEntity, table: TableKey, ctx: Context) {
    return tableRows(report, table, await ctx.loaders.cells.load({ reportId: report.id, table }));
  }
}
