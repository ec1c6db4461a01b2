/** The command line, driven in-process through main(). */
import { spawn, spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyntheticReport } from '../src/generate/model';
import { LAYOUTS } from '../src/generate/render';
import { variantsFor } from '../src/generate/variants';
import { parseFile } from '../src/parser/parse';
import { expectSame } from './helpers/synthetic';
import { GONGKAI_CLI } from './helpers/cli-process';
import { capturedCli } from './helpers/cli-output';

const TEXT_VARIANTS = [...new Set(LAYOUTS.flatMap((l) => variantsFor(l)))].sort();

let dir: string;
const { out, run } = capturedCli();
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gongkai parse', () => {
  it('--json prints one object with the documented fields', async () => {
    expect(await run('parse', 'data/reports/003_e09efae4794f4a2c.txt', '--json')).toBe(0);
    const r = JSON.parse(out.join(''));
    expect(Object.keys(r)).toEqual([
      'source',
      'agency',
      'year',
      'format',
      'publishedOn',
      'sourceKind',
      'encoding',
      'sections',
      'headings',
      'pageDate',
      'cells',
      'findings',
      'rulesChecked',
      'completeness',
      'prose',
      'narrative',
    ]);
    expect(r.completeness).toEqual({ found: 200, expected: 200, ratio: 1 });
    expect(r.agency).toEqual({
      name: '泉塘镇',
      fullName: '湘乡市泉塘镇人民政府',
      divisionCode: '430381111',
      organ: { kind: 'township', name: null },
      level: 'township',
      candidates: [],
    });
    expect(r.cells[0]).toEqual({
      table: 'proactive',
      row: 'regulations',
      column: 'issued',
      value: 0,
      raw: '0',
      line: 24,
    });
    expect(r.findings[0]).toMatchObject({ code: 'label_missing', severity: 'warning', row: 'denied_state_secret' });
  });

  it('prints the tables readably, with the findings', async () => {
    expect(await run('parse', 'data/reports/004_c95910d04a7fd181.txt')).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('unable_not_held');
    expect(text).toMatch(/unable_not_held\s+natural_person=7 .* total=7/);
    expect(text).toContain('  read       198 of 198 cells the format expects (100%)');
    expect(text).toMatch(/review\s+upheld=∅ {2}corrected=∅/);
    expect(text).toMatch(/procurement\s+projects=6 {2}amount_wan=6.933/);
  });

  it('names the file of a report it cannot read', async () => {
    expect(await run('parse', path.join(dir, 'missing.txt'))).toBe(1);
    expect(out.join('')).toMatch(/missing\.txt/);
  });
});

describe('gongkai ingest and generate', () => {
  it('ingests the seeds and exits non-zero when a file failed', async () => {
    const db = path.join(dir, 'g.db');
    expect(await run('ingest', 'data/reports', '--db', db)).toBe(0);
    expect(out.join('')).toContain('loaded 5, replaced 0, worse 0, unchanged 0, failed 0; 967 cells, 30 findings');
    out.length = 0;
    expect(await run('ingest', 'data/reports', path.join(dir, 'nope.txt'), '--db', db)).toBe(1);
    expect(out.join('')).toContain('loaded 0, replaced 0, worse 0, unchanged 5, failed 1');
    expect(out.join('')).toMatch(/error: .*nope\.txt: cannot read/);
  });

  it('reports a file it may not read (permission denied) by name, and loads the rest of the folder', async () => {
    const batch = path.join(dir, 'batch');
    await mkdir(batch);
    await copyFile('data/reports/004_c95910d04a7fd181.txt', path.join(batch, 'a.txt'));
    await copyFile('data/reports/003_e09efae4794f4a2c.txt', path.join(batch, 'b-locked.txt'));
    await chmod(path.join(batch, 'b-locked.txt'), 0o000);
    await copyFile('data/reports/000_e84b3c5531a46bee.txt', path.join(batch, 'c.txt'));
    // Root reads any file: as root, the ingest runs without the capabilities that let it (setpriv, util-linux), and
    // file modes bind it as they bind anyone.
    const asUser = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search'] : [];
    const [command, ...args] = [...asUser, ...GONGKAI_CLI, 'ingest', batch, '--db', path.join(dir, 'locked.db')];
    const child = spawnSync(command, args, { encoding: 'utf8' });
    expect(child.status).toBe(1);
    expect(child.stderr).toContain(`error: ${path.join(batch, 'b-locked.txt')}: cannot read: EACCES`);
    expect(child.stdout).toContain('loaded 2, replaced 0, worse 0, unchanged 0, failed 1');
  });

  it('generates a corpus that ingests cleanly', async () => {
    const corpus = path.join(dir, 'corpus');
    expect(await run('generate', '--reports', '8', '--out', corpus, '--seed', '3')).toBe(0);
    const files = (await readdir(corpus)).filter((f) => f.endsWith('.txt'));
    expect(files).toHaveLength(8);
    expect((await readFile(path.join(corpus, 'expected.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(8);
    out.length = 0;
    expect(await run('ingest', corpus, '--db', path.join(dir, 'c.db'))).toBe(0);
    expect(out.join('')).toMatch(/failed 0/);
  });

  it('generates reports printed as real agencies do (--variants), each parsing to what expected.jsonl says', async () => {
    const corpus = path.join(dir, 'variants');
    expect(await run('generate', '--reports', '200', '--out', corpus, '--variants', 'all')).toBe(0);
    const expected = (await readFile(path.join(corpus, 'expected.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; report: SyntheticReport });
    const seen = new Set<string>();
    for (const { file, report } of expected) {
      expectSame(await parseFile(await readFile(path.join(corpus, file)), file), report);
      for (const v of report.variants) seen.add(v);
    }
    // Variants of text layouts only, most of them somewhere in the corpus: each report prints a random half of those
    // that apply to it (every one in every target is covered by test/roundtrip.test.ts, each alone).
    expect([...seen].filter((v) => !(TEXT_VARIANTS as string[]).includes(v))).toEqual([]);
    expect(seen.size).toBeGreaterThan(TEXT_VARIANTS.length * 0.8);
    expect(await run('generate', '--reports', '1', '--out', corpus, '--variants', 'heading_typo')).toBe(1);
    expect(out.join('')).toMatch(/unknown variant heading_typo: use heading_connector, .* or all/);
  });
});

describe('gongkai agencies', () => {
  it('lists the agency a bare 泉塘镇 could be, sets its code (written to the overrides file) and merges', async () => {
    const db = path.join(dir, 'a.db');
    const csv = path.join(dir, 'agencies.csv');
    const seed = await readFile('data/reports/003_e09efae4794f4a2c.txt', 'utf8');
    // 泉塘镇 signed without its city, 湘乡市 taken out of the text: two towns bear the name.
    const bare = seed
      .replace('湘乡市泉塘镇人民政府', '泉塘镇人民政府')
      .replaceAll('湘乡市', '')
      .replace('2023年', '2022年');
    await writeFile(path.join(dir, 'bare.txt'), bare);
    expect(await run('ingest', path.join(dir, 'bare.txt'), '--db', db, '--agencies', csv)).toBe(0);
    out.length = 0;
    expect(await run('agencies', '--db', db)).toBe(0);
    expect(out).toEqual([
      '1\t泉塘镇人民政府\tambiguous: 340281115 安徽省芜湖市无为市泉塘镇 | 430381111 湖南省湘潭市湘乡市泉塘镇\t(2022 bare.txt)',
    ]);

    out.length = 0;
    expect(await run('agencies', 'set-code', '泉塘镇人民政府', '430381111', '--db', db, '--agencies', csv)).toBe(0);
    expect(out).toEqual([`wrote ${csv}; 1 report(s) moved to their agency`]);
    expect(await readFile(csv, 'utf8')).toBe('name,code,organ,same_as\n泉塘镇人民政府,430381111,,\n');
    // The next ingest follows the file: the signed 2023 report is the same agency.
    expect(await run('ingest', 'data/reports/003_e09efae4794f4a2c.txt', '--db', db, '--agencies', csv)).toBe(0);
    out.length = 0;
    expect(await run('agencies', '--all', '--db', db)).toBe(0);
    expect(out).toEqual([
      '2\t泉塘镇人民政府 / 湘乡市泉塘镇人民政府\t430381111 湖南省湘潭市湘乡市泉塘镇, township\t(2022 bare.txt, 2023 003_e09efae4794f4a2c.txt)',
    ]);

    // A merge: the names of an agency no division was found for get the other's code; a merge that would give one
    // agency two reports of a year is refused, and the file is left as it was.
    const unknown = seed.replace('泉塘镇2023年', '某某乡2023年').replace('湘乡市泉塘镇人民政府', '某某乡人民政府');
    await writeFile(path.join(dir, 'unknown.txt'), unknown);
    expect(await run('ingest', path.join(dir, 'unknown.txt'), '--db', db, '--agencies', csv)).toBe(0);
    out.length = 0;
    expect(await run('agencies', '--db', db)).toBe(0);
    expect(out).toEqual(['3\t某某乡人民政府\tunresolved\t(2023 unknown.txt)']);
    out.length = 0;
    expect(await run('agencies', 'merge', '3', '2', '--db', db, '--agencies', csv)).toBe(1);
    expect(out.join('')).toContain(
      `${csv}:3: 003_e09efae4794f4a2c.txt and unknown.txt would both be the 2023 report of one agency`,
    );
    expect(await readFile(csv, 'utf8')).toBe('name,code,organ,same_as\n泉塘镇人民政府,430381111,,\n');
  });
});

describe('gongkai serve', () => {
  it('serves the database on the port asked for, prints the URL, and stops cleanly on SIGINT', async () => {
    const db = path.join(dir, 's.db');
    expect(await run('ingest', 'data/reports', '--db', db)).toBe(0);
    out.length = 0;
    const exited = run('serve', '--db', db, '--port', '0');
    let url: string | undefined;
    for (let i = 0; i < 200 && !url; i++) {
      url = /serving (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(out.join(''))?.[1];
      if (!url) await new Promise((r) => setTimeout(r, 25));
    }
    expect(url).toBeDefined();
    const res = await fetch(`${url}?query=${encodeURIComponent('{ agencies { totalCount } }')}`);
    expect(await res.json()).toEqual({ data: { agencies: { totalCount: 5 } } });
    process.emit('SIGINT');
    expect(await exited).toBe(0);
  });
});

describe('gongkai serve --workers', () => {
  it('serves from several processes on one port, and stops them all on SIGTERM', async () => {
    const db = path.join(dir, 'w.db');
    expect(await run('ingest', 'data/reports', '--db', db)).toBe(0);
    const [node, ...cli] = GONGKAI_CLI;
    const child = spawn(node, [...cli, 'serve', '--db', db, '--port', '0', '--workers', '2'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          const found = /serving (http:\/\/\S+\/graphql)/.exec(chunk.toString())?.[1];
          if (found) resolve(found);
        });
        child.once('exit', () => reject(new Error('serve exited')));
      });
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ reports(first: 10) { totalCount } }' }),
          }).then((r) => r.json()),
        ),
      );
      expect(answers).toEqual(Array(8).fill({ data: { reports: { totalCount: 5 } } }));
      const workers = spawnSync('pgrep', ['-P', String(child.pid), '-f', 'gongkai.ts'], { encoding: 'utf8' })
        .stdout.trim()
        .split('\n')
        .filter(Boolean);
      expect(workers).toHaveLength(2);
      child.kill('SIGTERM');
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      for (const pid of workers) expect(() => process.kill(Number(pid), 0)).toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
