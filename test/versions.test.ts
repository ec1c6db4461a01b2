/**
 * Report versions: every file ingested for an agency and year is kept as a version, exactly one current; a copy that
 * is clearly worse (a truncated download) is stored but does not replace a complete report, and ingest says so.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { parseFile, parseText } from '../src/parser/parse';
import { completeness } from '../src/ingest/versions';
import { squeeze } from '../src/parser/text';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderHtml } from '../src/generate/documents';
import { generateReport, rng } from '../src/generate/model';
import { loadPaths } from '../src/ingest/load';
import { isPostgresUrl, openDatabase, splitSchema } from '../src/model/data-source';
import { Cell, Report, ReportVersion } from '../src/model/entities';
import { MIGRATIONS } from '../src/model/migrations';
import type { Scratch } from './helpers/databases';
import { apiOver } from './helpers/api';
import { onEachDatabase } from './helpers/each-database';
import { capturedCli } from './helpers/cli-output';

/** A 2021 web page of 200 cells (the format's 10 + 25 × 7 + 15), and the same page cut after its first table. */
function pages() {
  const random = rng(2);
  const report = generateReport(random, {});
  expect([report.format, report.singleOtherRow, report.agency.fullName, report.year]).toEqual([
    '2021',
    false,
    '孝感市安陆市巡店镇人民政府',
    2024,
  ]);
  const full = renderHtml(report, random);
  const cut = full.slice(0, full.indexOf('</table>') + '</table>'.length);
  // A corrected edition: one proactive number changed, everything else the same.
  const corrected = full.replace(/<td><p>(\d+)<\/p><\/td>/, (_, n) => `<td><p>${Number(n) + 1}</p></td>`);
  return { full, cut, corrected };
}

/** A database as the migrations before versions made it (the same schema naming as openDatabase). */
async function oldSchema(db: string): Promise<DataSource> {
  const common = { migrations: MIGRATIONS.slice(0, 2), migrationsTableName: 'migrations' };
  let old: DataSource;
  if (isPostgresUrl(db)) {
    const { url, schema } = splitSchema(db);
    old = new DataSource({ type: 'postgres', url, schema, extra: { options: `-c search_path=${schema}` }, ...common });
    await old.initialize();
    await old.query(`CREATE SCHEMA "${schema}"`);
  } else {
    old = new DataSource({ type: 'better-sqlite3', database: db, ...common });
    await old.initialize();
  }
  await old.runMigrations({ transaction: 'all' });
  return old;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-versions-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function write(name: string, content: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

onEachDatabase((target) => {
  let scratch: Scratch;
  let ds: DataSource;
  beforeEach(async () => {
    scratch = await target.scratch();
    ds = await openDatabase(scratch.db);
  });
  afterEach(async () => {
    await ds.destroy();
    await scratch.drop();
  });

  const current = async () => {
    const reports = await ds.getRepository(Report).find();
    expect(reports).toHaveLength(1);
    const cells = await ds.getRepository(Cell).countBy({ reportId: reports[0].id });
    return { file: reports[0].sourceFile, cells };
  };
  const versions = async () =>
    (await ds.getRepository(ReportVersion).find({ order: { version: 'ASC' } })).map((v) => ({
      version: v.version,
      file: v.sourceFile,
      current: v.reportId !== null,
      cells: v.cells,
      errors: v.errors,
      tables: v.tablesFound,
      completeness: v.completeness,
    }));

  describe('report versions', () => {
    it('the migration makes every report stored before it version 1 of itself, current, with its counts', async () => {
      await ds.destroy();
      await scratch.drop();
      scratch = await target.scratch();
      // A database made before versions were kept, holding one report (seed 004: 198 cells, no findings).
      const old = await oldSchema(scratch.db);
      const parsed = parseText(await readFile('data/reports/004_c95910d04a7fd181.txt'), '004.txt');
      const { name, fullName } = parsed.agency;
      await old.query(
        `INSERT INTO agency (key, name, full_name) VALUES ('${squeeze(fullName)}', '${name}', '${fullName}')`,
      );
      await old.query(
        `INSERT INTO report (agency_id, year, format, source_file, sha256, ingested_at) VALUES (1, 2020, '2019', '004.txt', '${'a'.repeat(64)}', '2025-01-01T00:00:00.000Z')`,
      );
      for (const c of parsed.cells)
        await old.query(
          `INSERT INTO cell (report_id, year, agency_id, table_key, row_key, column_key, value, raw, line) VALUES (1, 2020, 1, '${c.table}', '${c.row}', '${c.column}', ${c.value}, '${c.raw}', ${c.line})`,
        );
      await old.destroy();
      ds = await openDatabase(scratch.db);
      expect(await ds.getRepository(ReportVersion).find()).toEqual([
        expect.objectContaining({
          version: 1,
          reportId: 1,
          sourceFile: '004.txt',
          sha256: 'a'.repeat(64),
          cells: 198,
          errors: 0,
          warnings: 0,
          infos: 0,
          tablesFound: 3,
          completeness: null,
          ingestedAt: '2025-01-01T00:00:00.000Z',
        }),
      ]);
      // Its completeness, unknown, is read from its cells when a new version comes: a truncated one is worse.
      const text = await readFile('data/reports/004_c95910d04a7fd181.txt', 'utf8');
      const cut = await write('004-cut.txt', text.slice(0, text.indexOf('三、收到和处理政府信息公开申请情况')));
      const s = await loadPaths(ds, [cut]);
      expect(s.worse).toBe(1);
      expect(await current()).toEqual({ file: '004.txt', cells: 198 });
    });

    it('a truncated copy ingested after the complete report does not replace it; it is kept as a version, not current', async () => {
      const { full, cut } = pages();
      const first = await loadPaths(ds, [await write('full.html', full)]);
      expect([first.loaded, first.failed]).toEqual([1, 0]);
      const s = await loadPaths(ds, [await write('cut.html', cut)]);
      expect([s.loaded, s.replaced, s.worse, s.failed]).toEqual([0, 0, 1, 0]);
      expect(await current()).toEqual({ file: 'full.html', cells: 200 });
      expect(await versions()).toEqual([
        { version: 1, file: 'full.html', current: true, cells: 200, errors: 0, tables: 3, completeness: 1 },
        { version: 2, file: 'cut.html', current: false, cells: 10, errors: 2, tables: 1, completeness: 10 / 200 },
      ]);
      // The same truncated file again: no new version, still not current.
      const again = await loadPaths(ds, [path.join(dir, 'cut.html')]);
      expect(again.worse).toBe(1);
      expect(await versions()).toHaveLength(2);
    });

    it('--force makes a worse version current; a better one replaces the current one', async () => {
      const { full, cut, corrected } = pages();
      await loadPaths(ds, [await write('full.html', full)]);
      const forced = await loadPaths(ds, [await write('cut.html', cut)], { force: true });
      expect([forced.replaced, forced.worse]).toEqual([1, 0]);
      expect(await current()).toEqual({ file: 'cut.html', cells: 10 });
      // The complete page again: better than the truncated one, so it replaces it; the same bytes are the same version.
      const back = await loadPaths(ds, [path.join(dir, 'full.html')]);
      expect(back.replaced).toBe(1);
      expect(await current()).toEqual({ file: 'full.html', cells: 200 });
      const fixed = await loadPaths(ds, [await write('corrected.html', corrected)]);
      expect(fixed.replaced).toBe(1);
      expect(await current()).toEqual({ file: 'corrected.html', cells: 200 });
      expect((await versions()).map((v) => [v.version, v.file, v.current])).toEqual([
        [1, 'full.html', false],
        [2, 'cut.html', false],
        [3, 'corrected.html', true],
      ]);
    });

    it('says which file replaced which, with the change in cells and findings, and when both were in one batch', async () => {
      const { full, cut, corrected } = pages();
      const results: string[] = [];
      const s = await loadPaths(ds, [await write('a-full.html', full), await write('b-corrected.html', corrected)], {
        onFile: (r) => results.push(`${r.outcome} ${path.basename(r.file)} ${JSON.stringify(r.version)}`),
      });
      expect([s.loaded, s.replaced]).toEqual([1, 1]);
      expect(results[1]).toMatch(/^replaced b-corrected\.html /);
      const replaced = JSON.parse(results[1].split(' ').slice(2).join(' '));
      expect(replaced).toMatchObject({
        agency: '巡店镇',
        year: 2024,
        version: 2,
        previous: { file: 'a-full.html', cells: 200 },
        cells: 200,
        sameBatch: true,
      });
      expect(replaced.findings - replaced.previous.findings).toBe(0);
      const worse = await loadPaths(ds, [await write('c-cut.html', cut)], {
        onFile: (r) => results.push(`${r.outcome} ${JSON.stringify(r.version)}`),
      });
      expect(worse.worse).toBe(1);
      expect(JSON.parse(results[2].slice('worse '.length))).toMatchObject({
        version: 3,
        previous: { file: 'b-corrected.html', cells: 200 },
        cells: 10,
        sameBatch: false,
        worse: ['fewer tables found (1 < 3)', 'lower completeness (5.0% < 100.0%)', 'more error findings (2 > 0)'],
      });
    });
  });
});

describe('gongkai ingest and report versions', () => {
  const { out, run } = capturedCli();

  it('a truncated copy after the full report: exit code 1, a message naming both files, the full report stays', async () => {
    const { full, cut } = pages();
    const db = path.join(dir, 'g.db');
    expect(await run('ingest', await write('full.html', full), '--db', db)).toBe(0);
    out.length = 0;
    expect(await run('ingest', await write('cut.html', cut), '--db', db)).toBe(1);
    const text = out.join('');
    expect(text).toContain(
      `not current: 巡店镇 2024: ${path.join(dir, 'cut.html')} is worse than full.html (fewer tables found (1 < 3), lower completeness (5.0% < 100.0%), more error findings (2 > 0)); kept as version 2, full.html stays current (--force makes it current)`,
    );
    expect(text).toContain('loaded 0, replaced 0, worse 1, unchanged 0, failed 0');
    const ds = await openDatabase(db);
    try {
      expect((await ds.getRepository(Report).findOneByOrFail({ year: 2024 })).sourceFile).toBe('full.html');
    } finally {
      await ds.destroy();
    }
    out.length = 0;
    expect(await run('ingest', path.join(dir, 'cut.html'), '--db', db, '--force')).toBe(0);
    expect(out.join('')).toContain(
      `replaced: 巡店镇 2024: ${path.join(dir, 'cut.html')} replaced full.html (version 2, forced although worse: fewer tables found (1 < 3), lower completeness (5.0% < 100.0%), more error findings (2 > 0)); cells 200 → 10 (−190), findings 0 → 6 (+6)`,
    );
  });
});

describe('completeness', () => {
  it('is 1 for a complete report of either format, whichever way (六)其他处理 is printed', async () => {
    const random = rng(7);
    const seen = new Set<string>();
    for (let i = 0; i < 60 && seen.size < 3; i++) {
      const r = generateReport(random, {});
      const kind = `${r.format}${r.singleOtherRow ? '-single' : ''}`;
      if (seen.has(kind)) continue;
      seen.add(kind);
      const parsed = await parseFile(Buffer.from(renderHtml(r, random)), `${kind}.html`);
      expect(parsed.cells).toHaveLength(r.cells.length);
      expect([kind, completeness(parsed.format, parsed.cells)]).toEqual([kind, 1]);
      // One row fewer: its cells are missing from what the format expects.
      const row = parsed.cells[0].row;
      const fewer = parsed.cells.filter((c) => c.row !== row);
      const expected = r.cells.length;
      expect(completeness(parsed.format, fewer)).toBeCloseTo(fewer.length / expected, 12);
    }
    expect([...seen].sort()).toEqual(['2019', '2021', '2021-single']);
  });
});

describe('GraphQL Report.versions', () => {
  it('lists every version of a report, oldest first, the current one marked', async () => {
    const { full, cut } = pages();
    const api = await apiOver([await write('a-full.html', full), await write('b-cut.html', cut)]);
    try {
      const data = await api.data(
        '{ reports { nodes { sourceFile sourceUrl versions { version current sourceFile sourceUrl cells errors warnings infos tablesFound completeness } } } }',
      );
      expect(data.reports.nodes).toEqual([
        {
          sourceFile: 'a-full.html',
          sourceUrl: null,
          versions: [
            {
              version: 1,
              current: true,
              sourceFile: 'a-full.html',
              sourceUrl: null,
              cells: 200,
              errors: 0,
              warnings: 0,
              infos: 0,
              tablesFound: 3,
              completeness: 1,
            },
            {
              version: 2,
              current: false,
              sourceFile: 'b-cut.html',
              sourceUrl: null,
              cells: 10,
              errors: 2,
              warnings: 0,
              infos: 4,
              tablesFound: 1,
              completeness: 0.05,
            },
          ],
        },
      ]);
    } finally {
      await api.close();
    }
  });
});
