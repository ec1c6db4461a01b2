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
  parse,
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
 * What is compiled. graphql-jit differs from graphql-js on some documents (a review of 0.8.9, reproduced in
 * test/jit.test.ts): `@include`/`@skip` conditions are written onto the shared document and leak to other operations
 * and other spreads of a fragment; a field's resolve info is named by its path joined with `_`, so an alias like `b_a`
 * takes the info of `a { b }` (a wrong selection seen by the resolver); `__proto__` as an alias or variable name is
 * dropped; a query of thousands of selections takes a second to compile into megabytes of code. So only documents
 * of the plain shape every standard query has are compiled — no fragments, no directives, no `_` in a name or alias
 * (so no `__typename`, no introspection), at most `fields` field selections — and only the second time they are seen;
 * the rest, and anything graphql-jit declines, run through graphql-js as before.
 */
export const JIT_LIMITS = {
  /** Field selections of a document compiled (the nested standard query has 8, the facts page 11). */
  fields: 100,
  /** Queries remembered (compiled or marked as interpreted), least recently used dropped first. */
  queries: 200,
};

/**
 * graphql-jit writes a query's literal argument values into the code it generates as JSON, then turns marked strings
 * back into values JSON cannot hold (NaN, Infinity, dates): a string literal carrying such a mark (`__MAGIC_DATE__…`)
 * is turned into code, and runs (seen with 0.8.9: `"__MAGIC_DATE__<id>1),z:(globalThis.x=1"`). Every mark starts with
 * this prefix and JSON escaping cannot produce it. (The schema has no input scalar that could make one from other
 * text: its inputs are Int, String, Boolean, enums named as their values and input objects of those; a test keeps
 * it so.)
 */
export const JIT_MARK = '__MAGIC_';

/** Whether a document has the plain shape graphql-jit is trusted with (JIT_LIMITS). */
export function compilable(document: DocumentNode): boolean {
  let fields = 0;
  let plain = true;
  const refuse = () => {
    plain = false;
    return BREAK;
  };
  visit(document, {
    FragmentDefinition: refuse,
    FragmentSpread: refuse,
    InlineFragment: refuse,
    Directive: refuse,
    Field(node) {
      if (++fields > JIT_LIMITS.fields || node.name.value.includes('_') || node.alias?.value.includes('_'))
        return refuse();
    },
    Variable(node) {
      if (node.name.value.includes('_')) return refuse();
    },
    StringValue(node) {
      if (node.value.includes(JIT_MARK)) return refuse();
    },
  });
  return plain;
}

export interface JitExecutor {
  execute: GatewayExecutor;
  /** Compiled queries held now. */
  compiled(): number;
}

/**
 * An executor that runs a document through graphql-js the first time it is seen and, where it is compilable, compiles
 * it the second time (a query sent once is not worth compiling); up to JIT_LIMITS.queries are remembered.
 */
export function jitExecutor(schema: GraphQLSchema, max = JIT_LIMITS.queries): JitExecutor {
  const seen = new Map<string, CompiledQuery | 'once' | 'interpreted'>();
  const compiledFor = (rc: GatewayGraphQLRequestContext) => {
    const key = `${rc.operationName ?? ''}\u0000${rc.queryHash}`;
    let query = seen.get(key);
    // Most recently used last: a Map iterates in insertion order.
    seen.delete(key);
    if (query === undefined) query = compilable(rc.document) && rc.source ? 'once' : 'interpreted';
    else if (query === 'once') {
      // From its own parse of the text: graphql-jit annotates the nodes it compiles, and Apollo shares its parsed
      // document between requests.
      const made = compileQuery(schema, parse(rc.source!), rc.operationName ?? undefined);
      query = isCompiledQuery(made) ? made : 'interpreted';
    }
    seen.set(key, query);
    if (seen.size > max) seen.delete(seen.keys().next().value!);
    return query;
  };
  return {
    compiled: () => [...seen.values()].filter((q) => typeof q !== 'string').length,
    execute: async (rc) => {
      const query = compiledFor(rc);
      const variables = rc.request.variables ?? {};
      if (typeof query === 'string')
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
