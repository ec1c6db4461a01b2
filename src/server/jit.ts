/**
 * GraphQL execution compiled per query (graphql-jit) instead of interpreted by graphql-js for every field of every
 * answer. graphql-js walks its generic machinery for each of the ~7,000 fields of a 1,000-row facts page or the ~11,500
 * of the nested query (argument coercion, path objects, promise checks) at a cost comparable to the SQL behind the
 * answer (BENCHMARKS.md); a compiled query runs the same resolvers from straight-line code.
 *
 * Apollo Server takes a custom executor only from a gateway, so this is one that serves a fixed local schema: Apollo
 * still parses, validates, runs every plugin (limits, cost, snapshots) and formats errors; only execution changes.
 */
import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  BREAK,
  type DocumentNode,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLSchema,
  getVariableValues,
  printSchema,
  visit,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

/**
 * Compiled queries kept, least recently used dropped first. A query is at most LIMITS.tokens long, so its compiled code
 * is bounded too; clients repeat a few queries, with variables.
 */
export const COMPILED_QUERIES = 200;

/**
 * graphql-jit writes a query's literal argument values into the code it generates as JSON, then turns marked strings
 * back into values JSON cannot hold (NaN, Infinity, dates): a string literal carrying such a mark (`__MAGIC_DATE__…`)
 * is turned into code, and runs (seen with 0.8.9: `"__MAGIC_DATE__<id>1),z:(globalThis.x=1"`). Documents with a
 * string literal holding the marks' common prefix are executed by graphql-js instead — every mark starts with it, and
 * JSON escaping cannot produce it (it has no character JSON escapes).
 */
const JIT_MARK = '__MAGIC_';

const carriesMark = (document: DocumentNode) => {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes(JIT_MARK)) {
        found = true;
        return BREAK;
      }
    },
  });
  return found;
};

export interface JitExecutor {
  execute: GatewayExecutor;
  /** Compiled queries held now. */
  size(): number;
}

/** An executor that compiles each distinct (query, operation) once and keeps up to `max` of them. */
export function jitExecutor(schema: GraphQLSchema, max = COMPILED_QUERIES): JitExecutor {
  const compiled = new Map<string, CompiledQuery | 'interpreted'>();
  const compiledFor = (rc: GatewayGraphQLRequestContext) => {
    const key = `${rc.operationName ?? ''}\u0000${rc.queryHash}`;
    let query = compiled.get(key);
    if (query) {
      // Most recently used last: a Map iterates in insertion order.
      compiled.delete(key);
    } else if (carriesMark(rc.document)) {
      query = 'interpreted';
    } else {
      const made = compileQuery(schema, rc.document, rc.operationName ?? undefined);
      // Not compiled (graphql-jit refuses what it does not support): graphql-js runs it, and answers its errors.
      query = isCompiledQuery(made) ? made : 'interpreted';
    }
    compiled.set(key, query);
    if (compiled.size > max) compiled.delete(compiled.keys().next().value!);
    return query;
  };
  return {
    size: () => compiled.size,
    execute: async (rc) => {
      const query = compiledFor(rc);
      const variables = rc.request.variables ?? {};
      if (query === 'interpreted')
        return execute({
          schema,
          document: rc.document,
          contextValue: rc.context,
          variableValues: variables,
          operationName: rc.operationName,
        });
      // Variables that do not fit their types: graphql-js's own errors, which Apollo answers as 400 BAD_USER_INPUT.
      const coerced = getVariableValues(schema, rc.operation.variableDefinitions ?? [], variables);
      if (coerced.errors) return { errors: coerced.errors };
      const result = (await query.query(undefined, rc.context, variables)) as ExecutionResult;
      // Errors first, as graphql-js orders them: Apollo's response keeps the result's key order.
      return result.errors ? { errors: result.errors.map(asGraphQLError), data: result.data } : result;
    },
  };
}

/**
 * graphql-jit's errors pass for graphql-js's (same prototype) without being built like them: no `extensions` object,
 * which Apollo's error formatting reads. Rebuilt as graphql-js builds them, the resolver's error kept as the original.
 */
function asGraphQLError(e: GraphQLError): GraphQLError {
  const error = new GraphQLError(e.message, {
    path: e.path,
    originalError: e.originalError ?? undefined,
    extensions: e.extensions,
  });
  (error as { locations: GraphQLError['locations'] }).locations = e.locations;
  return error;
}

/** A gateway that is no gateway: the local schema, executed by jitExecutor. */
export function localGateway(schema: GraphQLSchema): GatewayInterface {
  return {
    async load() {
      return { executor: jitExecutor(schema).execute };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async stop() {},
  };
}
