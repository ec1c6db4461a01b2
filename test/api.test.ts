/** The GraphQL API over the five bundled seeds, through executeOperation. Every expected number is read from the report texts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../src/server/apollo';
import { gongkaiSchema } from '../src/server/schema';
import { apiOver, type Api } from './helpers/api';
import { onEachDatabase } from './helpers/each-database';

onEachDatabase((target) => {
  let api: Api;

  /** The error of an operation that must fail: its code and message. */
  async function failure(api: Api, query: string): Promise<{ code: string; message: string }> {
    const r = await api.run(query);
    expect(r.errors, `expected an error from ${query}`).toBeDefined();
    return { code: r.errors![0].extensions?.code, message: r.errors![0].message };
  }
  beforeAll(async () => {
    api = await apiOver(['data/reports'], target);
  });
  afterAll(() => api.close());

  // Agencies and reports get ids in file order: 000 湖塘乡 → 1, 001 赵堡镇 → 2, 002 大才回族乡 → 3, 003 泉塘镇 → 4, 004 湛河区政府办公室 → 5.

  describe('reports and their typed tables', () => {
    it("seed 004's agency received 7 requests, all 7 ended as 本机关不掌握", async () => {
      const d = await api.data(`{
        agency(id: 5) { name fullName divisionCode level reports { year format applications { key category natural_person { value } commercial { value } total { value } } } }
      }`);
      expect(d.agency).toMatchObject({
        name: '湛河区政府办公室',
        fullName: '湛河区政府办公室',
        divisionCode: '410411',
        level: 'department',
      });
      const [report] = d.agency.reports;
      expect([report.year, report.format]).toEqual([2020, '2019']);
      const nonZero = report.applications
        .filter((r: any) => r.total.value !== 0)
        .map((r: any) => [r.key, r.natural_person.value, r.commercial.value, r.total.value]);
      expect(nonZero).toEqual([
        ['received_new', 7, 0, 7],
        ['unable_not_held', 7, 0, 7],
        ['total_handled', 7, 0, 7],
      ]);
      // The whole 2019 applications table, in printed order, every cell present.
      expect(report.applications.map((r: any) => r.key)).toEqual([
        'received_new',
        'carried_over',
        'granted',
        'partially_granted',
        'denied_state_secret',
        'denied_prohibited_by_law',
        'denied_security_stability',
        'denied_third_party',
        'denied_internal_affairs',
        'denied_process_info',
        'denied_enforcement_file',
        'denied_query_matter',
        'unable_not_held',
        'unable_needs_creation',
        'unable_unclear',
        'not_processed_petition',
        'not_processed_duplicate',
        'not_processed_publication',
        'not_processed_excessive',
        'not_processed_confirmation',
        'other_handling',
        'total_handled',
        'carried_forward',
      ]);
      expect(report.applications.find((r: any) => r.key === 'unable_not_held').category).toBe('unable');

      const buckets = await api.data(
        `{ dispositionBreakdown(filter: { agencyIds: [5] }, detail: ROW) { row count handled share reports } }`,
      );
      expect(buckets.dispositionBreakdown.filter((b: any) => b.count !== 0)).toEqual([
        { row: 'unable_not_held', count: 7, handled: 7, share: 1, reports: 1 },
      ]);
      expect(buckets.dispositionBreakdown).toHaveLength(19); // every handling row of format 2019, zeros included
    });

    it('gives every cell its provenance, and keeps blank cells blank (seed 004, 行政复议 row)', async () => {
      const d = await api.data(`{ report(id: 5) {
        sourceFile
        applications { key natural_person { value raw line sourceFile } }
        reviewLitigation { key columns upheld { value raw line } total { value raw line } }
      } }`);
      expect(d.report.applications.find((r: any) => r.key === 'unable_not_held').natural_person).toEqual({
        value: 7,
        raw: '7',
        line: 57,
        sourceFile: '004_c95910d04a7fd181.txt',
      });
      expect(d.report.reviewLitigation).toEqual([
        {
          key: 'review',
          columns: ['upheld', 'corrected', 'other', 'pending', 'total'],
          upheld: { value: null, raw: '', line: 74 },
          total: { value: null, raw: '', line: 74 },
        },
        {
          key: 'litigation_direct',
          columns: ['upheld', 'corrected', 'other', 'pending', 'total'],
          upheld: { value: 0, raw: '0', line: 74 },
          total: { value: 0, raw: '0', line: 74 },
        },
        {
          key: 'litigation_after_review',
          columns: ['upheld', 'corrected', 'other', 'pending', 'total'],
          upheld: { value: 0, raw: '0', line: 74 },
          total: { value: 0, raw: '0', line: 74 },
        },
      ]);
    });

    it('shows a cell the report does not print as null, not 0 (seed 001 has no 总计 column)', async () => {
      const d = await api.data(
        `{ report(id: 2) { applications { key natural_person { value } total { value } } findings { code } } }`,
      );
      const granted = d.report.applications.find((r: any) => r.key === 'received_new');
      expect(granted).toEqual({ key: 'received_new', natural_person: { value: 0 }, total: null });
      expect(d.report.findings.map((f: any) => f.code)).toContain('column_missing');
    });

    it('reads the proactive table of each format with its own columns', async () => {
      const d = await api.data(`{
        r2019: report(id: 3) { proactive { key columns projects { value raw } amount_wan { value raw } issued { value } } }
        r2021: report(id: 4) { format formatLabel publishedOn ingestedAt proactive { key columns issued { value } } }
      }`);
      const procurement = d.r2019.proactive.find((r: any) => r.key === 'procurement');
      expect(procurement).toEqual({
        key: 'procurement',
        columns: ['projects', 'amount_wan'],
        projects: { value: 10, raw: '10' },
        amount_wan: { value: 606.05, raw: '606.05万元' },
        issued: null,
      });
      expect(d.r2021).toMatchObject({
        format: '2021',
        formatLabel: '国办公开办函〔2021〕30号',
        publishedOn: '2024-01-09',
      });
      expect(Date.now() - Date.parse(d.r2021.ingestedAt)).toBeLessThan(10 * 60_000);
      expect(d.r2021.proactive.map((r: any) => r.key)).toEqual([
        'regulations',
        'normative_documents',
        'licensing',
        'penalties',
        'enforcement',
        'fees',
      ]);
      expect(d.r2021.proactive[0]).toEqual({
        key: 'regulations',
        columns: ['issued', 'repealed', 'in_force'],
        issued: { value: 0 },
      });
    });

    it('across the 2020 seeds, received_new totals 8', async () => {
      const d = await api.data(`{
        reports(filter: { years: [2020] }) { nodes { agency { name } received: metric(key: received_new) } }
        facts(filter: { years: [2020] }, table: applications, first: 5000) { nodes { row column value } totalCount }
      }`);
      expect(d.reports.nodes.map((n: any) => [n.agency.name, n.received])).toEqual([
        ['湖塘乡', 1],
        ['赵堡镇', null], // prints no 总计 column: unknown, not 0
        ['大才回族乡', 0],
        ['湛河区政府办公室', 7],
      ]);
      const totals = d.facts.nodes.filter((f: any) => f.row === 'received_new' && f.column === 'total');
      expect(totals.reduce((s: number, f: any) => s + f.value, 0)).toBe(8);
      expect(d.facts.totalCount).toBe(d.facts.nodes.length);
    });

    it('lists findings with their lines (seed 003: ten lost labels)', async () => {
      const d = await api.data(`{ report(id: 4) { findings { code severity line tableKey rowKey } } }`);
      expect(d.report.findings).toHaveLength(10);
      expect(d.report.findings[0]).toMatchObject({
        code: 'label_missing',
        severity: 'warning',
        tableKey: 'applications',
        rowKey: 'denied_state_secret',
      });
    });
  });

  describe('filters and pagination', () => {
    const names = async (filter: string) =>
      (await api.data(`{ agencies(filter: ${filter}) { nodes { name } } }`)).agencies.nodes.map((n: any) => n.name);

    it('filters by year range, division, level, format, name, findings', async () => {
      expect(await names('{ yearFrom: 2021 }')).toEqual(['泉塘镇']);
      expect(await names('{ yearFrom: 2019, yearTo: 2020 }')).toEqual([
        '湖塘乡',
        '赵堡镇',
        '大才回族乡',
        '湛河区政府办公室',
      ]);
      expect(await names('{ county: "丰城市" }')).toEqual(['湖塘乡']);
      expect(await names('{ level: department }')).toEqual(['湛河区政府办公室']);
      expect(await names('{ format: "2021" }')).toEqual(['泉塘镇']);
      expect(await names('{ nameContains: "回族" }')).toEqual(['大才回族乡']);
      expect(await names('{ hasFindings: false }')).toEqual(['湛河区政府办公室']);
      expect(await names('{ violatesRule: balance }')).toEqual([]);
      expect(await names('{ nameContains: "%" }')).toEqual([]); // LIKE wildcards are matched literally
    });

    it('pages through agencies with cursors, in id order', async () => {
      const q = `query($after: String) { agencies(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } totalCount } }`;
      const pages: number[][] = [];
      let after: string | null = null;
      for (;;) {
        const d: any = (await api.data(q, { after })).agencies;
        expect(d.totalCount).toBe(5);
        pages.push(d.nodes.map((n: any) => n.id));
        if (!d.pageInfo.hasNextPage) break;
        after = d.pageInfo.endCursor;
      }
      expect(pages).toEqual([[1, 2], [3, 4], [5]]);
    });

    it('orders reports by year, then agency', async () => {
      const d = await api.data(`{ reports(first: 3) { nodes { year agencyId } pageInfo { hasNextPage } } }`);
      expect(d.reports.nodes).toEqual([
        { year: 2020, agencyId: 1 },
        { year: 2020, agencyId: 2 },
        { year: 2020, agencyId: 3 },
      ]);
      expect(d.reports.pageInfo.hasNextPage).toBe(true);
    });
  });

  describe('aggregations', () => {
    it("procurement: seed 002's 606.05 万元 over 10 projects; totals by county in 2020", async () => {
      const d = await api.data(`{
        one: procurementTotals(filter: { agencyIds: [3] }) { projects amount_wan reports reportsUnitAssumed }
        byCounty: procurementTotals(filter: { years: [2020] }, groupBy: [COUNTY]) { countyCode countyName projects amount_wan reports reportsUnitAssumed }
        in2021: procurementTotals(filter: { format: "2021" }) { projects }
      }`);
      expect(d.one).toEqual([{ projects: 10, amount_wan: 606.05, reports: 1, reportsUnitAssumed: 0 }]);
      // By county code: every seed's agency lies in a county (赵堡镇 in 温县, 大才回族乡 in 湟中区).
      const county = (countyCode: string, countyName: string) => ({ countyCode, countyName });
      expect(d.byCounty).toEqual([
        { ...county('360981', '丰城市'), projects: 6, amount_wan: 200359, reports: 1, reportsUnitAssumed: 1 },
        { ...county('410411', '湛河区'), projects: 6, amount_wan: 6.933, reports: 1, reportsUnitAssumed: 0 },
        { ...county('410825', '温县'), projects: 0, amount_wan: 0, reports: 1, reportsUnitAssumed: 0 },
        { ...county('630106', '湟中区'), projects: 10, amount_wan: 606.05, reports: 1, reportsUnitAssumed: 0 },
      ]);
      expect(d.in2021).toEqual([]); // format 2021 prints no procurement: no bucket, not a bucket of zeros
    });

    it('ranks agencies by how often they answer 本机关不掌握, blanks and 0-of-0 last', async () => {
      const q = (orderBy: string, first = 10) =>
        api.data(
          `{ dispositionBreakdown(groupBy: [AGENCY], detail: ROW, rows: [unable_not_held], orderBy: ${orderBy}, first: ${first}) { agencyName count share } }`,
        );
      expect((await q('COUNT_DESC', 2)).dispositionBreakdown).toEqual([
        { agencyName: '湛河区政府办公室', count: 7, share: 1 },
        { agencyName: '湖塘乡', count: 0, share: 0 }, // ties broken by agency id
      ]);
      expect((await q('SHARE_DESC')).dispositionBreakdown.map((b: any) => [b.agencyName, b.share])).toEqual([
        ['湛河区政府办公室', 1],
        ['湖塘乡', 0],
        ['赵堡镇', null], // 0 of 0: its 总计 is read from rows of seven values under a header that lost it
        ['大才回族乡', null],
        ['泉塘镇', null],
      ]);
    });

    it('dispositions by applicant: the 8 requests of 2020 were all from natural persons', async () => {
      const d = await api.data(
        `{ dispositionBreakdown(filter: { years: [2020] }, groupBy: [YEAR, APPLICANT], detail: CATEGORY) { year applicant category count handled share } }`,
      );
      const nonZero = d.dispositionBreakdown.filter((b: any) => b.count !== 0);
      expect(nonZero).toEqual([
        { year: 2020, applicant: 'natural_person', category: 'granted', count: 1, handled: 8, share: 0.125 },
        { year: 2020, applicant: 'natural_person', category: 'unable', count: 7, handled: 8, share: 0.875 },
      ]);
      expect(new Set(d.dispositionBreakdown.map((b: any) => b.applicant))).toEqual(
        new Set(['natural_person', 'commercial', 'research', 'social_welfare', 'legal_service', 'other_org']),
      );
    });

    it('summarizes a metric per year: pooled with its parts, the reports left out and why, the distribution', async () => {
      const d = await api.data(`{ metricSummary(metrics: [not_held_rate], groupBy: [YEAR]) {
        year value numerator denominator reports reportsUsed reportsMissing reportsZeroDenominator min q1 median q3 max } }`);
      // 2020: 湛河区 7 of 7 and 湖塘乡 0 of 1 are used; 赵堡镇 and 大才回族乡 handled none (0 / 0: no rate, not 0).
      expect(d.metricSummary[0]).toEqual({
        year: 2020,
        value: 7 / 8,
        numerator: 7,
        denominator: 8,
        reports: 4,
        reportsUsed: 2,
        reportsMissing: 0,
        reportsZeroDenominator: 2,
        min: 0,
        q1: 0.25,
        median: 0.5,
        q3: 0.75,
        max: 1,
      });
      // 2023: 泉塘镇 handled nothing: no value, and the bucket says why.
      expect(d.metricSummary[1]).toMatchObject({
        year: 2023,
        value: null,
        reports: 1,
        reportsZeroDenominator: 1,
        median: null,
      });
      const r =
        await api.data(`{ a: report(id: 5) { metricValue(key: not_held_rate) { value numerator denominator status } }
        b: report(id: 2) { metricValue(key: not_held_rate) { value status } }
        c: report(id: 4) { metricValue(key: procurement_projects) { value status } } }`);
      expect(r.a.metricValue).toEqual({ value: 1, numerator: 7, denominator: 7, status: 'ok' });
      expect(r.b.metricValue).toEqual({ value: null, status: 'zero_denominator' }); // 赵堡镇 handled none
      expect(r.c.metricValue).toEqual({ value: null, status: 'not_in_format' });
    });

    it('lists a metric on every report with its parts: the values a summary pools', async () => {
      const d = await api.data(
        '{ metricValues(filter: { years: [2020] }, metrics: [not_held_rate]) { agencyName value numerator denominator status } }',
      );
      expect(d.metricValues).toEqual([
        { agencyName: '湖塘乡', value: 0, numerator: 0, denominator: 1, status: 'ok' },
        { agencyName: '赵堡镇', value: null, numerator: 0, denominator: 0, status: 'zero_denominator' },
        { agencyName: '大才回族乡', value: null, numerator: 0, denominator: 0, status: 'zero_denominator' },
        { agencyName: '湛河区政府办公室', value: 1, numerator: 7, denominator: 7, status: 'ok' },
      ]);
    });

    it('review/litigation by year: all zero or blank in the seeds, so every correction rate is null', async () => {
      const d = await api.data(
        `{ reviewLitigation(groupBy: [YEAR]) { year kind upheld corrected other pending total correctionRate reports reportsUsed reportsBlank } }`,
      );
      expect(
        d.reviewLitigation.map((b: any) => [
          b.year,
          b.kind,
          b.total,
          b.correctionRate,
          b.reports,
          b.reportsUsed,
          b.reportsBlank,
        ]),
      ).toEqual([
        [2020, 'review', 0, null, 4, 3, 1], // seed 004 prints the 行政复议 row blank: left out, and said so
        [2020, 'litigation_direct', 0, null, 4, 4, 0],
        [2020, 'litigation_after_review', 0, null, 4, 4, 0],
        [2023, 'review', 0, null, 1, 1, 0],
        [2023, 'litigation_direct', 0, null, 1, 1, 0],
        [2023, 'litigation_after_review', 0, null, 1, 1, 0],
      ]);
    });

    it('compares agencies across years, with null where the year has no report or the format prints no such cell', async () => {
      const d =
        await api.data(`{ compareAgencies(agencyIds: [4, 5], years: [2020, 2023], metrics: [received_new, not_held_rate, procurement_amount_wan]) {
        agencyName year reportId format metric value numerator denominator status previousValue change } }`);
      const rows = d.compareAgencies.map((c: any) => `${c.agencyName} ${c.year} ${c.metric}=${c.value}`);
      // Each rate with its parts, and why a value is null: the rows can be pooled.
      expect(d.compareAgencies.map((c: any) => [c.numerator, c.denominator, c.status])).toEqual([
        [null, null, null],
        [null, null, null],
        [null, null, null],
        [0, null, 'ok'],
        [0, 0, 'zero_denominator'],
        [null, null, 'not_in_format'],
        [7, null, 'ok'],
        [7, 7, 'ok'],
        [6.933, null, 'ok'],
        [null, null, null],
        [null, null, null],
        [null, null, null],
      ]);
      expect(rows).toEqual([
        '泉塘镇 2020 received_new=null',
        '泉塘镇 2020 not_held_rate=null',
        '泉塘镇 2020 procurement_amount_wan=null',
        '泉塘镇 2023 received_new=0',
        '泉塘镇 2023 not_held_rate=null', // 0 of 0 handled: no rate
        '泉塘镇 2023 procurement_amount_wan=null', // format 2021 prints no procurement
        '湛河区政府办公室 2020 received_new=7',
        '湛河区政府办公室 2020 not_held_rate=1',
        '湛河区政府办公室 2020 procurement_amount_wan=6.933',
        '湛河区政府办公室 2023 received_new=null',
        '湛河区政府办公室 2023 not_held_rate=null',
        '湛河区政府办公室 2023 procurement_amount_wan=null',
      ]);
      expect(d.compareAgencies[0]).toMatchObject({ reportId: null, format: null, change: null });
    });

    it('counts rule violations per rule', async () => {
      const d = await api.data(
        `{ dataQuality(groupBy: [LEVEL]) { level rule reportsChecked reportsViolating share } }`,
      );
      expect(d.dataQuality.filter((b: any) => b.rule === 'balance')).toEqual([
        { level: 'department', rule: 'balance', reportsChecked: 1, reportsViolating: 0, share: 0 },
        { level: 'township', rule: 'balance', reportsChecked: 4, reportsViolating: 0, share: 0 },
      ]);
      // Five rules of both formats, and stock_flow of format 2021.
      expect(d.dataQuality).toHaveLength(2 * 6);
    });

    it('says how much of each report was read, per report and per bucket', async () => {
      const d = await api.data(
        `{ reports(first: 10) { nodes { sourceFile completeness { found expected ratio } } }
           dataQuality(groupBy: [LEVEL]) { level rule reportsChecked reportsFullyRead meanCompleteness cellsFound cellsExpected } }`,
      );
      expect(d.reports.nodes.map((r: any) => [r.sourceFile.slice(0, 3), r.completeness])).toEqual([
        ['000', { found: 198, expected: 198, ratio: 1 }],
        // 赵堡镇 prints no 总计 for four rows and three short 不予公开 rows.
        ['001', { found: 173, expected: 198, ratio: 173 / 198 }],
        ['002', { found: 198, expected: 198, ratio: 1 }],
        ['004', { found: 198, expected: 198, ratio: 1 }],
        ['003', { found: 200, expected: 200, ratio: 1 }],
      ]);
      const balance = d.dataQuality.filter((b: any) => b.rule === 'balance');
      expect(balance).toEqual([
        {
          level: 'department',
          rule: 'balance',
          reportsChecked: 1,
          reportsFullyRead: 1,
          meanCompleteness: 1,
          cellsFound: 198,
          cellsExpected: 198,
        },
        {
          level: 'township',
          rule: 'balance',
          reportsChecked: 4,
          reportsFullyRead: 3,
          meanCompleteness: expect.closeTo((3 + 173 / 198) / 4, 12),
          cellsFound: 198 + 173 + 198 + 200,
          cellsExpected: 198 * 3 + 200,
        },
      ]);
      // The same for every rule of a bucket: completeness is the reports', not the rule's.
      // (six rules: the five of both formats and stock_flow of format 2021)
      expect(d.dataQuality.filter((b: any) => b.level === 'township').map((b: any) => b.reportsFullyRead)).toEqual(
        Array(6).fill(3),
      );
    });

    it('describes every metric, with the formats it applies to', async () => {
      const d = await api.data(`{ metrics { key label en unit formula denominator formats } }`);
      const byKey = Object.fromEntries(d.metrics.map((m: any) => [m.key, m]));
      expect(byKey.disclosure_rate).toEqual({
        key: 'disclosure_rate',
        label: '公开率',
        en: 'Disclosure rate',
        unit: 'rate',
        formula:
          '(applications.granted.total + applications.partially_granted.total) / applications.total_handled.total',
        denominator: 'applications.total_handled.total',
        formats: ['2019', '2021'],
      });
      expect(byKey.review_correction_rate.formula).toBe(
        'review_litigation.review.corrected / (review_litigation.review.upheld + review_litigation.review.corrected + review_litigation.review.other)',
      );
      expect(byKey.procurement_amount_wan.formats).toEqual(['2019']);
      for (const k of [
        'not_held_rate',
        'litigation_correction_rate',
        'dispute_conversion_rate',
        'backlog_rate',
        'natural_person_share',
        'denied_state_secret_share',
      ])
        expect(byKey[k]).toBeDefined();
    });
  });

  describe('bad arguments say what to change (BAD_USER_INPUT)', () => {
    it.each([
      [
        'an inverted year range',
        '{ agencies(filter: { yearFrom: 2023, yearTo: 2020 }) { nodes { id } } }',
        /yearFrom \(2023\) is after yearTo \(2020\)/,
      ],
      ['a page over the cap', '{ reports(first: 501) { nodes { id } } }', /first must be between 1 and 500/],
      [
        'an empty agency list',
        '{ dispositionBreakdown(filter: { agencyIds: [] }) { count } }',
        /agencyIds is an empty list/,
      ],
      [
        'an empty comparison',
        '{ compareAgencies(agencyIds: [], years: [2020], metrics: [received_new]) { value } }',
        /agencyIds is empty/,
      ],
      ['no metric to summarize', '{ metricSummary(metrics: []) { value } }', /metrics is empty/],
      [
        'an unknown agency',
        '{ compareAgencies(agencyIds: [99], years: [2020], metrics: [received_new]) { value } }',
        /no agency with id 99/,
      ],
      ['a foreign cursor', '{ agencies(after: "bm9wZQ") { nodes { id } } }', /is not a cursor of this list/],
      ['a top N of 0', '{ dispositionBreakdown(first: 0) { count } }', /first must be between 1 and 100000/],
      [
        'a grouping that does not apply',
        '{ procurementTotals(groupBy: [APPLICANT]) { projects } }',
        /groupBy APPLICANT does not apply/,
      ],
      [
        'an unknown format',
        '{ reports(filter: { format: "2020" }) { nodes { id } } }',
        /format must be one of 2019, 2021/,
      ],
    ])('%s', async (_what, query, message) => {
      const e = await failure(api, query);
      expect(e.code).toBe('BAD_USER_INPUT');
      expect(e.message).toMatch(message);
    });
  });

  it('names the metric keys in an enum: an unknown one fails validation, and editors complete them', async () => {
    const e = await failure(api, '{ compareAgencies(agencyIds: [1], years: [2020], metrics: [nonsense]) { value } }');
    expect(e.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(e.message).toMatch(/Value "nonsense" does not exist in "MetricKey" enum/);
  });

  describe('limits', () => {
    it('refuses a query nested too deeply', async () => {
      const deep = `{ agencies { nodes { reports { agency { reports { agency { reports { agency { reports { agency { name } } } } } } } } } } }`;
      const e = await failure(api, deep);
      expect(e.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(e.message).toMatch(/depth limit of 10/i);
    });

    it('refuses a query too expensive, naming its cost and the limit', async () => {
      const e = await failure(
        api,
        '{ facts(first: 5000) { nodes { agencyName value } } reports(first: 500) { nodes { cells { value raw line } } } }',
      );
      expect(e.code).toBe('QUERY_TOO_EXPENSIVE');
      expect(e.message).toMatch(/estimated cost \d+ is over the limit of 250000/);
    });

    /** One operation on a server made under NODE_ENV=production (Apollo reads it when constructed). */
    async function inProduction(query: string) {
      const env = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      const { apollo: server, context } = createApi(await gongkaiSchema(), api.ds);
      try {
        await server.start();
        const res = await server.executeOperation({ query }, { contextValue: await context() });
        if (res.body.kind !== 'single') throw new Error('expected a single result');
        return res.body.singleResult;
      } finally {
        await server.stop();
        process.env.NODE_ENV = env;
      }
    }

    it('keeps introspection on in production mode (BI query editors need it)', async () => {
      const r = await inProduction('{ __type(name: "ApplicationRowKey") { enumValues { name } } }');
      expect(r.data?.__type).toMatchObject({ enumValues: expect.arrayContaining([{ name: 'unable_not_held' }]) });
    });

    it('refuses too many aliases and too many tokens', async () => {
      const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `m${i}: metrics { key }`).join(' ')} }`;
      const many = await failure(api, aliases);
      expect(many.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(many.message).toMatch(/aliases limit of 30/i);
      const long = `{ metrics { ${'key '.repeat(5000)} } }`;
      const tokens = await failure(api, long);
      expect(tokens.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(tokens.message).toMatch(/contains more th\w+ 5000 tokens/i); // graphql-js spells it "more that"
    });

    it('treats hostile filter strings as data: SQL metacharacters match nothing and break nothing', async () => {
      for (const hostile of ["'; DROP TABLE cell; --", '" OR 1=1 --', '\\', '%_%', 'x'.repeat(200)]) {
        const d = await api.data('query($s: String) { agencies(filter: { nameContains: $s }) { nodes { id } } }', {
          s: hostile,
        });
        expect(d.agencies.nodes).toEqual([]);
      }
      expect(
        (await failure(api, `{ agencies(filter: { nameContains: "${'x'.repeat(201)}" }) { nodes { id } } }`)).message,
      ).toMatch(/longer than 200/);
      expect((await api.data('{ agencies { totalCount } facts(first: 1) { totalCount } }')).facts.totalCount).toBe(967);
    });

    it('sends no stack trace in production mode', async () => {
      const { errors } = await inProduction('{ reports(first: 0) { nodes { id } } agency(id: 1) { nme } }');
      expect(errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(errors)).not.toMatch(/stacktrace|\.ts:\d+|node_modules/);
    });

    it('has no mutations', async () => {
      expect((await api.data('{ __schema { mutationType { name } } }')).__schema.mutationType).toBeNull();
    });
  });
});
