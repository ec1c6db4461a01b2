/**
 * The same data gives the same bytes on SQLite and PostgreSQL: every aggregation, grouped every way, over a generated
 * corpus (blanks, rule violations, both formats, money with decimals) ingested into both.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeCorpus } from '../src/generate/corpus';
import { apiOver, type Api } from './helpers/api';
import { SQLITE, testDatabases } from './helpers/databases';

const postgres = testDatabases(inject('postgresSkip')).find((d) => d.name === 'postgres')!;

const GROUPINGS = ['[]', '[YEAR]', '[LEVEL, YEAR]', '[AGENCY]', '[PROVINCE]', '[CITY, COUNTY]'];
const QUERIES = GROUPINGS.flatMap((g) => [
  `{ dispositionBreakdown(groupBy: ${g}, detail: CATEGORY) { year agencyId provinceCode provinceName cityCode cityName countyCode countyName level category count handled share reports reportsUsed reportsBlank reportsMissing reportsNotPrinted reportsViolating } }`,
  `{ dispositionBreakdown(groupBy: ${g}, detail: ROW, filter: { excludeViolations: [handled_sum] }) { year agencyId provinceCode provinceName cityCode cityName countyCode countyName level row count handled share reportsUsed reportsExcluded } }`,
  `{ procurementTotals(groupBy: ${g}) { year agencyId provinceCode provinceName cityCode cityName countyCode countyName level projects amount_wan amount_wan_stated amount_wan_assumed reports reportsUsed reportsBlank reportsUnitAssumed } }`,
  `{ reviewLitigation(groupBy: ${g}) { year agencyId provinceCode provinceName cityCode cityName countyCode countyName level kind upheld corrected other pending total correctionRate reports reportsUsed reportsBlank reportsViolating } }`,
  `{ dataQuality(groupBy: ${g}) { year agencyId provinceCode provinceName cityCode cityName countyCode countyName level rule reports reportsChecked reportsViolating share } }`,
]).concat([
  '{ dispositionBreakdown(groupBy: [YEAR, APPLICANT], detail: CATEGORY) { year applicant category count handled share reportsUsed } }',
  '{ compareAgencies(agencyIds: [1, 2, 3, 4, 5], years: [2019, 2020, 2021, 2022, 2023, 2024], metrics: [disclosure_rate, procurement_amount_wan, review_correction_rate, denied_state_secret_share]) { agencyId year metric value previousValue change } }',
]);

describe.skipIf(postgres.skip !== undefined)('SQLite and PostgreSQL answer byte for byte alike', () => {
  let dir: string;
  const apis: Api[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-identical-'));
    await writeCorpus(dir, { reports: 240, seed: 11, panelYears: 6 });
    apis.push(await apiOver([dir], SQLITE), await apiOver([dir], postgres));
  }, 240_000);
  afterAll(async () => {
    for (const api of apis) await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('every aggregation, grouped every way', async () => {
    for (const q of QUERIES) {
      const [a, b] = await Promise.all(apis.map((api) => api.data(q)));
      expect(JSON.stringify(b), q).toBe(JSON.stringify(a));
      expect(JSON.stringify(a).length, q).toBeGreaterThan(50);
    }
  });
});
