/**
 * Every ingest failure names its file (issue 13, item 7): an error that is not the parser's own (a stack overflow), a
 * parser thread that runs out of memory, stops, or takes too long — and the files parsed beside it are unharmed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parserPool } from '../src/ingest/parse-pool';
import { prepare, type Parser } from '../src/ingest/read';
import { openDatabase } from '../src/model/data-source';

let dir: string;
let ds: DataSource;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-failures-'));
  ds = await openDatabase(':memory:');
});
afterAll(async () => {
  await ds.destroy();
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, `${name}\n`);
  return p;
}

describe('failures name their file', () => {
  it('an error that is not a ParseError (a RangeError from a stack overflow)', async () => {
    const overflowing: Parser = async () => {
      const deeper = (n: number): number => deeper(n + 1) + 1;
      return deeper(0) as never;
    };
    const f = await file('deep.txt');
    const p = await prepare(ds, f, overflowing);
    expect('error' in p && p.error).toBe(`${f}: Maximum call stack size exceeded`);
  });

  it('a parser thread out of memory, stopped or too slow: that file named, the thread replaced, the rest parsed', async () => {
    const pool = parserPool(1, {
      worker: path.resolve('test/fixtures/workers/failing-parser.js'),
      // Time enough to run out of memory on a loaded machine (a collector near its limit is slow), not to wait long.
      limits: { heapMb: 32, parseMs: 6000 },
    });
    try {
      const names = ['a.txt', 'out-of-memory.txt', 'b.txt', 'exits.txt', 'never-ends.txt', 'overflows.txt', 'c.txt'];
      const results = [];
      for (const name of names) results.push(await prepare(ds, await file(name), pool.parse));
      const said = results.map((r) => ('parsed' in r ? 'parsed' : r.error!.replace(`${dir}/`, '')));
      expect(said).toEqual([
        'parsed',
        'out-of-memory.txt: the parser ran out of memory (32 MB a thread); not read',
        'parsed',
        "exits.txt: the parser's thread stopped (worker exited with code: 3); not read",
        'never-ends.txt: took longer than 6 s to parse; not read',
        'overflows.txt: Maximum call stack size exceeded',
        'parsed',
      ]);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
