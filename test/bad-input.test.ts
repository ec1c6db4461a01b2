/**
 * Bad input in one batch, on both databases: every bad file gets a clear error naming it, or is loaded with findings
 * that say what is wrong; nothing of a failing file is written; the good files around them are all loaded.
 * Fixtures: test/fixtures/bad (small, committed); the 50 MB file and the broken link are made here.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseFile } from '../src/parser/parse';
import { openDatabase } from '../src/model/data-source';
import { Cell, Finding, Report } from '../src/model/entities';
import { loadPaths, type Summary } from '../src/ingest/load';
import { oldWordDoc } from './helpers/documents';
import { onEachDatabase } from './helpers/each-database';
import type { Scratch } from './helpers/databases';

const BAD = 'test/fixtures/bad';

onEachDatabase((target) => {
  let dir: string;
  let batch: string;
  let scratch: Scratch;
  let ds: DataSource;
  let summary: Summary;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-bad-'));
    batch = path.join(dir, 'batch');
    await mkdir(batch);
    // Good reports first and last, bad ones between them (names sort in this order).
    await copyFile('data/reports/003_e09efae4794f4a2c.txt', path.join(batch, '00-good.txt'));
    for (const f of ['garbage.txt', 'mojibake.txt', 'notice.txt', 'shift-jis.txt', 'table-twice.txt'])
      await copyFile(path.join(BAD, f), path.join(batch, `10-${f}`));
    // Both damaged reports are 湖塘乡's 2020 one, one agency and year: the truncated one is made 赵堡镇's, so that it is
    // not taken for a new version of the other (it would replace it).
    const truncated = await readFile(path.join(BAD, 'truncated.txt'), 'utf8');
    await writeFile(path.join(batch, '10-truncated.txt'), truncated.replace('湖塘乡2020年', '赵堡镇2020年'));
    await writeFile(path.join(batch, '20-empty.txt'), '');
    // 50 MB: a report repeated until it is far larger than any report.
    const seed = await readFile('data/reports/004_c95910d04a7fd181.txt');
    await writeFile(
      path.join(batch, '30-huge.txt'),
      Buffer.concat(Array(Math.ceil((50 * 1024 * 1024) / seed.length)).fill(seed)),
    );
    await symlink(path.join(dir, 'gone.txt'), path.join(batch, '40-broken-link.txt'));
    await writeFile(path.join(batch, '50-old.doc'), oldWordDoc());
    await copyFile('data/reports/004_c95910d04a7fd181.txt', path.join(batch, '99-good.txt'));

    scratch = await target.scratch();
    ds = await openDatabase(scratch.db);
    summary = await loadPaths(ds, [batch, path.join(dir, 'does-not-exist.txt')]);
  });
  afterAll(async () => {
    await ds?.destroy();
    await scratch?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const at = (name: string) => path.join(batch, name);

  it('names each failing file and what is wrong with it', () => {
    expect(summary.failures.map((f) => f.error)).toEqual([
      `${at('10-garbage.txt')}: binary file (NUL bytes), not a text report`,
      expect.stringMatching(
        new RegExp(
          `^${at('10-mojibake.txt')}:1: not an annual report: no title naming a year and 报告 before the first section \\(found "æ`,
        ),
      ),
      `${at('10-notice.txt')}:1: not an annual report: no title naming a year and 报告 before the first section (found "关于做好2024年防汛工作的通知各村(社区)、乡直各单位:为切实做好今年防汛工作,确保人民群众生命财产安全,现将有关事项")`,
      `${at('10-shift-jis.txt')}: text in an unexpected encoding (Shift_JIS, 83% as guessed by chardet): neither UTF-8, UTF-16 nor a Chinese encoding (GBK/GB18030, Big5)`,
      `${at('20-empty.txt')}: empty file`,
      `${at('30-huge.txt')}: too large for a report: 50.0 MB of text (the limit is 32.0 MB)`,
      `${at('40-broken-link.txt')}: cannot read: ENOENT`,
      `${at('50-old.doc')}: old binary Word file (.doc): not supported; save it as .docx or PDF`,
      `${path.join(dir, 'does-not-exist.txt')}: cannot read: ENOENT`,
    ]);
  });

  it('loads the rest: the good reports, and the damaged ones with findings that say what is wrong', async () => {
    expect([summary.loaded, summary.failed]).toEqual([4, 9]);
    const reports = await ds.getRepository(Report).find({ order: { id: 'ASC' } });
    expect(reports.map((r) => r.sourceFile)).toEqual([
      '00-good.txt',
      '10-table-twice.txt',
      '10-truncated.txt',
      '99-good.txt',
    ]);
    const codes = async (file: string) => {
      const report = reports.find((r) => r.sourceFile === file)!;
      const findings = await ds.getRepository(Finding).find({ where: { reportId: report.id }, order: { id: 'ASC' } });
      const n: Record<string, number> = {};
      for (const f of findings) n[f.code] = (n[f.code] ?? 0) + 1;
      return n;
    };
    // The applications table printed twice: each of its 23 rows again, the first copy kept (seed 000's own caption_typo and unit_assumed besides).
    expect(await codes('10-table-twice.txt')).toEqual({ caption_typo: 1, unit_assumed: 1, row_duplicate: 23 });
    // Cut off in 本机关不掌握: that row half printed; the 10 rows after it, the review table and three headings gone.
    expect(await codes('10-truncated.txt')).toEqual({
      caption_typo: 1,
      unit_assumed: 1,
      section_missing: 3,
      row_incomplete: 1,
      row_missing: 10,
      table_missing: 1,
    });
  });

  it('writes every loaded report whole (as many cells as its parse) and nothing of the failing files', async () => {
    for (const r of await ds.getRepository(Report).find()) {
      const parsed = await parseFile(await readFile(at(r.sourceFile)), r.sourceFile);
      expect(await ds.getRepository(Cell).countBy({ reportId: r.id })).toBe(parsed.cells.length);
    }
    expect(await ds.getRepository(Report).count()).toBe(4);
    expect(await ds.getRepository(Cell).count()).toBe(summary.cells);
  });
});
