/**
 * Adding a format is writing its description and nothing else. This file registers a synthetic third format — the
 * 2021 one with one more 不予公开 reason and one more rule, national from 2025 — and checks that detection, ordering,
 * the GraphQL enums, validation, metrics, the generator and a round trip through every layout all pick it up.
 * (Each test file runs in its own module registry, so the format exists only here.)
 */
import { describe, expect, it } from 'vitest';
import {
  FORMATS,
  detectFormat,
  dimensions,
  evaluate,
  formatOfYear,
  metric,
  metricFormats,
  orderedKeys,
  registerFormat,
  type FormatDef,
} from '../src/format';
import { generateReport, rng } from '../src/generate/model';
import { LAYOUTS, renderReport } from '../src/generate/render';
import { parseReport } from '../src/parser/parse';
import { validate } from '../src/parser/validate';
import { expectSame } from './helpers/synthetic';

const NEW_ROW = 'denied_personal_privacy';
const base = FORMATS['2021'];
const applications = base.tables.applications;
const at = applications.rows.findIndex((r) => r.key === 'denied_query_matter') + 1;

const F2025: FormatDef = {
  ...base,
  key: '2025',
  label: '国办公开办函〔2025〕1号（测试用）',
  en: 'A synthetic 2025 format, for this test',
  years: { from: 2025 },
  tellTales: [...base.tellTales, '涉及个人隐私且公开会造成损害'],
  tables: {
    ...base.tables,
    applications: {
      ...applications,
      rows: [
        ...applications.rows.slice(0, at),
        {
          key: NEW_ROW,
          label: '涉及个人隐私且公开会造成损害',
          en: 'Denied: personal privacy',
          aliases: ['涉及个人隐私且公开会造成损害'],
          category: 'denied',
          columns: applications.columns.map((c) => c.key),
        },
        ...applications.rows.slice(at),
      ],
    },
  },
  rules: [
    ...base.rules,
    {
      key: 'privacy_within_denials',
      label: '隐私不超过不予公开',
      table: 'applications',
      each: 'column',
      lhs: [{ row: NEW_ROW }],
      rhs: [{ row: NEW_ROW }],
    },
  ],
};
registerFormat(F2025);

/** A generated report of the new format (years from 2025 are national 2025), rendered in a layout. */
function report2025(seed: number, opts: { violate?: boolean; blanks?: boolean } = {}) {
  const random = rng(seed);
  const r = generateReport(random, { ...opts, panel: { agency: seed % 500, year: 2025 } });
  return { r, random };
}

describe('a third format, added by its description only', () => {
  it('is the national format for its years, and the generator draws it', () => {
    expect(formatOfYear(2025).key).toBe('2025');
    expect(formatOfYear(2024).key).toBe('2021');
    const { r } = report2025(11);
    expect(r.format).toBe('2025');
    expect(r.cells.filter((c) => c.row === NEW_ROW)).toHaveLength(7);
  });

  it('orders its new row where it prints it: after 属于行政查询事项, before 本机关不掌握; received_new first', () => {
    const rows = orderedKeys('applications', 'row');
    expect(rows[0]).toBe('received_new');
    expect(rows.slice(rows.indexOf('denied_query_matter'), rows.indexOf('denied_query_matter') + 3)).toEqual([
      'denied_query_matter',
      NEW_ROW,
      'unable_not_held',
    ]);
    const dim = dimensions().find((d) => d.key === NEW_ROW)!;
    expect(dim).toMatchObject({ table: 'applications', kind: 'row', category: 'denied', formats: ['2025'] });
    expect(dimensions().find((d) => d.key === 'granted')!.formats).toEqual(['2019', '2021', '2025']);
  });

  it('is detected from its labels, and does not take 2021 reports for its own', () => {
    for (const layout of LAYOUTS) {
      const { r, random } = report2025(5);
      const parsed = parseReport(renderReport(r, layout, random), 'r2025.txt');
      expect([layout, parsed.format]).toEqual([layout, '2025']);
      expect(parsed.findings.filter((f) => f.code === 'format_uncertain')).toEqual([]);
    }
    // A 2021 report of 2025 (an agency still on the old table) stays 2021, with no uncertainty.
    expect(detectFormat(base.tellTales.join(''), 2025)).toEqual({ format: FORMATS['2021'] });
    expect(detectFormat('', 2026).format.key).toBe('2025');
  });

  it('round-trips through every text layout: same cells, metadata and planted violations', () => {
    for (const layout of LAYOUTS) {
      for (let seed = 1; seed <= 30; seed++) {
        const { r, random } = report2025(seed, {
          violate: seed % 3 === 0,
          blanks: layout !== 'spaces' && seed % 2 === 0,
        });
        expectSame(parseReport(renderReport(r, layout, random), `r${seed}.txt`), r);
      }
    }
  });

  it('validates with its own rows and rules: the new row counts in handled_sum, its own rule runs', () => {
    const { r } = report2025(3);
    const cells = r.cells.map((c, i) => ({ ...c, raw: String(c.value), line: i + 1 }));
    expect(validate('2025', cells)).toEqual([]);
    // One more privacy denial than the total handled accounts for: handled_sum breaks in that column.
    const privacy = cells.find((c) => c.row === NEW_ROW && c.column === 'natural_person')!;
    privacy.value = (privacy.value ?? 0) + 1;
    const broken = validate('2025', cells).filter((f) => f.rule === 'handled_sum');
    expect(broken.map((f) => [f.column, f.expected, f.actual! - f.expected!])).toEqual([
      ['natural_person', broken[0].expected, 1],
    ]);
    expect(broken[0].cells).toContain(`applications/${NEW_ROW}/natural_person`);
  });

  it('divides denial shares by its own denial rows, and its new share applies to it only', () => {
    const secret = metric('denied_state_secret_share')!;
    const privacy = metric(`${NEW_ROW}_share`)!;
    expect(metricFormats(secret)).toEqual(['2019', '2021', '2025']);
    expect(metricFormats(privacy)).toEqual(['2025']);
    // Two secrets and three privacy denials among the denials: 2 / 5 in 2025; the same cells as 2021 give 2 / 2.
    const cells = new Map<string, number>();
    for (const row of applications.rows.filter((x) => x.category === 'denied'))
      cells.set(`applications/${row.key}/total`, 0);
    cells.set('applications/denied_state_secret/total', 2);
    cells.set(`applications/${NEW_ROW}/total`, 3);
    expect(evaluate(secret, '2025', (k) => cells.get(k))).toBeCloseTo(2 / 5);
    expect(evaluate(secret, '2021', (k) => cells.get(k))).toBe(1);
    expect(evaluate(privacy, '2021', (k) => cells.get(k))).toBeNull();
    expect(evaluate(privacy, '2025', (k) => cells.get(k))).toBeCloseTo(3 / 5);
  });

  it('appears in the GraphQL enums and rule list built after it was registered', async () => {
    const { schemaSdl } = await import('../src/server/schema.js');
    const sdl = await schemaSdl();
    const rowKeys = /enum ApplicationRowKey \{([^}]*)\}/.exec(sdl)![1];
    expect(rowKeys).toMatch(new RegExp(`\\b${NEW_ROW}\\b`));
    expect(/enum RuleKey \{([^}]*)\}/.exec(sdl)![1]).toMatch(/\bprivacy_within_denials\b/);
    expect(sdl).toContain('"2025"');
  });
});

describe('a third format in the summary rows', () => {
  it('counts its new row in its category and answers as the cells do', async () => {
    // Imported here, after the format is registered (as the schema test above does).
    const { mkdtemp, rm } = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const { writeCorpus } = await import('../src/generate/corpus.js');
    const { apiOver } = await import('./helpers/api.js');
    const { dispositionBreakdown } = await import('../src/query/analytics.js');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-third-summary-'));
    // Panels of seven years: 2019 … 2025, the last in the new format.
    await writeCorpus(dir, { reports: 42, seed: 5, panelYears: 7 });
    const api = await apiOver([dir]);
    try {
      const denials = F2025.tables.applications.rows.filter((r) => r.category === 'denied').map((r) => `'${r.key}'`);
      expect(denials).toContain(`'${NEW_ROW}'`);
      const stored = await api.ds.query(
        `SELECT s.status, s.s, (SELECT SUM(c.value) FROM cell c WHERE c.report_id = r.id AND c.table_key = 'applications' AND c.column_key = 'total' AND c.row_key IN (${denials.join(', ')})) AS cells FROM summary_disposition s JOIN report r ON r.id = s.report_id WHERE r.format = '2025' AND s.column_key = 'total' AND s.category = 'denied'`,
      );
      const [{ n }] = await api.ds.query("SELECT COUNT(*) AS n FROM report WHERE format = '2025'");
      expect(Number(n)).toBeGreaterThan(3);
      expect(stored).toHaveLength(Number(n));
      // Its denials include the privacy row: the stored sum is the cells' sum over every denial row it prints.
      for (const row of stored) if (row.status === 'used') expect(Number(row.s)).toBe(Number(row.cells));
      expect(stored.some((row: { status: string }) => row.status === 'used')).toBe(true);
      for (const groupBy of [['YEAR'], ['AGENCY'], ['YEAR', 'APPLICANT']] as const) {
        const cells = await dispositionBreakdown(api.ds, { groupBy: [...groupBy], path: 'cells' });
        const summary = await dispositionBreakdown(api.ds, { groupBy: [...groupBy] });
        expect(JSON.stringify(summary)).toBe(JSON.stringify(cells));
        if (groupBy[0] === 'YEAR')
          expect(
            summary.some((b: { year?: number; reportsUsed: number }) => b.year === 2025 && b.reportsUsed > 0),
          ).toBe(true);
      }
    } finally {
      await api.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
