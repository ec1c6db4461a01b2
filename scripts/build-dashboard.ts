/**
 * Builds the dashboard (src/dashboard) into dist/dashboard with esbuild: one minified script with the parts of ECharts
 * it uses, one stylesheet, both named by a hash of their content, and index.html pointing at them. `npm run build`
 * runs it; the server serves what it writes (src/server/dashboard.ts).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const SRC = path.resolve(__dirname, '../src/dashboard');
export const DASHBOARD_OUT = path.resolve(__dirname, '../dist/dashboard');

export interface Built {
  dir: string;
  /** Served file → bytes, and bytes gzipped. */
  files: Record<string, { bytes: number; gzip: number }>;
}

export async function buildDashboard(dir: string = DASHBOARD_OUT): Promise<Built> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const result = await build({
    entryPoints: { app: path.join(SRC, 'main.ts'), style: path.join(SRC, 'style.css') },
    outdir: dir,
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((f) => path.basename(f));
  const script = outputs.find((f) => f.startsWith('app-') && f.endsWith('.js'));
  const style = outputs.find((f) => f.startsWith('style-') && f.endsWith('.css'));
  if (!script || !style) throw new Error(`esbuild wrote ${outputs.join(', ')}: no app script or stylesheet`);
  const page = (await readFile(path.join(SRC, 'index.html'), 'utf8'))
    .replace('%SCRIPT%', script)
    .replace('%STYLE%', style);
  await writeFile(path.join(dir, 'index.html'), page);
  const files: Built['files'] = {};
  for (const f of ['index.html', script, style]) {
    const bytes = await readFile(path.join(dir, f));
    files[f] = { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  }
  return { dir, files };
}

if (require.main === module) {
  buildDashboard().then(
    (b) => {
      const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;
      for (const [f, s] of Object.entries(b.files))
        console.log(`dashboard: ${f} ${kb(s.bytes)} (${kb(s.gzip)} gzipped)`);
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
