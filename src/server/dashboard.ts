/**
 * The dashboard at `/`: the page and bundle that scripts/build-dashboard.ts writes (npm run build) into dist/dashboard,
 * read once and served from memory. Asset names carry a hash of their content, so they are cached for good; the page
 * itself is revalidated, so a new build is seen at once. The page may load nothing but its own assets, and talk to
 * nothing but this server (its Content-Security-Policy says so to the browser).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import express, { type Request, type Response } from 'express';

export const DASHBOARD_ASSETS_PATH = '/dashboard';

/** dist/dashboard of the checkout, from the compiled server (dist/server) and from its sources (src/server) alike. */
export const DEFAULT_DASHBOARD_DIR = path.resolve(__dirname, '../../dist/dashboard');

const PAGE = 'index.html';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // ECharts positions its tooltips with inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  body: Buffer;
  gzip: Buffer;
  type: string;
  etag: string;
}

function readAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[path.extname(name)];
    if (!type) continue;
    const body = readFileSync(path.join(dir, name));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    assets.set(name, { body, gzip: gzipSync(body, { level: 9 }), type, etag });
  }
  return assets;
}

function send(req: Request, res: Response, asset: Asset, cacheControl: string): void {
  res.setHeader('Content-Type', asset.type);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('ETag', asset.etag);
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (req.headers['if-none-match'] === asset.etag) {
    res.status(304).end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.send(gzip ? asset.gzip : asset.body);
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>gongkai</title>
<p>仪表盘尚未构建 · The dashboard has not been built: run <code>npm run build</code>.
The API answers at <a href="/graphql">/graphql</a>.</p>
`;

/** `/` and the dashboard's assets; without a build, `/` says how to make one (and where the API is). */
export function dashboardRouter(dir: string = DEFAULT_DASHBOARD_DIR): express.Router {
  const router = express.Router();
  const assets = existsSync(path.join(dir, PAGE)) ? readAssets(dir) : undefined;
  router.get('/', (req, res) => {
    if (!assets) {
      res.status(503).type('html').send(NOT_BUILT);
      return;
    }
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('Referrer-Policy', 'no-referrer');
    send(req, res, assets.get(PAGE)!, 'no-cache');
  });
  router.get(`${DASHBOARD_ASSETS_PATH}/:file`, (req: Request<{ file: string }>, res) => {
    const asset = req.params.file === PAGE ? undefined : assets?.get(req.params.file);
    if (asset) send(req, res, asset, 'public, max-age=31536000, immutable');
    else res.sendStatus(404);
  });
  return router;
}
