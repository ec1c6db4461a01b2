/** Ingest into a real database (SQLite and PostgreSQL): counts, idempotency, replacement, a failing file in the middle of a batch. */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/model/data-source';
import { Agency, Cell, Dimension, Finding, Report } from '../src/model/entities';
import { parseText } from '../src/parser/parse';
import { loadPaths, storeReport, type Parser } from '../src/ingest/load';
import { renderDocx } from '../src/generate/documents';
import { generateReport, rng } from '../src/generate/model';
import { oldWordDoc, scannedPdf } from './helpers/documents';
import { onEachDatabase } from './helpers/each-database';
import type { Scratch } from './helpers/databases';

onEachDatabase((target) => {
  let dir: string;
  let ds: DataSource;

  let scratch: Scratch;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-ingest-'));
    scratch = await target.scratch();
    ds = await openDatabase(scratch.db);
  });
  afterEach(async () => {
    await ds.destroy();
    await scratch.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const count = async () => ({
    agencies: await ds.getRepository(Agency).count(),
    reports: await ds.getRepository(Report).count(),
    cells: await ds.getRepository(Cell).count(),
    findings: await ds.getRepository(Finding).count(),
  });

  // Cells per seed (proactive + applications + review), from test/seeds.test.ts: 2019 proactive = 6 rows × 3 + fees 2 +
  // procurement 2 = 22; applications 23 rows × 7 (seed 001: 4 rows × 6 + 16 × 7); 2021: 10 + 25 × 7.
  const SEED_CELLS = (22 + 161 + 15) * 3 + (22 + 136 + 15) + (10 + 175 + 15);
  // Findings per seed: 2 + 5 + 13 + 10 + 0.
  const SEED_FINDINGS = 30;

  describe('ingest', () => {
    it('loads the bundled seeds with their cells, findings and the dimensions of the format description', async () => {
      const s = await loadPaths(ds, ['data/reports']);
      expect([s.loaded, s.replaced, s.unchanged, s.failed]).toEqual([5, 0, 0, 0]);
      expect(await count()).toEqual({ agencies: 5, reports: 5, cells: SEED_CELLS, findings: SEED_FINDINGS });
      expect([s.cells, s.findings]).toEqual([SEED_CELLS, SEED_FINDINGS]);

      const agency = await ds.getRepository(Agency).findOneByOrFail({ name: '湛河区政府办公室' });
      const report = await ds.getRepository(Report).findOneByOrFail({ agencyId: agency.id });
      expect(report).toMatchObject({ year: 2020, format: '2019', sourceFile: '004_c95910d04a7fd181.txt' });
      const held = await ds.getRepository(Cell).findOneByOrFail({
        reportId: report.id,
        tableKey: 'applications',
        rowKey: 'unable_not_held',
        columnKey: 'total',
      });
      expect(held).toMatchObject({ value: 7, raw: '7', line: 57 });
      const blank = await ds
        .getRepository(Cell)
        .findOneByOrFail({ reportId: report.id, tableKey: 'review_litigation', rowKey: 'review', columnKey: 'upheld' });
      expect(blank.value).toBeNull();

      const dims = await ds.getRepository(Dimension).findBy({ tableKey: 'applications', kind: 'row' });
      expect(dims).toHaveLength(26);
      expect(dims.find((d) => d.key === 'other_no_fee')).toMatchObject({ category: 'other', formats: '2021' });
    });

    it('does nothing when the same files are ingested again', async () => {
      await loadPaths(ds, ['data/reports']);
      const before = await ds.getRepository(Report).find({ order: { id: 'ASC' } });
      const s = await loadPaths(ds, ['data/reports']);
      expect([s.loaded, s.replaced, s.unchanged, s.failed]).toEqual([0, 0, 5, 0]);
      expect(await ds.getRepository(Report).find({ order: { id: 'ASC' } })).toEqual(before);
    });

    it('replaces the report of the same agency and year when its file changed', async () => {
      await loadPaths(ds, ['data/reports']);
      const changed = path.join(dir, 'zhanhe-corrected.txt');
      const text = await readFile('data/reports/004_c95910d04a7fd181.txt', 'utf8');
      await writeFile(changed, text.replace('规范性文件\t3\t3\t3', '规范性文件\t4\t3\t3'));
      const s = await loadPaths(ds, [changed]);
      expect([s.loaded, s.replaced]).toEqual([0, 1]);
      expect(await count()).toEqual({ agencies: 5, reports: 5, cells: SEED_CELLS, findings: SEED_FINDINGS });
      const report = await ds.getRepository(Report).findOneByOrFail({ sourceFile: 'zhanhe-corrected.txt' });
      const made = await ds
        .getRepository(Cell)
        .findOneByOrFail({ reportId: report.id, rowKey: 'normative_documents', columnKey: 'made' });
      expect(made.value).toBe(4);
    });

    it('reports a failing file by name, stores nothing of it, and loads the rest of the batch', async () => {
      const batch = path.join(dir, 'batch');
      await rm(batch, { recursive: true, force: true });
      await import('node:fs/promises').then((fs) => fs.mkdir(batch));
      await copyFile('data/reports/000_e84b3c5531a46bee.txt', path.join(batch, 'a.txt'));
      await writeFile(path.join(batch, 'b.txt'), '关于做好防汛工作的通知\n\n各村：请做好准备。\n');
      await copyFile('data/reports/004_c95910d04a7fd181.txt', path.join(batch, 'c.txt'));
      const s = await loadPaths(ds, [batch, path.join(dir, 'does-not-exist.txt')]);
      expect([s.loaded, s.failed]).toEqual([2, 2]);
      const failed = s.failures;
      expect(failed[0].error).toMatch(/b\.txt.*not an annual report/);
      expect(failed[1].error).toMatch(/does-not-exist\.txt: cannot read: ENOENT/);
      expect((await count()).reports).toBe(2);
    });

    it('loads a folder of documents as published, told by content: PDF, web page, Word, GBK text; .doc and scanned PDF fail by name', async () => {
      const batch = path.join(dir, 'published');
      await mkdir(batch);
      await copyFile('data/published/hongze-district-2023.pdf', path.join(batch, 'a-hongze.pdf'));
      // A saved page whose name does not say HTML: the content does.
      await copyFile('data/published/shuyang-fgj-2023.html', path.join(batch, 'b-shuyang.txt'));
      const random = rng(11);
      await writeFile(path.join(batch, 'c-synthetic.docx'), await renderDocx(generateReport(random, {}), random));
      await writeFile(
        path.join(batch, 'd-湛河区.txt'),
        iconv.encode(await readFile('data/reports/004_c95910d04a7fd181.txt', 'utf8'), 'gbk'),
      );
      await writeFile(path.join(batch, 'e-old.doc'), oldWordDoc());
      await writeFile(path.join(batch, 'f-scanned.pdf'), scannedPdf());
      await writeFile(path.join(batch, 'g-notes.md'), 'not a report file: not walked');

      const s = await loadPaths(ds, [batch]);
      expect([s.loaded, s.failed]).toEqual([4, 2]);
      expect(s.failures.map((f) => f.error)).toEqual([
        `${path.join(batch, 'e-old.doc')}: old binary Word file (.doc): not supported; save it as .docx or PDF`,
        `${path.join(batch, 'f-scanned.pdf')}: scanned PDF: no text layer; OCR is not supported`,
      ]);
      const reports = await ds.getRepository(Report).find({ order: { id: 'ASC' } });
      expect(reports.map((r) => [r.sourceFile, r.sourceKind, r.encoding])).toEqual([
        ['a-hongze.pdf', 'pdf', null],
        ['b-shuyang.txt', 'html', 'utf-8'],
        ['c-synthetic.docx', 'docx', null],
        ['d-湛河区.txt', 'text', 'gb18030'],
      ]);
      const cell = (reportId: number, rowKey: string, columnKey: string) =>
        ds.getRepository(Cell).findOneByOrFail({ reportId, rowKey, columnKey });
      expect(await cell(reports[0].id, 'received_new', 'total')).toMatchObject({ value: 21, page: 3, gridTable: null });
      expect(await cell(reports[1].id, 'received_new', 'total')).toMatchObject({
        value: 26,
        page: null,
        gridTable: 3,
        gridRow: 4,
        gridColumn: 10,
      });
      expect(await cell(reports[3].id, 'unable_not_held', 'total')).toMatchObject({
        value: 7,
        raw: '7',
        line: 57,
        page: null,
        gridTable: null,
      });
    });

    it('rolls back only the report that fails to store, in the middle of a batch (a savepoint each)', async () => {
      // The third file's parse is spoiled after its cells: a finding without a severity breaks a NOT NULL constraint.
      const parse: Parser = async (bytes, source) => {
        const parsed = parseText(bytes, source);
        if (source.includes('002_'))
          parsed.findings.push({ ...parsed.findings[0], severity: null as unknown as 'info' });
        return parsed;
      };
      const s = await loadPaths(ds, ['data/reports'], { parse });
      expect([s.loaded, s.failed]).toEqual([4, 1]);
      expect(s.failures[0].error).toMatch(/002_45fc74b0c071d012\.txt: not stored: .*not[ -]null/i);
      expect(await count()).toEqual({ agencies: 4, reports: 4, cells: SEED_CELLS - 198, findings: SEED_FINDINGS - 13 });
      // The rest of the batch is there, in full.
      const after = await loadPaths(ds, ['data/reports']);
      expect([after.loaded, after.unchanged]).toEqual([1, 4]);
      expect(await count()).toEqual({ agencies: 5, reports: 5, cells: SEED_CELLS, findings: SEED_FINDINGS });
    });

    it('writes nothing of a report whose storing fails half-way (one transaction per report)', async () => {
      const parsed = parseText(await readFile('data/reports/000_e84b3c5531a46bee.txt'), '000.txt');
      // The cells go in first; a finding that breaks a NOT NULL constraint then fails the transaction.
      parsed.findings.push({ ...parsed.findings[0], severity: null as unknown as 'info' });
      await expect(storeReport(ds, parsed, 'f'.repeat(64))).rejects.toThrow(/not[ -]null/i);
      expect(await count()).toEqual({ agencies: 0, reports: 0, cells: 0, findings: 0 });
    });
  });
});
