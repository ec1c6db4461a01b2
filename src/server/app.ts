/** The HTTP service: the dashboard, GraphQL (POST and GET), the query editor, CSV/JSON exports, original files. */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import cors from 'cors';
import express from 'express';
import type { DataSource } from 'typeorm';
import type { Context } from '../resolvers';
import { createApi, GRAPHQL_PATH } from './apollo';
import { dashboardRouter } from './dashboard';
import { capConnections, connectionCap, HTTP_LIMITS, type HttpLimits } from './connections';
import { exportRouter } from './export';
import { ASSETS, ASSETS_PATH } from './graphiql';
import { ORIGINALS_PATH, originalsRouter } from './originals';
import { gongkaiSchema } from './schema';
import { graphqlHandler } from './stream';

/** Request bodies larger than this are refused (413) before any parsing. */
export const MAX_BODY = '100kb';

export interface ServerOptions {
  /** Where the built dashboard is (default: dist/dashboard of this checkout). */
  dashboard?: string;
  /** Stack traces and internal error messages in responses: for developers (`serve --debug`), never by default. */
  debug?: boolean;
  /** Lower limits (tests); the defaults are HTTP_LIMITS. */
  limits?: Partial<HttpLimits>;
}

export async function createApp(
  ds: DataSource,
  opts: ServerOptions = {},
): Promise<{ app: express.Express; apollo: ApolloServer<Context> }> {
  const schema = await gongkaiSchema();
  const { apollo, context } = createApi(schema, ds, { debug: opts.debug });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  // Public, read-only data without credentials: any origin may query it from a browser.
  app.use(cors());
  app.get(`${ASSETS_PATH}/:file`, (req, res) => {
    // Own keys only: /graphiql/constructor names no asset.
    if (Object.hasOwn(ASSETS, req.params.file)) res.sendFile(ASSETS[req.params.file], { maxAge: '1d' });
    else notFound(req, res);
  });
  // Browsers ask for it on every page: no icon, and no 404 in the console.
  app.get('/favicon.ico', (_req, res) => res.status(204).end());
  app.use('/export', exportRouter(schema, context));
  app.use(ORIGINALS_PATH, originalsRouter(ds));
  app.use(GRAPHQL_PATH, express.json({ limit: MAX_BODY }), graphqlHandler(apollo, schema, context, opts.debug));
  app.use(dashboardRouter(opts.dashboard));
  app.use(notFound);
  app.use(errorHandler(opts.debug ?? false));
  return { app, apollo };
}

function notFound(req: express.Request, res: express.Response): void {
  res.status(404).json({ error: `nothing at ${req.method} ${req.path}; the API is at ${GRAPHQL_PATH}` });
}

/**
 * Every error the routes do not answer themselves — a malformed or oversized body, a wrong content type, a failure —
 * as JSON, never Express's HTML page with a stack trace. A client's mistake keeps its message (body-parser's are safe
 * to show); anything else is logged here and answered without paths or SQL.
 */
function errorHandler(debug: boolean): express.ErrorRequestHandler {
  return (err: { status?: number; statusCode?: number; expose?: boolean; message?: string }, req, res, _next) => {
    const status = err.status ?? err.statusCode ?? 500;
    const ours = status >= 400 && status < 500 && err.expose !== false;
    if (!ours) console.error(`error: ${req.method} ${req.originalUrl.slice(0, 200)}:`, err);
    if (res.headersSent) return void res.destroy();
    const message = ours || debug ? (err.message ?? 'error') : 'internal error; the server has logged it';
    const code = ours ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
    // The GraphQL endpoint answers in GraphQL's shape; the rest as the exports do.
    if (req.originalUrl.startsWith(GRAPHQL_PATH))
      res.status(ours ? status : 500).json({ errors: [{ message, extensions: { code } }] });
    else res.status(ours ? status : 500).json({ error: message });
  };
}

export interface Running {
  url: string;
  close(): Promise<void>;
}

/** Where the API answers, as printed for people: an IPv6 host in brackets. */
export function graphqlUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}${GRAPHQL_PATH}`;
}

/** Serves until close(); port 0 picks a free port (tests). */
export async function serve(ds: DataSource, port: number, host: string, opts: ServerOptions = {}): Promise<Running> {
  const limits = { ...HTTP_LIMITS, ...opts.limits };
  const { app, apollo } = await createApp(ds, opts);
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
    },
    app,
  );
  capConnections(server, connectionCap(limits.maxConnections));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await apollo.stop();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${port} is in use (on ${host}); choose another with --port`);
    if (code === 'EACCES')
      throw new Error(`port ${port} on ${host} may not be used by this user; choose another with --port`);
    if (code === 'EADDRNOTAVAIL')
      throw new Error(`${host} is not an address of this machine; choose another with --host`);
    throw e;
  }
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: graphqlUrl(host, bound),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // keep-alive clients would otherwise hold close() open
      await closed;
      await apollo.stop();
    },
  };
}
