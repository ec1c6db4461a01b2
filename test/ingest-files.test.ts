/** What the ingest reads: each file once and whole, whatever happens to it meanwhile; folders walked once each. */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPaths, walk, type FileResult } from '../src/ingest/load';
import { parseHere, prepare, type Parser } from '../src/ingest/read';
import { openDatabase } from '../src/model/data-source';
import type { Scratch } from './helpers/databases';
import { onEachDatabase } from './helpers/each-database';

let dir: string;
let ds: DataSource;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-files-'));
  ds = await openDatabase(':memory:');
});
afterAll(async () => {
  await ds.destroy();
  await rm(dir, { recursive: true, force: true });
});

const CHANGED =
  'changed while it was being read (still being written?); not stored: ingest it again once it is complete';
const SEED_004 = 'data/reports/004_c95910d04a7fd181.txt';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('a file rewritten while it is read', () => {
  // Both ways a file is read (read.ts): at once (up to 1 MiB) and through a file handle (larger).
  it.each([1_000_000, 3_000_000])(
    'is parsed from exactly the bytes hashed, one whole version (never one cut short or a mix of two), or refused by name (%i bytes)',
    async (length) => {
      // Two versions of one length (a rewrite that keeps the size), long enough that reading one takes a while.
      // Padded with different characters, so that a mix shows wherever it is.
      const padded = async (seed: string, pad: string) => {
        const text = await readFile(seed);
        return Buffer.concat([text, Buffer.alloc(length - text.length, pad)]);
      };
      const versions = [
        await padded('data/reports/000_e84b3c5531a46bee.txt', ' '),
        await padded('data/reports/004_c95910d04a7fd181.txt', '#'),
      ];
      const file = path.join(dir, `rewritten-${length}.txt`);
      await writeFile(file, versions[0]);
      for (const [i, v] of versions.entries()) await writeFile(path.join(dir, `v${i}-${length}`), v);
      // Another process rewrites the file again and again, as a download or an editor saving it does: truncated, then
      // written. Caught in the middle, the file is a beginning of one version; a mix of two is a change during the read.
      const writer = spawn(process.execPath, [
        '-e',
        `const fs = require('fs'); const v = [0, 1].map((i) => fs.readFileSync(${JSON.stringify(dir)} + '/v' + i + '-${length}'));
       for (let i = 0; ; i++) { fs.writeFileSync(${JSON.stringify(file)}, v[i % 2]); if (i === 1) console.log('writing'); }`,
      ]);
      await new Promise((resolve) => writer.stdout.once('data', resolve));
      // What the parser was given, to compare with what was hashed.
      let given = Buffer.alloc(0);
      const parse: Parser = (bytes, source) => {
        given = Buffer.from(bytes);
        return parseHere(bytes, source);
      };
      const seen = { whole: 0, refused: 0 };
      try {
        for (let i = 0; i < 60; i++) {
          const p = await prepare(ds, file, parse);
          if ('parsed' in p) {
            // One version, whole: never a version cut short (caught while written) or parts of two.
            expect(sha256(given)).toBe(p.sha256);
            expect(
              versions.some((v) => v.equals(given)),
              `parsed ${given.length} bytes that are no version`,
            ).toBe(true);
            seen.whole++;
          } else {
            // Or caught empty, between truncating and writing (and still so after): nothing stored either way.
            expect([`${file}: ${CHANGED}`, `${file}: empty file`]).toContain(p.error);
            seen.refused++;
          }
        }
      } finally {
        writer.kill('SIGKILL');
      }
      expect(seen.refused).toBeGreaterThan(0);
    },
  );
});

describe('folders', () => {
  it('walks each real folder once: symbolic-link loops neither hang the walk nor read a file twice', async () => {
    const root = path.join(dir, 'loops');
    await mkdir(path.join(root, 'a', 'b'), { recursive: true });
    await writeFile(path.join(root, 'a', 'one.txt'), 'x');
    await writeFile(path.join(root, 'a', 'b', 'two.txt'), 'x');
    await symlink('.', path.join(root, 'a', 'x'));
    await symlink('.', path.join(root, 'a', 'y'));
    await symlink('..', path.join(root, 'a', 'b', 'up'));
    // A folder reached through a link to a folder outside is walked too (once).
    await mkdir(path.join(dir, 'elsewhere'));
    await writeFile(path.join(dir, 'elsewhere', 'three.txt'), 'x');
    await symlink(path.join(dir, 'elsewhere'), path.join(root, 'a', 'b', 'linked'));
    const found: string[] = [];
    for await (const f of walk([root, path.join(root, 'a')])) {
      found.push(path.relative(root, String(f)));
      if (found.length > 100) break;
    }
    expect(found).toEqual(['a/one.txt', 'a/b/two.txt', 'a/b/linked/three.txt']);
  });
});

onEachDatabase((target) => {
  let scratch: Scratch;
  let db: DataSource;
  beforeAll(async () => {
    scratch = await target.scratch();
    db = await openDatabase(scratch.db);
  });
  afterAll(async () => {
    await db.destroy();
    await scratch.drop();
  });

  it('reads files whose names are not UTF-8 (GBK names from a Windows archive), named readably', async () => {
    const folder = path.join(dir, `gbk-names-${target.name}`);
    await mkdir(folder);
    const name = '湛河区政府办公室2020年报告.txt';
    await writeFile(Buffer.concat([Buffer.from(`${folder}/`), iconv.encode(name, 'gbk')]), await readFile(SEED_004));
    await writeFile(Buffer.concat([Buffer.from(`${folder}/`), iconv.encode('坏.txt', 'gbk')]), 'not a report');
    const results: FileResult[] = [];
    const s = await loadPaths(db, [folder], { onFile: (r) => results.push(r) });
    expect(s.failures.map((f) => f.error)).toEqual([
      expect.stringMatching(`^${path.join(folder, '坏.txt')}:1: not an annual report`),
    ]);
    expect(results.map((r) => [path.basename(r.file), r.outcome])).toEqual([
      ['坏.txt', 'failed'],
      [name, 'loaded'],
    ]);
    const [stored] = await db.query(`SELECT source_file FROM report WHERE id = ${results[1].reportId}`);
    expect(stored.source_file).toBe(name);
  });
});
