/**
 * Agency identities in a real database (SQLite and PostgreSQL): one agency across printed names, the carry-over check
 * across years whatever the order, the user's overrides (data/agencies.csv) re-linking stored reports without parsing.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPaths, OverrideError, relink } from '../src/ingest/load';
import { parseOverrides } from '../src/ingest/overrides';
import { openDatabase } from '../src/model/data-source';
import { Agency, Cell, Finding, Report } from '../src/model/entities';
import { dispositionBreakdown } from '../src/query/analytics';
import { onEachDatabase } from './helpers/each-database';
import type { Scratch } from './helpers/databases';

const SEED_003 = 'data/reports/003_e09efae4794f4a2c.txt';

interface Variant {
  /** The title's agency name and the signature. */
  name: string;
  signature: string;
  year: number;
  /** carried_over (line 89) and carried_forward (line 337) of natural persons, with their totals (lines 95, 343). */
  over?: number;
  forward?: number;
}

/** Seed 003 (泉塘镇 2023, one cell per line) as another agency's report: title, signature, year, two cells changed. */
async function variant(v: Variant): Promise<string> {
  const lines = (await readFile(SEED_003, 'utf8')).split('\n');
  lines[0] = `${v.name}${v.year}年政府信息公开工作年度报告`;
  lines[400] = v.signature;
  lines[401] = `${v.year + 1}年1月9日`;
  if (v.over !== undefined) lines[88] = lines[94] = `\t${v.over}`;
  if (v.forward !== undefined) lines[336] = lines[342] = `\t${v.forward}`;
  // The text names 湘乡市 once: gone, so that a bare 泉塘镇 is left to the signature alone.
  return lines.join('\n').replaceAll('湘乡市', '');
}

onEachDatabase((target) => {
  let dir: string;
  let scratch: Scratch;
  let ds: DataSource;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-agencies-'));
    scratch = await target.scratch();
    ds = await openDatabase(scratch.db);
  });
  afterEach(async () => {
    await ds.destroy();
    await scratch.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const write = async (file: string, v: Variant) => {
    const p = path.join(dir, file);
    await writeFile(p, await variant(v));
    return p;
  };
  const agencies = () => ds.getRepository(Agency).find({ order: { id: 'ASC' } });
  const carryFindings = async (sourceFile: string) => {
    const report = await ds.getRepository(Report).findOneByOrFail({ sourceFile });
    const found = await ds.getRepository(Finding).find({ where: { reportId: report.id, rule: 'carry_continuity' } });
    return found.map((f) => ({ column: f.columnKey, expected: f.expected, actual: f.actual, line: f.line }));
  };

  describe('one agency across printed names', () => {
    it('洪泽区人民政府 (2023, the PDF) and 淮安市洪泽区人民政府 (2024) are one agency: 320813, its government', async () => {
      const pdf = path.join(dir, 'hongze-district-2023.pdf');
      await copyFile('data/published/hongze-district-2023.pdf', pdf);
      const later = await write('hongze-2024.txt', {
        name: '洪泽区人民政府',
        signature: '淮安市洪泽区人民政府',
        year: 2024,
      });
      const s = await loadPaths(ds, [pdf, later]);
      expect([s.loaded, s.failed]).toEqual([2, 0]);
      const [a, ...others] = await agencies();
      expect(others).toEqual([]);
      expect(a).toMatchObject({
        key: '320813|government|',
        divisionCode: '320813',
        organKind: 'government',
        organName: null,
        level: 'county',
        provinceCode: '32',
        cityCode: '3208',
        countyCode: '320813',
        townshipCode: null,
        // Named as its latest report printed it.
        name: '洪泽区人民政府',
        fullName: '淮安市洪泽区人民政府',
      });
      const reports = await ds.getRepository(Report).find({ order: { year: 'ASC' } });
      expect(reports.map((r) => [r.year, r.agencyId, r.agencyFullName])).toEqual([
        [2023, a.id, '洪泽区人民政府'],
        [2024, a.id, '淮安市洪泽区人民政府'],
      ]);
    });
  });

  describe('carry_continuity across years, whatever the order', () => {
    const y2023 = (forward: number) => ({ name: '洪泽区人民政府', signature: '洪泽区人民政府', year: 2023, forward });
    const y2024 = (over: number) => ({ name: '洪泽区人民政府', signature: '淮安市洪泽区人民政府', year: 2024, over });

    it('is checked when the earlier year arrives later, and renewed when either report is replaced', async () => {
      const checked = async (sourceFile: string) =>
        (await ds.getRepository(Report).findOneByOrFail({ sourceFile })).rulesChecked
          ?.split(',')
          .includes('carry_continuity');
      await loadPaths(ds, [await write('b-2024.txt', y2024(3))]);
      expect(await carryFindings('b-2024.txt')).toEqual([]); // nothing to compare with yet
      expect(await checked('b-2024.txt')).toBe(false);

      await loadPaths(ds, [await write('a-2023.txt', y2023(0))]);
      // The 2024 report's carried_over (3, lines 89 and 95) against 2023's carried_forward (0).
      expect(await carryFindings('b-2024.txt')).toEqual([
        { column: 'natural_person', expected: 0, actual: 3, line: 89 },
        { column: 'total', expected: 0, actual: 3, line: 95 },
      ]);
      expect(await checked('b-2024.txt')).toBe(true); // dataQuality counts it now
      expect(await carryFindings('a-2023.txt')).toEqual([]);

      // The earlier report corrected: the later one's findings go.
      const s = await loadPaths(ds, [await write('a-2023.txt', y2023(3))]);
      expect(s.replaced).toBe(1);
      expect(await carryFindings('b-2024.txt')).toEqual([]);

      // The later report replaced: checked again against the stored earlier one.
      await rm(path.join(dir, 'b-2024.txt'));
      await loadPaths(ds, [await write('c-2024.txt', y2024(5))]);
      expect(await carryFindings('c-2024.txt')).toEqual([
        { column: 'natural_person', expected: 3, actual: 5, line: 89 },
        { column: 'total', expected: 3, actual: 5, line: 95 },
      ]);
      expect(await ds.getRepository(Report).count()).toBe(2);
    });

    it('is the same in the other order', async () => {
      await loadPaths(ds, [await write('a-2023.txt', y2023(0)), await write('b-2024.txt', y2024(3))]);
      expect((await carryFindings('b-2024.txt')).map((f) => f.actual)).toEqual([3, 3]);
    });
  });

  describe('overrides (data/agencies.csv)', () => {
    const bare = (year: number) => ({ name: '泉塘镇', signature: '泉塘镇人民政府', year });

    it('a bare 泉塘镇 is ambiguous; given a code it joins 湘乡市泉塘镇 without being parsed again', async () => {
      await loadPaths(ds, [SEED_003, await write('bare-2022.txt', bare(2022))]);
      const bareReport = await ds.getRepository(Report).findOneByOrFail({ sourceFile: 'bare-2022.txt' });
      expect(bareReport).toMatchObject({ divisionCode: null, candidates: '340281115,430381111' });
      const ambiguous = await ds.getRepository(Finding).findOneByOrFail({ reportId: bareReport.id });
      expect(ambiguous).toMatchObject({ code: 'agency_ambiguous', line: 401 });
      expect(ambiguous.message).toContain('340281115 安徽省芜湖市无为市泉塘镇');
      expect(ambiguous.message).toContain('430381111 湖南省湘潭市湘乡市泉塘镇');
      expect((await agencies()).map((a) => [a.key, a.divisionCode, a.level])).toEqual([
        ['430381111|township|', '430381111', 'township'],
        ['name:泉塘镇人民政府', null, 'township'],
      ]);

      const overrides = parseOverrides('name,code,organ,same_as\n泉塘镇人民政府,430381111,,\n', 'agencies.csv');
      expect(await relink(ds, overrides)).toEqual({ moved: 1, resolved: 0 });
      const [one, ...none] = await agencies();
      expect(none).toEqual([]);
      expect(one).toMatchObject({ divisionCode: '430381111', name: '泉塘镇', fullName: '湘乡市泉塘镇人民政府' });
      // The same report (same id), its cells moved with it.
      const moved = await ds.getRepository(Report).findOneByOrFail({ id: bareReport.id });
      expect(moved.agencyId).toBe(one.id);
      expect(await ds.getRepository(Cell).countBy({ reportId: bareReport.id, agencyId: one.id })).toBe(
        await ds.getRepository(Cell).countBy({ reportId: bareReport.id }),
      );
      // Its summary rows too (model/summary.ts): the breakdowns by agency count it under its new agency.
      const summaryRows = async (where: string) =>
        Number(
          (
            await ds.query(`SELECT COUNT(*) AS n FROM summary_disposition WHERE report_id = ${bareReport.id}${where}`)
          )[0].n,
        );
      expect(await summaryRows('')).toBeGreaterThan(0);
      expect(await summaryRows(` AND agency_id = ${one.id}`)).toBe(await summaryRows(''));
      // And the breakdowns read from the cells, which find each report's 总计 by the cell's agency and year.
      const [byRow] = await dispositionBreakdown(ds, { groupBy: ['AGENCY'], detail: 'ROW', rows: ['granted'] });
      expect(byRow).toMatchObject({ agencyId: one.id, reports: 2, reportsUsed: 2, reportsMissing: 0 });

      // At every ingest: without the override the bare name is its own agency again.
      await loadPaths(ds, [], { overrides: new Map() });
      expect((await agencies()).map((a) => a.key)).toEqual(['430381111|township|', 'name:泉塘镇人民政府']);
    });

    it('same_as merges; a merge giving one agency two reports of a year is refused, and nothing changes', async () => {
      await loadPaths(ds, [
        SEED_003,
        await write('bare-2023.txt', bare(2023)),
        await write('bare-2022.txt', bare(2021)),
      ]);
      const before = await ds.getRepository(Report).find({ order: { id: 'ASC' } });
      const clash = parseOverrides('name,code,organ,same_as\n泉塘镇人民政府,,,湘乡市泉塘镇人民政府\n', 'agencies.csv');
      await expect(relink(ds, clash)).rejects.toThrow(
        /agencies\.csv:2: 003_e09efae4794f4a2c\.txt and bare-2023\.txt would both be the 2023 report of one agency/,
      );
      expect(await ds.getRepository(Report).find({ order: { id: 'ASC' } })).toEqual(before);
      await expect(relink(ds, clash)).rejects.toBeInstanceOf(OverrideError);
    });

    it('reports stored before resolution existed are resolved from what was stored', async () => {
      await loadPaths(ds, ['data/reports/000_e84b3c5531a46bee.txt']);
      await ds.query('UPDATE report SET division_code = NULL, organ_kind = NULL, candidates = NULL');
      await ds.query("UPDATE agency SET key = '丰城市湖塘乡人民政府', division_code = NULL");
      expect(await relink(ds, new Map())).toEqual({ moved: 1, resolved: 1 });
      expect((await agencies()).map((a) => [a.key, a.divisionCode, a.countyCode])).toEqual([
        ['360981206|township|', '360981206', '360981'],
      ]);
    });
  });
});

describe('the overrides file', () => {
  const parse = (body: string) => () => parseOverrides(`name,code,organ,same_as\n${body}`, 'data/agencies.csv');

  it('reads codes, organs and same_as by printed name (spaces do not count), # comments skipped', () => {
    const o = parse(
      '# a comment\n湛河区 政府办,410411,office,\n某局,,,沭阳县发展和改革局\n审计,321322,department:审计局,\n',
    )();
    expect([...o.values()].map(({ name, code, organ, sameAs, at }) => ({ name, code, organ, sameAs, at }))).toEqual([
      {
        name: '湛河区政府办',
        code: '410411',
        organ: { kind: 'office', name: null },
        sameAs: null,
        at: 'data/agencies.csv:3',
      },
      { name: '某局', code: null, organ: null, sameAs: '沭阳县发展和改革局', at: 'data/agencies.csv:4' },
      {
        name: '审计',
        code: '321322',
        organ: { kind: 'department', name: '审计局' },
        sameAs: null,
        at: 'data/agencies.csv:5',
      },
    ]);
  });

  it('says what is wrong, with file and line', () => {
    expect(parse('甲,999999,,\n')).toThrow('data/agencies.csv:2: 999999 is no division of the gazetteer');
    expect(parse('甲,320813,mayor,\n')).toThrow('data/agencies.csv:2: organ "mayor" is none of government, office');
    expect(parse('甲,320813,department,\n')).toThrow('a department needs its name');
    expect(parse('甲,,,\n')).toThrow('data/agencies.csv:2: 甲: give a code, an organ or same_as');
    expect(parse('甲,320813,,乙\n')).toThrow('same_as or code and organ, not both');
    expect(parse('甲,320813,,\n甲,320813,,\n')).toThrow(
      'data/agencies.csv:3: 甲 is given twice (also data/agencies.csv:2)',
    );
    expect(() => parseOverrides('name,code\n', 'x.csv')).toThrow('x.csv: the first row must be the header');
  });
});
