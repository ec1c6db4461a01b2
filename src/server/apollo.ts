/**
 * The Apollo server factory, used as-is by the HTTP app and by tests (`executeOperation`). Read-only, introspection on
 * whatever NODE_ENV says (BI query editors need it), and limits on depth, aliases, tokens and cost.
 */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema, getVariableValues } from 'graphql';
import type { DataSource } from 'typeorm';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { InputError } from '../query/errors';
import { dataShape, type DataShape } from '../query/shape';
import { isStatementTimeout } from '../model/statement-timeout';
import type { Context } from '../resolvers';
import { graphiqlPage } from './graphiql';
import { localGateway } from './jit';
import { streamable } from './lone-field';
import { snapshotContexts } from './snapshot';

export const LIMITS = {
  /** Nesting of selections (introspection is exempt). */
  depth: 10,
  aliases: 30,
  directives: 10,
  /** Lexical tokens in one query document. */
  tokens: 5000,
  /**
   * Estimated cost: every field 1, every list its expected length times its element, bucket lists and narrative texts
   * as the data makes them (see resolvers/complexity.ts).
   */
  cost: 250_000,
  /** Selections of one query once its fragments are expanded (graphql-query-complexity stops counting past it). */
  nodes: 10_000,
  /** How long the data's shape (for the cost estimate) is trusted before it is counted again, while ingests add reports. */
  shapeMs: 10_000,
  /**
   * Bytes of one response: the largest page a client can ask within the cost limit is a few MB. Past it the answer is
   * an error, never hundreds of MB built in memory.
   */
  responseBytes: 64 * 1024 * 1024,
  /** Time one SQL statement may take while serving (a statement timeout on PostgreSQL, an interrupt on SQLite). */
  statementMs: 20_000,
  /**
   * Estimated cost of a whole answer streamed chunk by chunk (stream.ts), admitted because one chunk's is within
   * `cost`: every chunk runs the aggregation's statement again, so the whole is bounded too.
   */
  streamedCost: 5_000_000,
};

/** The data's shape, counted again when it is older than LIMITS.shapeMs. */
function shapes(ds: DataSource): () => Promise<DataShape> {
  let counted: { at: number; shape: Promise<DataShape> } | undefined;
  return () => {
    if (!counted || Date.now() - counted.at > LIMITS.shapeMs) {
      const shape = dataShape(ds);
      counted = { at: Date.now(), shape };
      shape.catch(() => {
        counted = undefined;
      });
    }
    return counted.shape;
  };
}

export const GRAPHQL_PATH = '/graphql';

function costLimit(schema: GraphQLSchema, shape: () => Promise<DataShape>): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, contextValue }) {
          // Variables that do not fit their types are answered by execution (400, BAD_USER_INPUT); the estimate
          // cannot be made without them.
          if ('errors' in getVariableValues(schema, operation?.variableDefinitions ?? [], request.variables ?? {}))
            return;
          const tooLarge = (message: string, extensions: object) =>
            new GraphQLError(message, {
              extensions: { code: 'QUERY_TOO_EXPENSIVE', ...extensions, http: { status: 400 } },
            });
          const current = await shape();
          const estimate = (perChunk: boolean) =>
            getComplexity({
              schema,
              operationName: request.operationName,
              query: document,
              variables: request.variables,
              context: { shape: current, streamed: perChunk },
              estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
              maxQueryNodes: LIMITS.nodes,
            });
          // Asked alone over HTTP, an aggregation refused for its size is streamed (stream.ts); one too costly whole
          // is answered chunk by chunk, and costs what one chunk holds.
          const lone = streamable(operation, contextValue.answer);
          let cost: number;
          try {
            cost = estimate(false);
            if (cost > LIMITS.cost && cost <= LIMITS.streamedCost && lone) {
              const perChunk = estimate(true);
              if (perChunk <= LIMITS.cost) {
                cost = perChunk;
                contextValue.answer.inChunks = true;
              }
            }
          } catch (e) {
            // Its refusal of more selections than maxQueryNodes, fragments expanded (anything else is ours to log).
            if (!(e instanceof GraphQLError && /number of nodes/.test(e.message))) throw e;
            throw tooLarge(
              `query too large: more than ${LIMITS.nodes} selections once its fragments are expanded; ask for fewer fields, fewer aliases or fewer spreads of a fragment`,
              { limit: LIMITS.nodes },
            );
          }
          if (cost > LIMITS.cost) {
            throw tooLarge(
              `query too expensive: estimated cost ${cost} is over the limit of ${LIMITS.cost}; ask for smaller pages (first), fewer nested lists or fewer fields`,
              { cost, limit: LIMITS.cost },
            );
          }
        },
      };
    },
  };
}

const editorLandingPage: ApolloServerPlugin<Context> = {
  async serverWillStart() {
    return {
      async renderLandingPage() {
        return { html: graphiqlPage(GRAPHQL_PATH) };
      },
    };
  },
};

/**
 * Input the caller can fix → BAD_USER_INPUT with the query layer's message. Anything else the server did not mean to
 * say (a database error, a bug) is logged here and answered without its message, which may hold SQL or paths; with
 * `debug`, as it is, stack trace included.
 */
export function formatError(debug: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof InputError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ApolloServerErrorCode.BAD_USER_INPUT },
      };
    }
    if (isStatementTimeout(original)) {
      return {
        message: `the query took longer than ${LIMITS.statementMs / 1000} s and was stopped; ask for less (a narrower filter, fewer buckets)`,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: 'QUERY_TIMEOUT' },
      };
    }
    if (debug || formatted.extensions?.code !== ApolloServerErrorCode.INTERNAL_SERVER_ERROR) return formatted;
    console.error('error: GraphQL', formatted.path?.join('.') ?? '', original);
    return {
      message: 'internal error; the server has logged it',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/**
 * Apollo's plugins that would run by default and that this server does not use. The cache-control plugin wraps every
 * field's resolver to collect cache hints (~80 ms on an answer of 24,000 buckets) only to send `no-store` for a schema
 * without hints; usage and schema reporting would send every operation to Apollo's cloud whenever APOLLO_KEY happens
 * to be set; inline traces time every field for a federation gateway there is none of.
 */
export const UNUSED_PLUGINS = [
  ApolloServerPluginCacheControlDisabled(),
  ApolloServerPluginInlineTraceDisabled(),
  ApolloServerPluginUsageReportingDisabled(),
  ApolloServerPluginSchemaReportingDisabled(),
];

/** What the cache-control plugin answered (no hints in the schema: never cacheable), without its per-field cost. */
const noStore: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

export interface Api {
  apollo: ApolloServer<Context>;
  /** A request's context, on its own read snapshot (snapshot.ts): pass it to executeOperation or the HTTP middleware. */
  context(): Promise<Context>;
}

/**
 * A response as JSON, at most LIMITS.responseBytes of it: past that, an error saying so (the cost estimate should have
 * refused the query; this is the bound that holds whatever it missed).
 */
function boundedJson(result: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(result);
  } catch (e) {
    // Longer than a string can be (V8: ~512 MB): too large, by far.
    if (!(e instanceof RangeError)) throw e;
  }
  if (json !== undefined && Buffer.byteLength(json) <= LIMITS.responseBytes) return json;
  const mb = (n: number) => `${Math.ceil(n / 1024 / 1024)} MB`;
  return JSON.stringify({
    errors: [
      {
        message: `the response is larger than ${mb(LIMITS.responseBytes)}${json === undefined ? '' : ` (${mb(Buffer.byteLength(json))})`}; ask for fewer fields, fewer aliases or smaller pages`,
        extensions: { code: 'RESPONSE_TOO_LARGE', limit: LIMITS.responseBytes },
      },
    ],
  });
}

export interface ApiOptions {
  /** Stack traces and internal error messages in responses (`serve --debug`); never by default, whatever NODE_ENV says. */
  debug?: boolean;
}

export function createApi(schema: GraphQLSchema, ds: DataSource, opts: ApiOptions = {}): Api {
  const snapshots = snapshotContexts(ds);
  const armor = new ApolloArmor({
    // Cost is estimated by graphql-query-complexity instead: it knows how long each list is (first, rows per table).
    costLimit: { enabled: false },
    // The data is public: "did you mean …" helps people writing queries more than it hides anything.
    blockFieldSuggestion: { enabled: false },
    maxDepth: { n: LIMITS.depth },
    maxAliases: { n: LIMITS.aliases },
    maxDirectives: { n: LIMITS.directives },
    // Tokens are counted by graphql's own parser (parseOptions below): armor's plugin answers 500 instead of 400.
    maxTokens: { enabled: false },
  }).protect();
  const apollo = new ApolloServer<Context>({
    // The schema, executed by compiled queries (jit.ts): Apollo takes a custom executor only from a gateway.
    gateway: localGateway(schema),
    introspection: true,
    // No cookies, no sessions, no mutations: nothing for a cross-site request to forge, and BI tools must be able to GET.
    csrfPrevention: false,
    // The CLI stops the HTTP server, Apollo and the database itself on SIGINT/SIGTERM (and a worker leaves its cluster).
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: LIMITS.tokens },
    validationRules: armor.validationRules,
    plugins: [
      snapshots.plugin,
      ...armor.plugins,
      costLimit(schema, shapes(ds)),
      editorLandingPage,
      noStore,
      ...UNUSED_PLUGINS,
    ],
    includeStacktraceInErrorResponses: opts.debug ?? false,
    stringifyResult: boundedJson,
    formatError: formatError(opts.debug ?? false),
  });
  return { apollo, context: snapshots.context };
}
