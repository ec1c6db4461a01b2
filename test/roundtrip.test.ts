/**
 * Property: a synthetic report rendered in any text layout, or as a web page, a Word file or GBK text, parses back to
 * the same cells, metadata and rule findings, and every cell points at where it was printed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDocx, renderGbk, renderHtml } from '../src/generate/documents';
import { generateReport, rng, type SyntheticReport } from '../src/generate/model';
import { LAYOUTS, renderReport } from '../src/generate/render';
import { readDocument } from '../src/parser/documents';
import { parseFile, parseReport } from '../src/parser/parse';
import { toLines, type Line } from '../src/parser/text';
import type { ParsedReport } from '../src/parser/types';
import { expectSame } from './helpers/synthetic';

/** Provenance: the cell's line (and grid position, for documents read as tables) holds what the cell says was printed. */
function expectProvenance(parsed: ParsedReport, lines: Line[]): void {
  for (const c of parsed.cells) {
    const line = lines[c.line - 1];
    expect(line.raw).toContain(c.raw);
    if (c.at)
      expect(
        line.cells
          ?.find((g) => g.at.table === c.at!.table && g.at.row === c.at!.row && g.at.column === c.at!.column)
          ?.raw.trim(),
      ).toBe(c.raw);
  }
}

/** The layouts that keep a blank cell's position (documents carry blanks). */
const POSITIONAL = LAYOUTS.filter((l) => l !== 'spaces');

const seeds = fc.tuple(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.boolean(), fc.boolean());

describe('round trip: generate → render → parse', () => {
  for (const layout of LAYOUTS) {
    it(`layout ${layout}: same cells, metadata and findings over random reports`, () => {
      fc.assert(
        fc.property(seeds, ([seed, blanks, violate]) => {
          const random = rng(seed);
          // Space-separated text cannot show where a blank cell stood: blanks only where positions survive.
          const report = generateReport(random, { blanks: blanks && layout !== 'spaces', violate });
          const text = renderReport(report, layout, random);
          const parsed = parseReport(text, `synthetic-${seed}.txt`);
          expectSame(parsed, report);
          expectProvenance(parsed, toLines(text));
        }),
        { numRuns: 150, seed: 20261126 },
      );
    });
  }

  const documents = {
    'a saved web page (rowspan/colspan, page chrome)': {
      render: async (r: SyntheticReport, random: () => number) => Buffer.from(renderHtml(r, random)),
      kind: 'html',
      runs: 100,
    },
    'a Word .docx file (merged cells)': { render: renderDocx, kind: 'docx', runs: 40 },
    'GBK text, in every layout but spaces': {
      render: async (r: SyntheticReport, random: () => number) =>
        renderGbk(r, POSITIONAL[Math.floor(random() * POSITIONAL.length)], random),
      kind: 'text',
      runs: 100,
    },
  } as const;
  for (const [name, doc] of Object.entries(documents)) {
    it(`${name}: same cells, metadata and findings, with grid positions`, async () => {
      await fc.assert(
        fc.asyncProperty(seeds, async ([seed, blanks, violate]) => {
          const random = rng(seed);
          const report = generateReport(random, { blanks, violate });
          const bytes = await doc.render(report, random);
          const parsed = await parseFile(bytes, `synthetic-${seed}`);
          expect(parsed.sourceKind).toBe(doc.kind);
          expectSame(parsed, report);
          expectProvenance(parsed, (await readDocument(bytes, 'again')).lines);
          if (doc.kind !== 'text') expect(parsed.cells.every((c) => c.at)).toBe(true);
          else expect(parsed.encoding).toBe('gb18030');
        }),
        { numRuns: doc.runs, seed: 20261126 },
      );
    });
  }

  it('reports a blank in space-separated text as an incomplete row instead of shifting values', () => {
    const random = rng(5);
    const report = generateReport(random, {});
    report.cells.find((c) => c.table === 'applications' && c.row === 'granted' && c.column === 'research')!.value =
      null;
    const parsed = parseReport(renderReport(report, 'spaces', random), 'blank.txt');
    expect(parsed.cells.filter((c) => c.row === 'granted')).toEqual([]);
    expect(parsed.findings.find((f) => f.code === 'row_incomplete')).toMatchObject({
      table: 'applications',
      row: 'granted',
    });
  });
});
