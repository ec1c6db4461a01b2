/**
 * GET /export/<dataset>.csv|.json: the flat cells (facts) and every aggregation, for BI tools that can only GET.
 * Query parameters are the GraphQL arguments: the filter's fields, groupBy, detail, …; lists are comma-separated.
 */
import { stringify } from 'csv-stringify';
import express, { type Request, type Response } from 'express';
import {
  GraphQLBoolean,
  GraphQLFloat,
  type GraphQLInputType,
  GraphQLInt,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
} from 'graphql';
import type { DataSource } from 'typeorm';
import type { TableKey } from '../format';
import * as analytics from '../query/analytics';
import { check, InputError } from '../query/errors';
import { validateFilter, type ReportFilter } from '../query/filter';
import { allFacts } from '../query/lists';
import { allScorecards, scorecardSummary } from '../query/scorecard';

type Params = Record<string, string>;
type Rows = AsyncIterable<object> | object[];
type Args = Record<string, unknown>;

/**
 * An export is a GraphQL query field served as a file: its parameters are the field's arguments (the filter's fields
 * flattened), its columns the leaf fields of its result type — read from the schema, so an export can neither list a
 * parameter it ignores nor miss one the query takes.
 */
interface Dataset {
  description: string;
  field: string;
  /** Arguments an export does not take: pagination (exports stream everything). */
  omit?: string[];
  run(ds: DataSource, args: Args): Promise<Rows> | Rows;
}

export const DATASETS: Record<string, Dataset> = {
  facts: {
    description: 'every cell as a flat row',
    field: 'facts',
    omit: ['first', 'after'],
    run: (ds, a) => allFacts(ds, a.filter as ReportFilter, a.table as TableKey | undefined),
  },
  dispositions: {
    description: 'dispositionBreakdown: how requests were handled',
    field: 'dispositionBreakdown',
    run: (ds, a) => analytics.dispositionBreakdown(ds, a),
  },
  procurement: {
    description: 'procurementTotals',
    field: 'procurementTotals',
    run: (ds, a) => analytics.procurementTotals(ds, a),
  },
  'review-litigation': {
    description: 'reviewLitigation',
    field: 'reviewLitigation',
    run: (ds, a) => analytics.reviewLitigation(ds, a),
  },
  'data-quality': { description: 'dataQuality', field: 'dataQuality', run: (ds, a) => analytics.dataQuality(ds, a) },
  scorecards: {
    description: 'scorecards: one row per report, each scorecard item with its outcome (a deduction sheet)',
    field: 'scorecards',
    omit: ['first', 'after'],
    run: (ds, a) => allScorecards(ds, a.filter as ReportFilter),
  },
  'scorecard-summary': {
    description: 'scorecardSummary: reports checked and failing per scorecard item',
    field: 'scorecardSummary',
    run: (ds, a) => scorecardSummary(ds, a),
  },
  compare: {
    description: 'compareAgencies',
    field: 'compareAgencies',
    run: (ds, a) => analytics.compareAgencies(ds, a as unknown as analytics.CompareArgs),
  },
};

/** One query parameter: an argument of the field, or a field of an input-object argument (the filter's). */
interface Param {
  name: string;
  arg: string;
  /** Set for a field of an input-object argument. */
  field?: string;
  type: GraphQLInputType;
  description: string | null;
  defaultValue?: unknown;
}

function paramsOf(schema: GraphQLSchema, d: Dataset): Param[] {
  const field = schema.getQueryType()!.getFields()[d.field];
  return field.args
    .filter((a) => !d.omit?.includes(a.name))
    .flatMap((a): Param[] => {
      const named = getNamedType(a.type);
      if (!isInputObjectType(named)) {
        return [
          { name: a.name, arg: a.name, type: a.type, description: a.description ?? null, defaultValue: a.defaultValue },
        ];
      }
      return Object.values(named.getFields()).map((f) => ({
        name: f.name,
        arg: a.name,
        field: f.name,
        type: f.type,
        description: f.description ?? null,
      }));
    });
}

/** The result's columns: the leaf fields of its element type (a connection's nodes), own fields before interfaces'. */
function columnsOf(schema: GraphQLSchema, d: Dataset): { name: string; type: string; description: string | null }[] {
  let type = getNamedType(schema.getQueryType()!.getFields()[d.field].type) as GraphQLObjectType;
  const nodes = type.getFields().nodes;
  if (nodes) type = getNamedType(nodes.type) as GraphQLObjectType;
  const inherited = new Set(type.getInterfaces().flatMap((i) => Object.keys(i.getFields())));
  const leaves = Object.values(type.getFields()).filter((f) => isLeafType(getNamedType(f.type)));
  return [...leaves.filter((f) => !inherited.has(f.name)), ...leaves.filter((f) => inherited.has(f.name))].map((f) => ({
    name: f.name,
    type: String(f.type),
    description: f.description ?? null,
  }));
}

/** A query-string value read as the parameter's GraphQL type: lists comma-separated, enum values in any case. */
function parseValue(name: string, raw: string, type: GraphQLInputType): unknown {
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) {
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((v) => parseValue(name, v, t.ofType));
  }
  const v = raw.trim();
  if (isEnumType(t)) {
    const value = t.getValues().find((e) => e.name.toLowerCase() === v.toLowerCase());
    check(
      value,
      `${name}: "${raw}" is not one of ${t
        .getValues()
        .map((e) => e.name)
        .join(', ')}`,
    );
    return value.value;
  }
  if (t === GraphQLInt) {
    check(/^-?\d+$/.test(v) && Math.abs(Number(v)) < 2 ** 31, `${name}: "${raw}" is not a whole number`);
    return Number(v);
  }
  if (t === GraphQLFloat) {
    check(v !== '' && Number.isFinite(Number(v)), `${name}: "${raw}" is not a number`);
    return Number(v);
  }
  if (t === GraphQLBoolean) {
    check(v === 'true' || v === 'false', `${name} must be true or false`);
    return v === 'true';
  }
  return raw;
}

/** The field's arguments from the query string, as GraphQL would receive them; validated before any byte is sent. */
function argsOf(params: Param[], p: Params, dataset: string): Args {
  const args: Args = {};
  for (const [k, v] of Object.entries(p)) {
    check(typeof v === 'string', `${k} is given twice; give a comma-separated list once`);
    const param = params.find((x) => x.name === k);
    check(param, `unknown parameter ${k}; ${dataset} takes ${params.map((x) => x.name).join(', ')}`);
    const value = parseValue(k, v, param.type);
    if (param.field) ((args[param.arg] ??= {}) as Args)[param.field] = value;
    else args[param.arg] = value;
  }
  for (const param of params) {
    if (!param.field && args[param.arg] === undefined && param.defaultValue !== undefined)
      args[param.arg] = param.defaultValue;
    check(!isNonNullType(param.type) || args[param.arg] !== undefined, `${param.name} is required`);
  }
  return args;
}

/** The columns of a bucket export: a grouping's key columns only when grouped by it, then the measures. */
function selectedColumns(columns: string[], args: Args): string[] {
  const grouped = new Set((args.groupBy as analytics.GroupBy[] | undefined) ?? []);
  const keyOf = new Map(
    Object.entries(analytics.GROUP_KEY_FIELDS).flatMap(([g, fields]) => fields.map((f) => [f, g as analytics.GroupBy])),
  );
  return columns.filter((c) => !keyOf.has(c) || grouped.has(keyOf.get(c)!));
}

const FORMATS = ['csv', 'json'] as const;

async function send(
  res: Response,
  format: (typeof FORMATS)[number],
  name: string,
  columns: string[],
  rows: Rows,
): Promise<void> {
  res.setHeader('Content-Disposition', `inline; filename="${name}.${format}"`);
  if (format === 'json') {
    res.type('application/json; charset=utf-8');
    let first = true;
    res.write('[');
    for await (const row of rows) {
      res.write(
        `${first ? '' : ','}\n${JSON.stringify(Object.fromEntries(columns.map((c) => [c, (row as Record<string, unknown>)[c] ?? null])))}`,
      );
      first = false;
    }
    res.end(']\n');
    return;
  }
  res.type('text/csv; charset=utf-8');
  // A byte-order mark: Excel otherwise reads the Chinese labels as a legacy code page. Blank stays empty, 0 stays 0.
  const csv = stringify({ header: true, columns, bom: true });
  csv.pipe(res);
  for await (const row of rows) if (!csv.write(row)) await new Promise((r) => csv.once('drain', r));
  csv.end();
  await new Promise((r) => res.once('finish', r));
}

export function exportRouter(ds: DataSource, schema: GraphQLSchema): express.Router {
  const router = express.Router();
  const described = Object.fromEntries(
    Object.entries(DATASETS).map(([name, d]) => [name, { params: paramsOf(schema, d), columns: columnsOf(schema, d) }]),
  );
  router.get('/', (_req, res) => {
    res.json(
      Object.fromEntries(
        Object.entries(DATASETS).map(([name, d]) => [
          name,
          {
            description: d.description,
            graphql: d.field,
            formats: FORMATS,
            parameters: described[name].params.map((x) => ({
              name: x.name,
              type: String(x.type),
              description: x.description,
              ...(x.defaultValue !== undefined ? { default: x.defaultValue } : {}),
            })),
            columns: described[name].columns,
          },
        ]),
      ),
    );
  });
  router.get('/:file', async (req: Request<{ file: string }>, res: Response) => {
    const match = /^([a-z-]+)\.(csv|json)$/.exec(req.params.file);
    const dataset = match && Object.hasOwn(DATASETS, match[1]) ? DATASETS[match[1]] : undefined;
    if (!match || !dataset) {
      res.status(404).json({
        error: `no export ${req.params.file}; try ${Object.keys(DATASETS)
          .map((d) => `${d}.csv`)
          .join(', ')} (or .json)`,
      });
      return;
    }
    try {
      const { params, columns: all } = described[match[1]];
      const args = argsOf(params, req.query as Params, match[1]);
      if (args.filter) validateFilter(args.filter as ReportFilter);
      const names = all.map((c) => c.name);
      const columns = params.some((x) => x.name === 'groupBy') ? selectedColumns(names, args) : names;
      const rows = await dataset.run(ds, args);
      await send(res, match[2] as 'csv' | 'json', match[1], columns, rows);
    } catch (e) {
      if (res.headersSent) res.destroy(e as Error);
      else if (e instanceof InputError) res.status(400).json({ error: e.message });
      else throw e;
    }
  });
  return router;
}
