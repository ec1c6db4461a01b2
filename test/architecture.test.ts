/**
 * The folders are the architecture (README, "Architecture"): each layer imports only from layers below it, and inside
 * the parser each stage only from earlier stages. A change that makes an import point the wrong way fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '../src');

/** Each top folder of src and the folders it may import from (besides itself). */
const MAY_IMPORT: Record<string, string[]> = {
  format: [],
  divisions: [],
  similarity: [],
  parser: ['format', 'divisions', 'similarity'],
  model: ['format'],
  generate: ['format', 'divisions'],
  ingest: ['format', 'divisions', 'parser', 'model', 'similarity'],
  crawl: ['format', 'divisions', 'parser', 'model', 'ingest'],
  query: ['format', 'divisions', 'model', 'similarity'],
  schema: ['format', 'divisions', 'query'],
  resolvers: ['format', 'divisions', 'model', 'query', 'schema'],
  server: ['format', 'divisions', 'model', 'query', 'schema', 'resolvers'],
  cli: ['format', 'divisions', 'parser', 'model', 'generate', 'ingest', 'crawl', 'query', 'server'],
  // The browser's code: it talks to the server over HTTP only (see below), never through its modules.
  dashboard: [],
};

/** Parser stages in order (README, "How parsing works"): a stage imports only from its own and earlier ones. */
const PARSER_STAGES = [
  ['text.ts', 'types.ts', 'recognize.ts'],
  ['documents'],
  ['sections.ts', 'agency.ts'],
  ['layout.ts'],
  ['labels.ts', 'values.ts', 'tables.ts'],
  ['validate.ts', 'fill.ts', 'prose.ts'],
  ['parse.ts'],
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** The files of src a file imports (relative imports only). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((m) =>
    path.resolve(path.dirname(file), m[1]),
  );
}

const within = (file: string, root: string) => path.relative(root, file).split(path.sep);

describe('layers', () => {
  const files = filesUnder(SRC);

  it('every top folder of src is a known layer', () => {
    const folders = new Set(files.map((f) => within(f, SRC)[0]));
    expect([...folders].filter((f) => !(f in MAY_IMPORT))).toEqual([]);
  });

  it('imports point down: each layer imports only from the layers below it', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const layer = within(file, SRC)[0];
      for (const target of importsOf(file)) {
        const to = within(target, SRC)[0];
        if (to !== layer && !MAY_IMPORT[layer].includes(to)) wrong.push(`${path.relative(SRC, file)} → ${to}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('parser stages import only from earlier stages', () => {
    const stageOf = (file: string) =>
      PARSER_STAGES.findIndex((s) => s.includes(within(file, path.join(SRC, 'parser'))[0]));
    const wrong: string[] = [];
    for (const file of files.filter((f) => within(f, SRC)[0] === 'parser')) {
      const stage = stageOf(file);
      expect(stage, `${file} is in no stage`).toBeGreaterThanOrEqual(0);
      for (const target of importsOf(file)) {
        if (within(target, SRC)[0] !== 'parser') continue;
        if (stageOf(target) > stage) wrong.push(`${path.relative(SRC, file)} → ${path.relative(SRC, target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('the dashboard', () => {
  const DASHBOARD = path.join(SRC, 'dashboard');
  const files = filesUnder(DASHBOARD);
  const api = path.join(DASHBOARD, 'api.ts');

  it('reaches the network only through api.ts', () => {
    const talking = files.filter((f) =>
      /\b(fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon)\b/.test(readFileSync(f, 'utf8')),
    );
    expect(talking.map((f) => path.relative(SRC, f))).toEqual(['dashboard/api.ts']);
  });

  it('asks only the public API, the exports and the original files', () => {
    const text = readFileSync(api, 'utf8');
    const paths = [...text.matchAll(/'(\/[^']*)'/g)].map((m) => m[1]);
    expect(paths.sort()).toEqual(['/export/', '/graphql', '/reports/']);
    // The other files name no server path of their own (links inside the dashboard are query strings: "?view=…").
    const elsewhere = files
      .filter((f) => f !== api)
      .flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/['`](\/(?:graphql|export|reports)[^'`]*)['`]/g)].map((m) => m[1]),
      );
    expect(elsewhere).toEqual([]);
  });
});
