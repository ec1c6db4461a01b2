/**
 * GraphQL over HTTP, with large aggregation answers streamed (issue 14). Every request is answered by Apollo, as
 * `expressMiddleware` would, with all its checks and limits. Where an aggregation refused its answer for its size
 * (query/chunks.ts: more than BUCKET_LIMITS.rows buckets, or than a chunk where the cost estimate admitted the request
 * for one chunk only) and the request asked for that one field alone, the same document is executed again chunk by
 * chunk, on one read snapshot on SQLite, and the response is written as each chunk is read: the same JSON a whole
 * answer would be, `{"data":{"<field>":[…]}}`, never whole in memory.
 *
 * The first chunk is read before any byte is sent: a request that fails there gets the error as Apollo would format
 * it. A failure after it (a statement timeout, the data changed on PostgreSQL, a client gone) cuts the response off,
 * so that no client takes a partial list for the answer.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse as parseUrl } from 'node:url';
import { type ApolloServer, HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import {
  type DocumentNode,
  execute,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  parse,
} from 'graphql';
import { type AnswerSize, chunked, DataChanged } from '../query/chunks';
import { dataVersion } from '../query/version';
import { isStatementTimeout } from '../model/statement-timeout';
import { formatError } from './apollo';
import { HTTP_LIMITS } from './connections';
import { loneField } from './lone-field';
import { type Context, createContext } from '../resolvers';

/** What a request asked, as GraphQL over HTTP carries it (a POST body, or a GET's query string). */
interface Asked {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

function askedOf(req: Request): Asked | undefined {
  const from =
    req.method === 'GET' ? Object.fromEntries(new URLSearchParams(parseUrl(req.url).search ?? '')) : (req.body ?? {});
  if (typeof from !== 'object' || typeof from.query !== 'string') return undefined;
  let variables = from.variables;
  if (typeof variables === 'string') {
    try {
      variables = JSON.parse(variables);
    } catch {
      return undefined;
    }
  }
  if (variables !== undefined && variables !== null && typeof variables !== 'object') return undefined;
  const operationName = typeof from.operationName === 'string' ? from.operationName : undefined;
  return { query: from.query, variables: variables ?? undefined, operationName };
}

/** The response key of the operation's lone field. */
function keyOf(document: DocumentNode, operationName: string | undefined): string | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  const field = operation && loneField(operation);
  return field && (field.alias ?? field.name).value;
}

/** The response, chunk after chunk of the field's list, the first chunk already read: or the error of the first. */
async function streamedBody(
  schema: GraphQLSchema,
  document: DocumentNode,
  asked: Asked,
  key: string,
  ds: Context['ds'],
): Promise<AsyncIterable<string> | { error: unknown }> {
  const chunks = chunked(
    async (chunk) => {
      // Loaders afresh for each chunk: their caches would otherwise grow with the answer.
      const contextValue = createContext(ds);
      contextValue.answer.chunk = chunk;
      const result = await execute({
        schema,
        document,
        variableValues: asked.variables,
        operationName: asked.operationName,
        contextValue,
      });
      if (result.errors?.length) throw result.errors[0].originalError ?? result.errors[0];
      return (result.data as Record<string, unknown[]>)[key];
    },
    async () => (await dataVersion(ds)).tag,
  );
  let first: IteratorResult<unknown[]>;
  try {
    first = await chunks.next();
  } catch (error) {
    return { error };
  }
  const items = (list: unknown[], leading: boolean) =>
    list.map((item, i) => (leading || i > 0 ? ',' : '') + JSON.stringify(item)).join('');
  return (async function* () {
    yield `{"data":{${JSON.stringify(key)}:[`;
    if (!first.done) {
      yield items(first.value, false);
      let leading = first.value.length > 0;
      for await (const list of chunks) {
        yield items(list, leading);
        leading ||= list.length > 0;
      }
    }
    yield ']}}';
  })();
}

async function send(res: Response, response: HTTPGraphQLResponse): Promise<void> {
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.send(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * The /graphql handler (after express.json()). `context` makes a request's context on its own read snapshot
 * (snapshot.ts); a streamed answer takes one more for its chunks.
 */
export function graphqlHandler(
  apollo: ApolloServer<Context>,
  schema: GraphQLSchema,
  context: () => Promise<Context>,
  debug = false,
): RequestHandler {
  apollo.assertStarted('graphqlHandler()');
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers))
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    // The context Apollo's execution gets, kept to read what it did with a large answer.
    let answer: AnswerSize | undefined;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method.toUpperCase(),
        headers,
        search: parseUrl(req.url).search ?? '',
        body: req.body,
      },
      context: async () => {
        const ctx = await context();
        ctx.answer.streamable = true;
        answer = ctx.answer;
        return ctx;
      },
    });
    const asked = answer?.streamable && answer.refused ? askedOf(req) : undefined;
    const document = asked && parse(asked.query);
    const key = document && keyOf(document, asked.operationName);
    if (!asked || !document || !key) return send(res, response);
    const ctx = await context();
    try {
      const body = await streamedBody(schema, document, asked, key, ctx.ds);
      res.status(200).type('application/json; charset=utf-8').setHeader('Cache-Control', 'no-store');
      if ('error' in body) {
        // As Apollo answers an error of the field (a statement stopped, a failure it logs).
        const error = new GraphQLError(String((body.error as Error)?.message), {
          path: [key],
          originalError: body.error as Error,
        });
        res.send(JSON.stringify({ errors: [formatError(debug)(error.toJSON(), error)], data: null }));
        return;
      }
      // A client that stops reading holds a snapshot: past this long without progress, it is cut off.
      res.setTimeout(HTTP_LIMITS.streamIdleMs, () => res.destroy());
      // pipeline: a slow client holds the answer back (backpressure), not memory; a client gone away ends it.
      await pipeline(Readable.from(body), res).catch((e) => {
        if (
          !(e instanceof DataChanged) &&
          !isStatementTimeout(e) &&
          (e as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE'
        )
          console.error('error: streamed GraphQL answer', e);
        res.destroy();
      });
    } finally {
      await ctx.endSnapshot?.();
    }
  };
}
