/**
 * Buckets that account for themselves (issue: "every number says what it is made of"). Each misleading answer the
 * issue reports is asked again over reports written for it: a row printed blank, a review total that contradicts its
 * parts, an amount printed without a unit. The reports are built cell by cell here and printed as the national form.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReport, rng, type SyntheticReport } from '../src/generate/model';
import { renderReport } from '../src/generate/render';
import { apiOver, type Api } from './helpers/api';
import { onEachDatabase } from './helpers/each-database';

type Cells = Record<string, number | null>;

/** A 2023 report (format 2021) of panel agency `agency`, with the named cells ("table/row/column") set as given. */
function report(agency: number, year: number, set: Cells): SyntheticReport {
  const r = generateReport(rng(agency * 7919 + year), { panel: { agency, year } });
  for (const [key, value] of Object.entries(set)) {
    const [table, row, column] = key.split('/');
    const cell = r.cells.find((c) => c.table === table && c.row === row && c.column === column);
    if (!cell) throw new Error(`no cell ${key} in the generated report`);
    cell.value = value;
  }
  return r;
}

const cell = (r: SyntheticReport, table: string, row: string, column: string) =>
  r.cells.find((c) => c.table === table && c.row === row && c.column === column)!.value;

const APPLICANTS = [
  'natural_person',
  'commercial',
  'research',
  'social_welfare',
  'legal_service',
  'other_org',
  'total',
];
const blankRow = (row: string) => Object.fromEntries(APPLICANTS.map((c) => [`applications/${row}/${c}`, null]));
const review = (upheld: number, corrected: number, other: number, pending: number, total: number): Cells => ({
  'review_litigation/review/upheld': upheld,
  'review_litigation/review/corrected': corrected,
  'review_litigation/review/other': other,
  'review_litigation/review/pending': pending,
  'review_litigation/review/total': total,
});

// A: prints 本机关不掌握 blank; its review total (0) contradicts its parts (10 upheld, 1 corrected, 1 pending).
const A = report(120, 2023, { ...blankRow('unable_not_held'), ...review(10, 1, 0, 1, 0) });
// B: a complete report whose review table adds up; C: the same agency's report of the year before.
const B = report(121, 2023, review(2, 1, 1, 0, 4));
const C = report(121, 2022, {});

onEachDatabase((target) => {
  let api: Api;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-accounting-'));
    await writeFile(path.join(dir, 'a.txt'), renderReport(A, 'tabs', rng(1)));
    await writeFile(path.join(dir, 'b.txt'), renderReport(B, 'tabs', rng(2)));
    await writeFile(path.join(dir, '0-c.txt'), renderReport(C, 'tabs', rng(3)));
    api = await apiOver([dir], target);
  });
  afterAll(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('a row printed blank', () => {
    it('is left out of the share, not summed as 0 while its report’s 总计 stays in the denominator', async () => {
      const d = await api.data(`{
        all: dispositionBreakdown(filter: { years: [2023] }, detail: ROW, rows: [unable_not_held]) { count handled share reports reportsUsed reportsBlank }
        byAgency: dispositionBreakdown(filter: { years: [2023] }, groupBy: [AGENCY], detail: ROW, rows: [unable_not_held]) { agencyName count handled share reportsUsed reportsBlank }
      }`);
      const notHeld = cell(B, 'applications', 'unable_not_held', 'total')!;
      const handled = cell(B, 'applications', 'total_handled', 'total')!;
      expect(d.all).toEqual([
        { count: notHeld, handled, share: notHeld / handled, reports: 2, reportsUsed: 1, reportsBlank: 1 },
      ]);
      // Agencies by id: C's file is read first, so B's agency is the first.
      expect(d.byAgency).toEqual([
        {
          agencyName: B.agency.name,
          count: notHeld,
          handled,
          share: notHeld / handled,
          reportsUsed: 1,
          reportsBlank: 0,
        },
        { agencyName: A.agency.name, count: null, handled: null, share: null, reportsUsed: 0, reportsBlank: 1 },
      ]);
    });
  });

  describe('a review total that contradicts its parts', () => {
    it('counts concluded cases from the parts, and says a report in the bucket breaks review_total', async () => {
      const d =
        await api.data(`{ reviewLitigation(filter: { years: [2023] }) { kind upheld corrected other pending total
        correctionNumerator correctionDenominator correctionRate reports reportsUsed reportsViolating } }`);
      expect(d.reviewLitigation[0]).toEqual({
        kind: 'review',
        upheld: 12,
        corrected: 2,
        other: 1,
        pending: 1,
        total: 4, // as printed: A's 0 plus B's 4
        correctionNumerator: 2,
        correctionDenominator: 15, // 11 concluded in A, 4 in B
        correctionRate: 2 / 15,
        reports: 2,
        reportsUsed: 2,
        reportsViolating: 1,
      });
    });

    it('can be left out with excludeViolations, and the bucket says it was', async () => {
      const d = await api.data(`{ reviewLitigation(filter: { years: [2023], excludeViolations: [review_total] }) {
        kind upheld corrected correctionRate reports reportsUsed reportsExcluded reportsViolating } }`);
      expect(d.reviewLitigation[0]).toEqual({
        kind: 'review',
        upheld: 2,
        corrected: 1,
        correctionRate: 1 / 4,
        reports: 2,
        reportsUsed: 1,
        reportsExcluded: 1,
        reportsViolating: 0,
      });
      // Lists simply drop it.
      const list = await api.data(
        '{ reports(filter: { years: [2023], excludeViolations: [review_total] }) { nodes { agency { fullName } } } }',
      );
      expect(list.reports.nodes).toEqual([{ agency: { fullName: B.agency.fullName } }]);
    });
  });

  describe('data quality', () => {
    it('counts a rule over the reports where it could be checked: carry_continuity only where the year before is stored', async () => {
      const d = await api.data(
        `{ dataQuality(filter: { years: [2023] }) { rule reports reportsChecked reportsViolating share } }`,
      );
      const carry = d.dataQuality.find((b: any) => b.rule === 'carry_continuity');
      // Only B has its year before (C) stored; it breaks the rule where a carried_over differs from C's carried_forward.
      const broken = APPLICANTS.some(
        (c) => cell(B, 'applications', 'carried_over', c) !== cell(C, 'applications', 'carried_forward', c),
      );
      expect(carry).toEqual({
        rule: 'carry_continuity',
        reports: 2,
        reportsChecked: 1,
        reportsViolating: broken ? 1 : 0,
        share: broken ? 1 : 0,
      });
      const before = await api.data(`{ dataQuality(filter: { years: [2022] }) { rule reportsChecked share } }`);
      expect(before.dataQuality.find((b: any) => b.rule === 'carry_continuity')).toEqual({
        rule: 'carry_continuity',
        reportsChecked: 0,
        share: null, // nothing could be checked: not "0 % broken"
      });
    });
  });
});
