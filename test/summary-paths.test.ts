/**
 * Summary rows (model/summary.ts) answer exactly as the cells do: every aggregation that reads them, grouped every
 * way, with and without filters, excluded rules and assumed units, gives the same bytes on the summary path and on the
 * cell path, on SQLite and PostgreSQL, over a generated corpus with blanks, missing rows and violations, stored out of
 * year order (so the check across years adds findings to reports stored earlier) and with reports replaced. The rows
 * kept up at ingest are the rows a recomputation from scratch gives, and the migration's backfill answers alike.
 */
import { appendFile, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../src/generate/corpus';
import { loadPaths } from '../src/ingest/load';
import { openDatabase } from '../src/model/data-source';
import { ROLLUPS, recomputeRollups, rollupSelect } from '../src/model/rollup';
import { SUMMARY_TABLES, refreshSummaries } from '../src/model/summary';
import {
  GROUP_BY,
  NOT_BY_APPLICANT,
  dispositionBreakdown,
  procurementTotals,
  reviewLitigation,
  type AggregationPath,
  type BucketArgs,
  type GroupBy,
} from '../src/query/analytics';
import type { ReportFilter } from '../src/query/filter';
import { metricSummary } from '../src/query/metric-summary';
import type { Scratch } from './helpers/databases';
import { onEachDatabase } from './helpers/each-database';
import { undoThrough } from './helpers/migrations';

const PANEL_YEARS = 5;
/** The generated reports and the five bundled ones. */
const REPORTS = 155;

/** Every single dimension, none, and pairs in both orders. */
const groupings = (allowed: readonly GroupBy[]): GroupBy[][] => [
  [],
  ...allowed.map((g) => [g]),
  ...(['YEAR', 'LEVEL', 'CITY', 'APPLICANT'] as GroupBy[])
    .filter((g) => allowed.includes(g))
    .flatMap((g) => allowed.filter((h) => h !== g && h !== 'AGENCY').map((h) => [g, h])),
];

const FILTERS: (ReportFilter | undefined)[] = [
  undefined,
  { years: [2020, 2021] },
  { yearFrom: 2021, format: '2021' },
  { level: 'county' },
  { excludeViolations: ['handled_sum', 'review_total'] },
  { excludeViolations: ['carry_continuity'], hasFindings: true },
  { province: '江苏省', excludeViolations: ['stock_flow', 'balance'] },
  { violatesRule: 'handled_sum' },
];

/** The corpus with its files in two folders: the odd years first, then the even ones (earlier years arrive later). */
async function corpus(dir: string): Promise<string[]> {
  await writeCorpus(dir, { reports: 150, seed: 23, panelYears: PANEL_YEARS, plant: true });
  const late = path.join(dir, 'late');
  await mkdir(late);
  for (const f of await readdir(dir)) {
    const i = Number(f.slice(0, 6));
    if (f.endsWith('.txt') && (i % PANEL_YEARS) % 2 === 0) await rename(path.join(dir, f), path.join(late, f));
  }
  return [dir, late];
}

/** Rows as sorted strings, every value as text (PostgreSQL answers some numbers as strings). */
const rowsOf = async (ds: DataSource, sql: string) =>
  (await ds.query(sql))
    .map((r: Record<string, unknown>) =>
      JSON.stringify(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])),
    )
    .sort();

/** The summary tables and the rollups (a rollup row whose reports are all gone stands for nothing: left out). */
async function snapshot(ds: DataSource): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const t of SUMMARY_TABLES) out[t] = await rowsOf(ds, `SELECT * FROM ${t}`);
  for (const r of ROLLUPS) out[r.table] = await rowsOf(ds, `SELECT * FROM ${r.table} WHERE reports <> 0`);
  return JSON.stringify(out);
}

onEachDatabase((target) => {
  describe('summary rows answer as the cells do', () => {
    let dir: string;
    let scratch: Scratch;
    let ds: DataSource;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-summary-'));
      const [early, late] = await corpus(dir);
      scratch = await target.scratch();
      ds = await openDatabase(scratch.db);
      // The bundled reports too: seed 001 lacks the 总计 of 4 rows and 3 rows of 不予公开 (missing, not blank).
      const first = await loadPaths(ds, [early, 'data/reports']);
      const second = await loadPaths(ds, [late]);
      expect(first.failed + second.failed).toBe(0);
      // Ten reports replaced by a new version (other bytes, as good): the old rows go, the year after is re-checked.
      const files = (await readdir(late)).filter((f) => f.endsWith('.txt')).slice(0, 10);
      for (const f of files) await appendFile(path.join(late, f), '\n');
      const again = await loadPaths(ds, [late]);
      expect(again.replaced).toBe(10);
      // Cells the parser could not find, in every table a summary reads (as in a report whose rows were not found).
      // Reports of the 2019 format (it prints procurement) used in every disposition bucket and breaking no rule.
      const ids = (
        await ds.query(
          "SELECT s.report_id AS id FROM summary_disposition s JOIN report r ON r.id = s.report_id WHERE r.format = '2019' AND s.column_key = 'total' GROUP BY s.report_id HAVING SUM(CASE WHEN s.status = 'used' AND s.violating = 0 THEN 0 ELSE 1 END) = 0 ORDER BY s.report_id",
        )
      ).map((r: { id: unknown }) => Number(r.id));
      expect(ids.length).toBeGreaterThan(7);
      for (const [i, where] of [
        "table_key = 'applications' AND row_key = 'granted' AND column_key = 'total'",
        "table_key = 'applications' AND row_key = 'total_handled' AND column_key = 'commercial'",
        "table_key = 'review_litigation' AND row_key = 'review' AND column_key = 'upheld'",
        "table_key = 'proactive' AND row_key = 'procurement' AND column_key = 'amount_wan'",
      ].entries())
        await ds.query(`DELETE FROM cell WHERE report_id = ${ids[i]} AND ${where}`);
      // And printed blank (the generator leaves the applications table's 总计 column filled).
      for (const [i, where] of [
        "table_key = 'applications' AND row_key = 'denied_state_secret' AND column_key = 'total'",
        "table_key = 'applications' AND row_key = 'total_handled' AND column_key = 'total'",
        "table_key = 'proactive' AND row_key = 'procurement' AND column_key = 'projects'",
      ].entries())
        await ds.query(`UPDATE cell SET value = NULL WHERE report_id = ${ids[4 + i]} AND ${where}`);
      // An agency of no province (one printed without a division: grouped under none, kept as '' in the rollup).
      const [agency] = await ds.query(
        'SELECT r.agency_id AS id FROM report r JOIN agency a ON a.id = r.agency_id WHERE a.province_code IS NOT NULL ORDER BY r.agency_id DESC LIMIT 1',
      );
      await ds.query(`UPDATE agency SET province_code = NULL WHERE id = ${agency.id}`);
      const ofAgency = (
        await ds.query(
          `SELECT id FROM report WHERE agency_id = ${agency.id} AND id NOT IN (${ids.slice(0, 7).join(', ')})`,
        )
      ).map((r: { id: unknown }) => Number(r.id));
      await ds.transaction((em) => refreshSummaries(em, [...ids.slice(0, 7), ...ofAgency]));
    }, 300_000);
    afterAll(async () => {
      await ds?.destroy();
      await scratch?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    /** The answers on the cells, on the summary rows and by default (the rollups where they answer). */
    const both = async <T>(run: (path: AggregationPath) => Promise<T>) => {
      const [cells, summary, rollup] = [await run('cells'), await run('summary'), await run('rollup')];
      const text = (x: T) => JSON.stringify(x);
      return { cells: text(cells), summary: text(summary), rollup: text(rollup), answer: summary };
    };

    it('the corpus has what the standings tell apart: blanks, missing cells, rows not printed, violations', async () => {
      const all = await dispositionBreakdown(ds, { filter: { excludeViolations: ['balance'] } });
      expect(all[0].reports).toBe(REPORTS);
      const sum = <K extends string>(buckets: Record<K, unknown>[], k: K) =>
        buckets.reduce((n, b) => n + Number(b[k]), 0);
      expect(sum(all, 'reportsExcluded')).toBeGreaterThan(0);
      const plain = await dispositionBreakdown(ds, {});
      for (const k of ['reportsBlank', 'reportsMissing', 'reportsViolating'] as const)
        expect(sum(plain, k), `dispositions ${k}`).toBeGreaterThan(0);
      const review = await reviewLitigation(ds, {});
      for (const k of ['reportsBlank', 'reportsMissing', 'reportsViolating'] as const)
        expect(sum(review, k), `review ${k}`).toBeGreaterThan(0);
      const money = await procurementTotals(ds, {});
      const byProvince = await procurementTotals(ds, { groupBy: ['PROVINCE'] });
      expect(byProvince.filter((b) => b.provinceCode === null).length).toBe(1);
      expect(byProvince.length).toBeGreaterThan(2);
      for (const k of ['reportsNotPrinted', 'reportsMissing', 'reportsBlank', 'reportsUnitAssumed'] as const)
        expect(sum(money, k), `procurement ${k}`).toBeGreaterThan(0);
      // The checks across years ran on reports stored before their year before (and found planted breaks).
      const across = await ds.query(
        "SELECT SUM(checked) AS checked, SUM(violated) AS violated FROM summary_rule WHERE rule IN ('carry_continuity', 'stock_flow')",
      );
      expect(Number(across[0].checked)).toBeGreaterThanOrEqual(120);
      expect(Number(across[0].violated)).toBeGreaterThan(0);
    });

    it('dispositions by category: every grouping and filter, byte for byte', async () => {
      for (const groupBy of groupings(GROUP_BY))
        for (const filter of FILTERS) {
          const r = await both((path) => dispositionBreakdown(ds, { groupBy, filter, path }));
          expect(r.summary, JSON.stringify({ groupBy, filter })).toBe(r.cells);
          expect(r.rollup, JSON.stringify({ groupBy, filter })).toBe(r.cells);
        }
      // Ordered by count or share, the top N.
      for (const orderBy of ['COUNT_DESC', 'SHARE_DESC'] as const) {
        const r = await both((path) =>
          dispositionBreakdown(ds, { groupBy: ['AGENCY'], filter: { years: [2021] }, orderBy, first: 25, path }),
        );
        expect(r.summary).toBe(r.cells);
        expect(r.answer).toHaveLength(25);
      }
    }, 300_000);

    it('dispositions by one row (detail ROW) count what that row alone counts as its category', async () => {
      // Two statements: by ROW each report's one cell is joined; by CATEGORY the cells are grouped per report. Rows
      // with blanks and missing cells planted (granted, denied_state_secret), one every format prints, and one only
      // the 2021 format prints as the alternative of a row of the 2019 one (other_no_fee, other_handling).
      for (const row of ['granted', 'denied_state_secret', 'unable_not_held', 'other_no_fee', 'other_handling'])
        for (const groupBy of [[], ['AGENCY'], ['YEAR', 'APPLICANT'], ['PROVINCE']] as GroupBy[][])
          for (const filter of FILTERS) {
            const args = { groupBy, filter, rows: [row], path: 'cells' as const };
            const byRow = await dispositionBreakdown(ds, { ...args, detail: 'ROW' });
            const byCategory = await dispositionBreakdown(ds, { ...args, detail: 'CATEGORY' });
            expect(JSON.stringify(byRow.map((b) => ({ ...b, row: null }))), JSON.stringify({ row, ...args })).toBe(
              JSON.stringify(byCategory),
            );
            if (groupBy.length === 0 && !filter) expect(byRow[0].reportsUsed, row).toBeGreaterThan(0);
          }
      // The planted blank and missing cells are in these answers.
      const granted = await dispositionBreakdown(ds, { detail: 'ROW', rows: ['granted'] });
      expect(granted[0].reportsMissing).toBeGreaterThan(0);
      const secret = await dispositionBreakdown(ds, { detail: 'ROW', rows: ['denied_state_secret'] });
      expect(secret[0].reportsBlank).toBeGreaterThan(0);
    }, 300_000);

    it('dispositions by row (the 总计 column): every grouping and filter, rows, orders, byte for byte', async () => {
      // By APPLICANT the cells answer on every path (the row summary keeps the 总计 column only).
      // (By agency and a column the agency table has too: level.)
      for (const groupBy of [...groupings(NOT_BY_APPLICANT), ['YEAR', 'APPLICANT'], ['LEVEL', 'AGENCY']] as GroupBy[][])
        for (const filter of FILTERS)
          for (const rows of [undefined, ['granted', 'denied_state_secret', 'other_handling', 'other_no_fee']]) {
            const r = await both((path) => dispositionBreakdown(ds, { groupBy, filter, rows, detail: 'ROW', path }));
            expect(r.summary, JSON.stringify({ groupBy, filter, rows })).toBe(r.cells);
            expect(r.rollup, JSON.stringify({ groupBy, filter, rows })).toBe(r.cells);
          }
      // The top agencies by one row (the standard query), by count and by share, every row planted with a blank or a
      // missing cell among them.
      for (const row of ['granted', 'denied_state_secret', 'unable_not_held', 'other_handling'])
        for (const orderBy of ['COUNT_DESC', 'SHARE_DESC'] as const)
          for (const filter of [{ years: [2021] }, { years: [2020], excludeViolations: ['handled_sum'] }]) {
            const r = await both((path) =>
              dispositionBreakdown(ds, {
                groupBy: ['AGENCY'],
                filter,
                detail: 'ROW',
                rows: [row],
                orderBy,
                first: 25,
                path,
              }),
            );
            expect(r.summary, JSON.stringify({ row, orderBy, filter })).toBe(r.cells);
            expect(r.answer).toHaveLength(25);
          }
    }, 300_000);

    it('procurement and review and litigation: every grouping and filter, byte for byte', async () => {
      for (const groupBy of groupings(NOT_BY_APPLICANT))
        for (const filter of FILTERS) {
          for (const excludeAssumedUnits of [false, true]) {
            const r = await both((path) => procurementTotals(ds, { groupBy, filter, excludeAssumedUnits, path }));
            expect(r.summary, JSON.stringify({ groupBy, filter, excludeAssumedUnits })).toBe(r.cells);
            expect(r.rollup, JSON.stringify({ groupBy, filter, excludeAssumedUnits })).toBe(r.cells);
          }
          const r = await both((path) => reviewLitigation(ds, { groupBy, filter, path }));
          expect(r.summary, JSON.stringify({ groupBy, filter })).toBe(r.cells);
          expect(r.rollup, JSON.stringify({ groupBy, filter })).toBe(r.cells);
        }
    }, 300_000);

    it('the rows kept up at ingest are what a recomputation from the cells gives', async () => {
      const kept = await snapshot(ds);
      await ds.transaction((em) => refreshSummaries(em, 'all'));
      expect(await snapshot(ds)).toBe(kept);
      expect(kept.length).toBeGreaterThan(10_000);
    });

    it('the rollups kept by the triggers (through replacements, renewals and cascades) add up the summary rows', async () => {
      for (const r of ROLLUPS) {
        const kept = await rowsOf(ds, `SELECT * FROM ${r.table} WHERE reports <> 0`);
        expect(kept, r.table).toEqual(await rowsOf(ds, rollupSelect(r)));
        expect(kept.length, r.table).toBeGreaterThan(20);
      }
      // A report deleted (ON DELETE CASCADE) leaves its years' rollups without it, and a rollback takes that back.
      const [{ id, year }] = await ds.query('SELECT id, year FROM report ORDER BY id LIMIT 1');
      const reports = async () =>
        Number((await ds.query(`SELECT SUM(reports) AS n FROM rollup_review WHERE year = ${year}`))[0].n);
      const before = await reports();
      await ds
        .transaction(async (em) => {
          await em.query(`DELETE FROM report WHERE id = ${id}`);
          const inside = Number(
            (await em.query(`SELECT SUM(reports) AS n FROM rollup_review WHERE year = ${year}`))[0].n,
          );
          expect(inside).toBe(before - 3); // one row per review kind
          throw new Error('roll back');
        })
        .catch((e: Error) => expect(e.message).toBe('roll back'));
      expect(await reports()).toBe(before);
    });

    it('the summary path reads the summary rows (a change there shows in its answer, not in the cells)', async () => {
      const before = await both((path) => dispositionBreakdown(ds, { groupBy: ['YEAR'], path }));
      await ds.query("UPDATE summary_disposition SET s = s + 1 WHERE status = 'used' AND column_key = 'total'");
      const after = await both((path) => dispositionBreakdown(ds, { groupBy: ['YEAR'], path }));
      expect(after.cells).toBe(before.cells);
      expect(after.summary).not.toBe(before.summary);
      // The rollups follow the summary rows (their update trigger).
      expect(after.rollup).toBe(after.summary);
      // And by one row, the row summary.
      const top = (path: AggregationPath) =>
        dispositionBreakdown(ds, {
          groupBy: ['AGENCY'],
          detail: 'ROW',
          rows: ['granted'],
          orderBy: 'COUNT_DESC',
          first: 10,
          path,
        });
      const rowBefore = await both(top);
      await ds.query(
        "UPDATE summary_disposition_row SET s = s + 1000000 WHERE status = 'used' AND row_key = 'granted'",
      );
      const rowAfter = await both(top);
      expect(rowAfter.cells).toBe(rowBefore.cells);
      expect(rowAfter.summary).not.toBe(rowBefore.summary);
      expect(rowAfter.rollup).toBe(rowAfter.summary);
      await ds.transaction((em) => refreshSummaries(em, 'all'));
    });

    /**
     * `ask` reads the rollups by default: a change made to them (`tamper`) shows on the default path and not on the
     * summary path; the same aggregation with each of `elsewhere` is answered from the summary rows.
     */
    async function readsRollup(
      aggregate: (args: BucketArgs) => Promise<unknown>,
      asked: BucketArgs,
      tamper: string,
      elsewhere: BucketArgs[],
    ) {
      const ask = (path: AggregationPath) => aggregate({ ...asked, path });
      const before = await both(ask);
      await ds.query(tamper);
      const after = await both(ask);
      expect(after.summary).toBe(before.summary);
      expect(after.rollup).not.toBe(before.rollup);
      for (const args of elsewhere) {
        const r = await both((path) => aggregate({ ...args, path }));
        expect(r.rollup, JSON.stringify(args)).toBe(r.summary);
      }
      await ds.transaction((em) => recomputeRollups(em));
      expect((await both(ask)).rollup).toBe(before.rollup);
    }

    it('the default path reads the rollups where they answer (a change there shows, not on the summary path)', async () => {
      // Not where they do not: a filter on the agency, a rule excluded, grouped by agency.
      await readsRollup(
        (args) => reviewLitigation(ds, args),
        { groupBy: ['YEAR'], filter: { years: [2021] } },
        "UPDATE rollup_review SET corrected = corrected + 1 WHERE status = 'used'",
        [
          { filter: { years: [2021], level: 'county' } },
          { filter: { excludeViolations: ['review_total'] } },
          { groupBy: ['AGENCY'] },
        ],
      );
    });

    it('procurement by province and year reads its rollup where it answers, and the summary rows elsewhere', async () => {
      await readsRollup(
        (args) => procurementTotals(ds, args),
        { groupBy: ['PROVINCE', 'YEAR'], filter: { yearFrom: 2020 } },
        "UPDATE rollup_procurement SET projects = projects + 1 WHERE status = 'used'",
        [{ groupBy: ['CITY'] }, { filter: { province: '江苏省' } }, { filter: { excludeViolations: ['handled_sum'] } }],
      );
    });

    it('an upgraded database: the migration backfills the rows from the stored cells', async () => {
      const before = await snapshot(ds);
      await ds.undoLastMigration({ transaction: 'none' });
      await ds.runMigrations({ transaction: 'all' });
      expect(await snapshot(ds)).toBe(before);
      // And one from before the summary rows and rollups: the latest migration that changes them fills them all.
      await undoThrough(ds, 'Summaries1764892800000');
      await expect(ds.query('SELECT COUNT(*) FROM summary_rule')).rejects.toThrow(/summary_rule/);
      await ds.runMigrations({ transaction: 'all' });
      expect(await snapshot(ds)).toBe(before);
    });

    it('metricSummary groups by province, city, county and level (the per-report order reads the keys)', async () => {
      for (const groupBy of [['PROVINCE'], ['CITY'], ['COUNTY'], ['LEVEL'], ['LEVEL', 'YEAR']] as GroupBy[][]) {
        const buckets = await metricSummary(ds, { groupBy, metrics: ['disclosure_rate'] });
        expect(buckets.length, groupBy.join()).toBeGreaterThan(0);
        expect(buckets.reduce((n, b) => n + b.reports, 0)).toBe(REPORTS);
      }
    });
  });
});
