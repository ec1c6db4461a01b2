/**
 * Agencies as divisions through the API, over the bundled reports (seeds and published) and 洪泽区's 2024 report signed
 * 淮安市洪泽区人民政府: the agency's division, organ and place, its aliases, the tree of divisions.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiOver, type Api } from './helpers/api';
import { onEachDatabase } from './helpers/each-database';

/** Seed 003's text as 洪泽区's 2024 report, signed with its city (every cell as in seed 003). */
async function hongze2024(dir: string): Promise<string> {
  const lines = (await readFile('data/reports/003_e09efae4794f4a2c.txt', 'utf8')).split('\n');
  lines[0] = '洪泽区人民政府2024年政府信息公开工作年度报告';
  lines[400] = '淮安市洪泽区人民政府';
  lines[401] = '2025年1月9日';
  const file = path.join(dir, 'hongze-2024.txt');
  await writeFile(file, lines.join('\n').replaceAll('湘乡市', ''));
  return file;
}

onEachDatabase((target) => {
  let api: Api;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-api-divisions-'));
    api = await apiOver(['data/reports', 'data/published', await hongze2024(dir)], target);
  });
  afterAll(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  // Ids in file order: 1 湖塘乡 … 5 湛河区政府办公室, 6 洪泽区人民政府 (the PDF, and the 2024 text), 7 沭阳县发展和改革局.

  it('gives each agency its division, organ and place, code and name each', async () => {
    const d = await api.data(`{
      agencies { nodes { id divisionCode level organ { kind name }
        province { code name } city { code name } county { code name } township { code name level } } }
    }`);
    const place = (p: { code: string; name: string } | null) => (p ? `${p.code} ${p.name}` : null);
    expect(
      d.agencies.nodes.map((a: any) => [
        a.id,
        a.divisionCode,
        a.level,
        a.organ.kind,
        a.organ.name,
        place(a.province),
        place(a.city),
        place(a.county),
        place(a.township),
      ]),
    ).toEqual([
      [1, '360981206', 'township', 'township', null, '36 江西省', '3609 宜春市', '360981 丰城市', '360981206 湖塘乡'],
      [2, '410825106', 'township', 'township', null, '41 河南省', '4108 焦作市', '410825 温县', '410825106 赵堡镇'],
      [
        3,
        '630106203',
        'township',
        'township',
        null,
        '63 青海省',
        '6301 西宁市',
        '630106 湟中区',
        '630106203 大才回族乡',
      ],
      [4, '430381111', 'township', 'township', null, '43 湖南省', '4303 湘潭市', '430381 湘乡市', '430381111 泉塘镇'],
      [5, '410411', 'department', 'office', null, '41 河南省', '4104 平顶山市', '410411 湛河区', null],
      [6, '320813', 'county', 'government', null, '32 江苏省', '3208 淮安市', '320813 洪泽区', null],
      [7, '321322', 'department', 'department', '发展和改革局', '32 江苏省', '3213 宿迁市', '321322 沭阳县', null],
    ]);
    expect(d.agencies.nodes[0].township.level).toBe('township');
  });

  it('keeps every name an agency printed, with the reports that printed it', async () => {
    const d = await api.data('{ agency(id: 6) { name fullName aliases { name fullName years reportIds } } }');
    expect(d.agency).toEqual({
      name: '洪泽区人民政府',
      fullName: '淮安市洪泽区人民政府',
      aliases: [
        { name: '洪泽区人民政府', fullName: '洪泽区人民政府', years: [2023], reportIds: [6] },
        { name: '洪泽区人民政府', fullName: '淮安市洪泽区人民政府', years: [2024], reportIds: [8] },
      ],
    });
  });

  it('gives the tree of divisions: a node per division and year, with its reports and agencies', async () => {
    const d = await api.data(
      '{ divisions(filter: { yearFrom: 2023 }) { code name level parentCode year reports agencies } }',
    );
    const node = (code: string, name: string, level: string, parentCode: string | null) => ({
      code,
      name,
      level,
      parentCode,
    });
    const jiangsu = node('32', '江苏省', 'province', null);
    const huaian = node('3208', '淮安市', 'prefecture', '32');
    const hongze = node('320813', '洪泽区', 'county', '3208');
    const suqian = node('3213', '宿迁市', 'prefecture', '32');
    const shuyang = node('321322', '沭阳县', 'county', '3213');
    // 2023: 洪泽区's PDF and 沭阳县发改局's page in 江苏, 泉塘镇 in 湖南; 2024: 洪泽区 signed 淮安市洪泽区人民政府.
    expect(d.divisions).toEqual([
      { ...jiangsu, year: 2023, reports: 2, agencies: 2 },
      { ...jiangsu, year: 2024, reports: 1, agencies: 1 },
      { ...huaian, year: 2023, reports: 1, agencies: 1 },
      { ...huaian, year: 2024, reports: 1, agencies: 1 },
      { ...hongze, year: 2023, reports: 1, agencies: 1 },
      { ...hongze, year: 2024, reports: 1, agencies: 1 },
      { ...suqian, year: 2023, reports: 1, agencies: 1 },
      { ...shuyang, year: 2023, reports: 1, agencies: 1 },
      { ...node('43', '湖南省', 'province', null), year: 2023, reports: 1, agencies: 1 },
      { ...node('4303', '湘潭市', 'prefecture', '43'), year: 2023, reports: 1, agencies: 1 },
      { ...node('430381', '湘乡市', 'county', '4303'), year: 2023, reports: 1, agencies: 1 },
    ]);
    const towns = await api.data('{ divisions(filter: { years: [2023] }, depth: TOWNSHIP) { code } }');
    expect(towns.divisions.map((n: { code: string }) => n.code)).toContain('430381111');
    const provinces = await api.data('{ divisions(depth: PROVINCE) { code year reports } }');
    expect(provinces.divisions.map((n: any) => `${n.code} ${n.year}:${n.reports}`)).toEqual([
      '32 2023:2',
      '32 2024:1',
      '36 2020:1',
      '41 2020:2',
      '43 2023:1',
      '63 2020:1',
    ]);
  });

  it('filters by division code (everything under it) and by province, city or county name', async () => {
    const ids = async (filter: string) =>
      (await api.data(`{ agencies(filter: ${filter}) { nodes { id } } }`)).agencies.nodes.map(
        (n: { id: number }) => n.id,
      );
    expect(await ids('{ division: "3208" }')).toEqual([6]); // 淮安市: 洪泽区's government
    expect(await ids('{ division: "32" }')).toEqual([6, 7]);
    expect(await ids('{ division: "320813" }')).toEqual([6]);
    expect(await ids('{ division: "360981206" }')).toEqual([1]);
    expect(await ids('{ province: "河南省" }')).toEqual([2, 5]);
    expect(await ids('{ province: "河南" }')).toEqual([2, 5]);
    expect(await ids('{ city: "宿迁市" }')).toEqual([7]);
    expect(await ids('{ county: "湟中区" }')).toEqual([3]);
    expect(await ids('{ province: "江苏", yearFrom: 2024 }')).toEqual([6]);
    const reports = await api.data('{ reports(filter: { city: "淮安市" }) { nodes { id year } } }');
    expect(reports.reports.nodes).toEqual([
      { id: 6, year: 2023 },
      { id: 8, year: 2024 },
    ]);
    for (const [filter, message] of [
      ['{ division: "3299" }', 'division: "3299" is no division code of the gazetteer'],
      ['{ division: "32081" }', 'division: "32081" is no division code of the gazetteer'],
      ['{ city: "洪泽区" }', 'city: no city of the gazetteer is named "洪泽区"'],
      ['{ county: "淮安市" }', 'county: no county of the gazetteer is named "淮安市"'],
    ]) {
      const r = await api.run(`{ agencies(filter: ${filter}) { nodes { id } } }`);
      expect(r.errors?.[0].extensions?.code, filter).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0].message).toContain(message);
    }
  });

  it('groups every aggregation by province, city or county (code and name)', async () => {
    const d = await api.data(`{
      dispositions: dispositionBreakdown(groupBy: [PROVINCE], detail: CATEGORY, rows: [granted]) { provinceCode provinceName count reports reportsUsed }
      review: reviewLitigation(filter: { province: "江苏" }, groupBy: [CITY, YEAR]) { cityCode cityName year kind total reports }
      quality: dataQuality(filter: { province: "江苏" }, groupBy: [COUNTY]) { countyCode countyName rule reportsChecked }
    }`);
    // 予以公开 in the 总计 column (samples.test.ts, seeds.test.ts): 沭阳县发改局 26, 洪泽区 0 and 0; 湖塘乡 1; 赵堡镇
    // prints no 总计 (not counted), 湛河区政府办公室 0; 泉塘镇 0; 大才回族乡 0.
    expect(d.dispositions.map((b: any) => [b.provinceCode, b.provinceName, b.count, b.reports, b.reportsUsed])).toEqual(
      [
        ['32', '江苏省', 26, 3, 3],
        ['36', '江西省', 1, 1, 1],
        ['41', '河南省', 0, 2, 1], // 赵堡镇's report is in the bucket, not in the sum
        ['43', '湖南省', 0, 1, 1],
        ['63', '青海省', 0, 1, 1],
      ],
    );
    // Buckets in the order of groupBy: city (by code), then year.
    expect(d.review.filter((b: any) => b.kind === 'review').map((b: any) => [b.cityName, b.year, b.reports])).toEqual([
      ['淮安市', 2023, 1],
      ['淮安市', 2024, 1],
      ['宿迁市', 2023, 1],
    ]);
    expect(
      d.quality
        .filter((b: any) => b.rule === 'balance')
        .map((b: any) => [b.countyCode, b.countyName, b.reportsChecked]),
    ).toEqual([
      ['320813', '洪泽区', 2],
      ['321322', '沭阳县', 1],
    ]);
  });
});
