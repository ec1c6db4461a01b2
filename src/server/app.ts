/** The HTTP service: the dashboard, GraphQL (POST and GET), the query editor, CSV/JSON exports, original files. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { expressMiddleware } from '@as-integrations/express5';
import type { ApolloServer } from '@apollo/server';
import cors from 'cors';
import express from 'express';
import type { DataSource } from 'typeorm';
import type { Context } from '../resolvers';
import { createApi, GRAPHQL_PATH } from './apollo';
import { dashboardRouter } from './dashboard';
import { exportRouter } from './export';
import { ASSETS, ASSETS_PATH } from './graphiql';
import { ORIGINALS_PATH, originalsRouter } from './originals';
import { gongkaiSchema } from './schema';

/** Request bodies larger than this are refused (413) before any parsing. */
export const MAX_BODY = '100kb';

export interface AppOptions {
  /** Where the built dashboard is (default: dist/dashboard of this checkout). */
  dashboard?: string;
}

export async function createApp(
  ds: DataSource,
  options: AppOptions = {},
): Promise<{ app: express.Express; apollo: ApolloServer<Context> }> {
  const schema = await gongkaiSchema();
  const { apollo, context } = createApi(schema, ds);
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  // Public, read-only data without credentials: any origin may query it from a browser.
  app.use(cors());
  app.get(`${ASSETS_PATH}/:file`, (req, res) => {
    const file = ASSETS[req.params.file];
    if (file) res.sendFile(file, { maxAge: '1d' });
    else res.sendStatus(404);
  });
  // Browsers ask for it on every page: no icon, and no 404 in the console.
  app.get('/favicon.ico', (_req, res) => res.status(204).end());
  app.use('/export', exportRouter(ds, schema));
  app.use(ORIGINALS_PATH, originalsRouter(ds));
  app.use(GRAPHQL_PATH, express.json({ limit: MAX_BODY }), expressMiddleware(apollo, { context }));
  app.use(dashboardRouter(options.dashboard));
  return { app, apollo };
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
export async function serve(ds: DataSource, port: number, host: string, options: AppOptions = {}): Promise<Running> {
  const { app, apollo } = await createApp(ds, options);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s)).once('error', reject);
  });
  // Longer than a load balancer's or client's idle timeout (60 s is common): the server must not be the side that
  // closes an idle keep-alive connection, or the client's next request on it fails with ECONNRESET.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
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
