/**
 * GET /export/<dataset>.csv|.json: the flat cells (facts) and every aggregation, for BI tools that can only GET.
 * Query parameters are the GraphQL arguments: the filter's fields, groupBy, detail, …; lists are comma-separated.
 */
import { createHash } from 'node:crypto';
import compression from 'compression';
import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { type Request, type Response } from 'express';
import {
  GraphQLBoolean,
  GraphQLFloat,
  type GraphQLInputType,
  GraphQLInt,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  graphql,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
} from 'graphql';
import type { DataSource } from 'typeorm';
import * as analytics from '../query/analytics';
import { isStatementTimeout } from '../model/statement-timeout';
import { check, InputError } from '../query/errors';
import { validateFilter, type ReportFilter } from '../query/filter';
import { type Context, createContext } from '../resolvers';
import { type Chunk, chunked } from '../query/chunks';
import { FACT_LIMITS } from '../query/lists';
import { PAGE_LIMITS } from '../query/pagination';
import { dataVersion } from '../query/version';
import { HTTP_LIMITS } from './connections';

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
  /** A paged list (a connection): the export pages through all of it, this many rows a page. */
  pageSize?: number;
}

/** Paged lists take first/after from the export itself: it streams everything. */
const PAGING = ['first', 'after'];

export const DATASETS: Record<string, Dataset> = {
  facts: { description: 'every cell as a flat row', field: 'facts', pageSize: FACT_LIMITS.cap },
  reports: {
    description: 'one row per report: metadata, completeness, findings, rules broken',
    field: 'reports',
    pageSize: PAGE_LIMITS.cap,
  },
  findings: { description: 'one row per finding', field: 'findings', pageSize: FACT_LIMITS.cap },
  dispositions: { description: 'dispositionBreakdown: how requests were handled', field: 'dispositionBreakdown' },
  procurement: { description: 'procurementTotals', field: 'procurementTotals' },
  'review-litigation': { description: 'reviewLitigation', field: 'reviewLitigation' },
  'data-quality': { description: 'dataQuality', field: 'dataQuality' },
  divisions: {
    description: 'divisions: the divisions with reports (a tree by parentCode), a row per division and year',
    field: 'divisions',
  },
  metrics: {
    description: 'one row per report × metric, with numerator, denominator and status',
    field: 'metricValues',
  },
  scorecards: {
    description: 'scorecards: one row per report, each scorecard item with its outcome (a deduction sheet)',
    field: 'scorecards',
    pageSize: PAGE_LIMITS.cap,
  },
  'scorecard-summary': {
    description: 'scorecardSummary: reports checked and failing per scorecard item',
    field: 'scorecardSummary',
  },
  'metric-summary': {
    description: 'metricSummary: metrics pooled over buckets, with parts and distribution',
    field: 'metricSummary',
  },
  compare: { description: 'compareAgencies', field: 'compareAgencies' },
};

/**
 * The rows of a dataset: its GraphQL field executed with the export's arguments as variables, selecting the columns,
 * page after page for a list. The export is thus exactly what the API answers, resolvers and limits included.
 */
async function* rowsOf(
  schema: GraphQLSchema,
  ds: DataSource,
  d: Dataset,
  args: Args,
  columns: string[],
): AsyncGenerator<Record<string, unknown>> {
  const field = schema.getQueryType()!.getFields()[d.field];
  const used = field.args.filter((a) => a.name in args || (d.pageSize && PAGING.includes(a.name)));
  const head = used.length ? `(${used.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : '';
  const call = used.length ? `(${used.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const selection = d.pageSize
    ? `{ nodes { ${columns.join(' ')} } pageInfo { hasNextPage endCursor } }`
    : `{ ${columns.join(' ')} }`;
  const source = `query Export${head} { answer: ${d.field}${call} ${selection} }`;
  const execute = async (variables: Args, chunk?: Chunk) => {
    // Loaders afresh for each page or chunk: their caches would otherwise grow with the export.
    const contextValue = createContext(ds);
    contextValue.answer.chunk = chunk;
    const result = await graphql({ schema, source, variableValues: variables, contextValue });
    if (result.errors?.length) {
      const e = result.errors[0];
      if (e.extensions?.code === 'BAD_USER_INPUT' || e.originalError instanceof InputError)
        throw new InputError(e.message);
      throw e.originalError ?? e;
    }
    return (result.data as { answer: any }).answer;
  };
  if (!d.pageSize) {
    // An aggregation, chunk after chunk of its ordered buckets (query/chunks.ts); a list without buckets, whole.
    const version = async () => (await dataVersion(ds)).tag;
    for await (const rows of chunked((chunk) => execute(args, chunk), version))
      yield* rows as Record<string, unknown>[];
    return;
  }
  let after: string | null = null;
  for (;;) {
    const answer = await execute({ ...args, first: d.pageSize, after });
    yield* answer.nodes as Record<string, unknown>[];
    if (!answer.pageInfo.hasNextPage) return;
    after = answer.pageInfo.endCursor;
  }
}

/** The generator with its first item already produced (so its errors surface now), as an iterable of them all. */
async function primed<T>(rows: AsyncGenerator<T>): Promise<AsyncIterable<T>> {
  const first = await rows.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* rows;
  })();
}

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
    .filter((a) => !(d.pageSize && PAGING.includes(a.name)))
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
  // A field that needs an argument (a report's metric(key)) is no column.
  const leaves = Object.values(type.getFields()).filter(
    (f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)),
  );
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
  // pipeline: a slow client holds the export back (backpressure), not memory; a client gone away ends it.
  if (format === 'json') {
    res.type('application/json; charset=utf-8');
    await pipeline(Readable.from(jsonArray(columns, rows)), res);
    return;
  }
  res.type('text/csv; charset=utf-8');
  // A byte-order mark: Excel otherwise reads the Chinese labels as a legacy code page. Blank stays empty, 0 stays 0.
  const csv = stringify({
    header: true,
    columns,
    bom: true,
    // A list (the rules a report breaks) is one field, its items comma-separated.
    cast: { object: (v) => (Array.isArray(v) ? v.join(',') : JSON.stringify(v)) },
  });
  await pipeline(Readable.from(rows), csv, res);
}

async function* jsonArray(columns: string[], rows: Rows): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const row of rows) {
    yield `${first ? '' : ','}\n${JSON.stringify(Object.fromEntries(columns.map((c) => [c, (row as Record<string, unknown>)[c] ?? null])))}`;
    first = false;
  }
  yield ']\n';
}

/**
 * RFC 9110 conditional GET, as an origin server evaluates it: If-None-Match first (weak comparison), else
 * If-Modified-Since. (Express's req.fresh is a cache's view: it ignores both when the request says no-cache, which
 * fetch() sends with every conditional request.)
 */
function notModified(req: Request, etag: string, modified: Date | null): boolean {
  const noneMatch = req.headers['if-none-match'];
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  if (noneMatch) return noneMatch.split(',').some((t) => t.trim() === '*' || opaque(t) === opaque(etag));
  const since = req.headers['if-modified-since'];
  if (!since || !modified) return false;
  const at = Date.parse(since);
  return Number.isFinite(at) && Math.floor(modified.getTime() / 1000) * 1000 <= at;
}

/**
 * `snapshot` gives each export the read snapshot a GraphQL request gets (server/snapshot.ts): its pages and chunks,
 * and the version its ETag names, then all read the same data while an ingest commits.
 */
export function exportRouter(
  schema: GraphQLSchema,
  snapshot: () => Promise<Pick<Context, 'ds' | 'endSnapshot'>>,
): express.Router {
  const router = express.Router();
  // gzip when the client asks for it (Accept-Encoding); streamed exports stay streamed.
  router.use(compression());
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
            ...(d.pageSize ? { pagedBy: d.pageSize } : {}),
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
    let ctx: Pick<Context, 'ds' | 'endSnapshot'> | undefined;
    try {
      const { params, columns: all } = described[match[1]];
      const args = argsOf(params, req.query as Params, match[1]);
      if (args.filter) validateFilter(args.filter as ReportFilter);
      const names = all.map((c) => c.name);
      const columns = params.some((x) => x.name === 'groupBy') ? selectedColumns(names, args) : names;
      ctx = await snapshot();
      const { ds } = ctx;
      // The same URL over the same data is the same file: a client holding it gets 304 instead.
      const version = await dataVersion(ds);
      const etag = `W/"${createHash('sha256').update(`${version.tag} ${req.originalUrl}`).digest('hex').slice(0, 32)}"`;
      res.setHeader('ETag', etag);
      if (version.modified) res.setHeader('Last-Modified', version.modified.toUTCString());
      res.setHeader('Cache-Control', 'no-cache');
      if (notModified(req, etag, version.modified)) {
        res.status(304).end();
        return;
      }
      // The first page is asked for before any byte is sent: a request the API refuses is a 400, not a cut stream.
      const rows = await primed(rowsOf(schema, ds, dataset, args, columns));
      // A client that stops reading holds a snapshot: past this long without progress, it is cut off.
      res.setTimeout(HTTP_LIMITS.streamIdleMs, () => res.destroy());
      await send(res, match[2] as 'csv' | 'json', match[1], columns, rows);
    } catch (e) {
      if (res.headersSent) res.destroy(e as Error);
      else if (e instanceof InputError) res.status(400).json({ error: e.message });
      else if (isStatementTimeout(e))
        res.status(503).json({ error: 'the export took too long and was stopped; narrow the filter or group by less' });
      else throw e;
    } finally {
      await ctx?.endSnapshot?.();
    }
  });
  return router;
}
