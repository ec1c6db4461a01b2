/** Property: a synthetic report rendered in any layout parses back to the same cells, metadata and rule findings. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateReport, rng } from '../src/generate/model';
import { LAYOUTS, renderReport } from '../src/generate/render';
import { parseReport } from '../src/ingest/parse';
import { toLines } from '../src/ingest/text';

const key = (c: { table: string; row: string; column: string }) => `${c.table}/${c.row}/${c.column}`;

describe('round trip: generate → render → parse', () => {
  for (const layout of LAYOUTS) {
    it(`layout ${layout}: same cells, metadata and findings over random reports`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.boolean(), fc.boolean(), (seed, blanks, violate) => {
          const random = rng(seed);
          // Space-separated text cannot show where a blank cell stood: blanks only where positions survive.
          const report = generateReport(random, { blanks: blanks && layout !== 'spaces', violate });
          const text = renderReport(report, layout, random);
          const parsed = parseReport(text, `synthetic-${seed}.txt`);

          expect(parsed.agency).toEqual(report.agency);
          expect([parsed.year, parsed.format, parsed.publishedOn]).toEqual([report.year, report.format, report.publishedOn]);
          expect(new Map(parsed.cells.map((c) => [key(c), c.value]))).toEqual(new Map(report.cells.map((c) => [key(c), c.value])));
          const rules = parsed.findings.filter((f) => f.code === 'rule_violation').map((f) => ({ rule: f.rule, row: f.row, column: f.column }));
          expect(rules).toEqual(expect.arrayContaining(report.violations.map((v) => ({ rule: v.rule, row: v.row, column: v.column }))));
          expect(rules).toHaveLength(report.violations.length);
          expect(parsed.findings.filter((f) => f.code !== 'rule_violation')).toEqual([]);

          // Provenance: every cell's source line holds what the cell says was printed there.
          const lines = toLines(text);
          for (const c of parsed.cells) expect(lines[c.line - 1].raw).toContain(c.raw);
        }),
        { numRuns: 150, seed: 20261126 },
      );
    });
  }

  it('reports a blank in space-separated text as an incomplete row instead of shifting values', () => {
    const random = rng(5);
    const report = generateReport(random, {});
    report.cells.find((c) => c.table === 'applications' && c.row === 'granted' && c.column === 'research')!.value = null;
    const parsed = parseReport(renderReport(report, 'spaces', random), 'blank.txt');
    expect(parsed.cells.filter((c) => c.row === 'granted')).toEqual([]);
    expect(parsed.findings.find((f) => f.code === 'row_incomplete')).toMatchObject({ table: 'applications', row: 'granted' });
  });
});
