/**
 * No N+1: nested fields go through per-request DataLoaders, so the statements a query runs depend on the shape of the
 * query, not on how many agencies, reports or cells it returns.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../src/generate/corpus';
import { statementCount, statementCounter } from '../src/model/statements';
import { apiOver, type Api } from './helpers/api';
import { onEachDatabase } from './helpers/each-database';

const EVERYTHING = `{
  agencies(first: 100) {
    nodes {
      name divisionCode level county { name }
      reports {
        year format
        agency { name }
        findings { code line }
        proactive { key made { value } issued { value } }
        applications { key natural_person { value line } total { value } }
        reviewLitigation { key corrected { value } total { value } }
        metric(key: disclosure_rate)
      }
    }
  }
}`;

async function statementsOf(
  api: Api,
  query: string,
): Promise<{ statements: number; agencies: number; reports: number }> {
  // The data's shape, counted for the cost estimate once in a while (not per request), is counted first.
  await api.data('{ metrics { key } }');
  const before = statementCount(api.ds);
  const d = await api.data(query);
  const nodes = d.agencies.nodes as { reports: unknown[] }[];
  return {
    statements: statementCount(api.ds) - before,
    agencies: nodes.length,
    reports: nodes.reduce((n, a) => n + a.reports.length, 0),
  };
}

onEachDatabase((target) => {
  let dir: string;
  let small: Api;
  let large: Api;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-batch-'));
    await writeCorpus(dir, { reports: 60, seed: 11 });
    small = await apiOver(['data/reports'], target);
    large = await apiOver(['data/reports', dir], target);
  });
  afterAll(async () => {
    await small.close();
    await large.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('statements per request', () => {
    it('do not grow with the number of agencies and reports', async () => {
      const s = await statementsOf(small, EVERYTHING);
      const l = await statementsOf(large, EVERYTHING);
      expect(s).toMatchObject({ agencies: 5, reports: 5 });
      expect(l.agencies).toBeGreaterThan(20);
      expect(l.reports).toBeGreaterThan(50);
      // agencies page, reports by agency, agency by id, findings by report, cells by report
      expect(s.statements).toBe(5);
      expect(l.statements).toBe(s.statements);
    });

    it('read only the cells of the table a nested field asks for, filtered in SQL', async () => {
      const query = `{ agencies(first: 50) { nodes { reports { id cells(table: review_litigation) { table row column value } } } } }`;
      await large.data('{ metrics { key } }');
      const counter = statementCounter(large.ds);
      counter.recording = [];
      const d = await large.data(query);
      const statements = counter.recording;
      counter.recording = undefined;
      const reports = (d.agencies.nodes as { reports: { id: number; cells: { table: string }[] }[] }[]).flatMap(
        (a) => a.reports,
      );
      const answered = reports.flatMap((r) => r.cells);
      expect(reports.length).toBeGreaterThan(40);
      expect(new Set(answered.map((c) => c.table))).toEqual(new Set(['review_litigation']));
      // agencies page, reports by agency, cells by (report, table)
      expect(statements).toHaveLength(3);
      const cells = statements.find((s) => /table_key"? IN/.test(s.sql))!;
      const read = (await large.ds.query(cells.sql, cells.parameters)) as unknown[];
      expect(read).toHaveLength(answered.length);
      const [{ n: all }] = await large.ds.query(
        `SELECT COUNT(*) AS n FROM cell WHERE report_id IN (${reports.map((r) => r.id).join(',')})`,
      );
      expect(Number(all)).toBeGreaterThan(5 * answered.length);
    });

    it('read the narratives only where sections are asked for, in one statement for every report', async () => {
      const recorded = async (query: string) => {
        await large.data('{ metrics { key } }');
        const counter = statementCounter(large.ds);
        counter.recording = [];
        const d = await large.data(query);
        const statements = counter.recording.map((s) => s.sql);
        counter.recording = undefined;
        return { d, statements };
      };
      const bare = await recorded('{ agencies(first: 50) { nodes { reports { id year } } } }');
      expect(bare.statements).toHaveLength(2);
      expect(bare.statements.join(' ')).not.toMatch(/overview|problems/);
      const withText = await recorded(
        '{ agencies(first: 50) { nodes { reports { id sections { overview other } } } } }',
      );
      expect(withText.statements).toHaveLength(3);
      expect(withText.statements.filter((s) => /overview/.test(s))).toHaveLength(1);
      const reports = (withText.d.agencies.nodes as { reports: { id: number; sections: object }[] }[]).flatMap(
        (a) => a.reports,
      );
      expect(reports.length).toBeGreaterThan(40);
      const stored = (await large.ds.query(
        `SELECT id, overview, other FROM report WHERE id IN (${reports.map((r) => r.id).join(',')})`,
      )) as { id: unknown; overview: string | null; other: string | null }[];
      const byId = new Map(stored.map((r) => [Number(r.id), { overview: r.overview, other: r.other }]));
      expect(reports.every((r) => typeof (r.sections as { overview: unknown }).overview === 'string')).toBe(true);
      expect(reports.map((r) => r.sections)).toEqual(reports.map((r) => byId.get(r.id)));
    });

    it('select for a page of facts only the columns and joins its fields read, with the same values', async () => {
      const sqlOf = async (query: string) => {
        const counter = statementCounter(large.ds);
        await large.data('{ metrics { key } }');
        counter.recording = [];
        const d = await large.data(query);
        const [statement] = counter.recording;
        counter.recording = undefined;
        return { sql: statement.sql, nodes: d.facts.nodes as Record<string, unknown>[] };
      };
      const lean = await sqlOf('{ facts(first: 300) { nodes { agencyId year table row column value } } }');
      expect(lean.sql).not.toMatch(/JOIN/i);
      const labelled = await sqlOf('{ facts(first: 300) { nodes { agencyName format rowLabel value } } }');
      expect(labelled.sql.match(/JOIN/gi)).toHaveLength(3); // agency, report, row labels; not the column labels
      const whole = await sqlOf(
        'query { facts(first: 300) { nodes { ...F } } } fragment F on Fact { agencyId agencyName format rowLabel columnLabel year value }',
      );
      expect(whole.sql.match(/JOIN/gi)).toHaveLength(4);
      expect(lean.nodes.map((n) => [n.agencyId, n.year, n.value])).toEqual(
        whole.nodes.map((n) => [n.agencyId, n.year, n.value]),
      );
      expect(labelled.nodes.map((n) => [n.agencyName, n.format, n.rowLabel])).toEqual(
        whole.nodes.map((n) => [n.agencyName, n.format, n.rowLabel]),
      );
      expect(new Set(whole.nodes.map((n) => n.agencyName)).size).toBeGreaterThan(1);
    });

    it('are one per aggregation', async () => {
      for (const q of [
        '{ dispositionBreakdown(groupBy: [AGENCY, YEAR]) { count } }',
        '{ procurementTotals(groupBy: [COUNTY]) { projects } }',
        '{ reviewLitigation(groupBy: [YEAR]) { total } }',
        '{ dataQuality(groupBy: [LEVEL]) { reportsViolating } }',
      ]) {
        const before = statementCount(large.ds);
        await large.data(q);
        expect(statementCount(large.ds) - before, q).toBe(1);
      }
    });
  });
});
