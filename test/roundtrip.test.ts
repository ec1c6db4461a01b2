/**
 * Property: a synthetic report rendered in any text layout, or as a web page, a Word file or GBK text, with any of the
 * variants real agencies print (src/generate/variants.ts) that apply there, parses back to the same cells, metadata,
 * rule findings and the findings its variants call for, and every cell points at where it was printed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDocx, renderGbk, renderHtml } from '../src/generate/documents';
import { generateReport, rng, type SyntheticReport } from '../src/generate/model';
import { LAYOUTS, renderReport, type LayoutName } from '../src/generate/render';
import { TARGETS, variantsFor, type Target, type VariantName } from '../src/generate/variants';
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
/** Seeds, and a random set of the variants that apply to the target. */
const withVariants = (target: Target, but: VariantName[] = []) =>
  fc.tuple(seeds, fc.subarray(variantsFor(target).filter((v) => !but.includes(v))));

describe('round trip: generate → render → parse', () => {
  for (const layout of LAYOUTS) {
    it(`layout ${layout}: same cells, metadata and findings over random reports and variants`, () => {
      fc.assert(
        fc.property(withVariants(layout), ([[seed, blanks, violate], variants]) => {
          const random = rng(seed);
          // Space-separated text cannot show where a blank cell stood, unless blanks print as a dash: blanks only
          // where positions survive.
          const positional = layout !== 'spaces' || variants.includes('dash_blanks');
          const report = generateReport(random, { blanks: blanks && positional, violate, variants });
          const text = renderReport(report, layout, random);
          const parsed = parseReport(text, `synthetic-${seed}.txt`);
          expectSame(parsed, report);
          expectProvenance(parsed, toLines(text));
        }),
        { numRuns: 150, seed: 20261126 },
      );
    });
  }

  // GBK text in a layout told by the seed: GBK has no non-breaking space and no minus sign (−), so the variants
  // printing them are left out there.
  const gbkLayout = (seed: number): LayoutName => POSITIONAL[seed % POSITIONAL.length];
  const documents = {
    'a saved web page (rowspan/colspan, page chrome)': {
      target: (): Target => 'html',
      render: async (r: SyntheticReport, random: () => number) => Buffer.from(renderHtml(r, random)),
      kind: 'html',
      runs: 100,
    },
    'a Word .docx file (merged cells)': {
      target: (): Target => 'docx',
      render: (r: SyntheticReport, random: () => number) => renderDocx(r, random),
      kind: 'docx',
      runs: 40,
    },
    'GBK text, in every layout but spaces': {
      target: gbkLayout,
      render: async (r: SyntheticReport, random: () => number, seed: number) => renderGbk(r, gbkLayout(seed), random),
      kind: 'text',
      runs: 100,
    },
  } as const;
  for (const [name, doc] of Object.entries(documents)) {
    it(`${name}: same cells, metadata and findings, with grid positions, over variants`, async () => {
      const seedsAndVariants = seeds.chain(([seed, blanks, violate]) =>
        fc
          .subarray(
            variantsFor(doc.target(seed)).filter(
              (v) => doc.kind !== 'text' || (v !== 'nbsp_padding' && v !== 'signed_minus'),
            ),
          )
          .map((variants) => [seed, blanks, violate, variants] as const),
      );
      await fc.assert(
        fc.asyncProperty(seedsAndVariants, async ([seed, blanks, violate, variants]) => {
          const random = rng(seed);
          const report = generateReport(random, { blanks, violate, variants });
          const bytes = await doc.render(report, random, seed);
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

  // Each variant alone, in every target it applies to (the properties above combine them at random).
  const render = async (r: SyntheticReport, target: Target, random: () => number) =>
    target === 'html'
      ? Buffer.from(renderHtml(r, random))
      : target === 'docx'
        ? renderDocx(r, random)
        : Buffer.from(renderReport(r, target, random));
  describe.each(TARGETS.map((t) => [t]))('every variant that applies to %s, alone', (target) => {
    it.each(variantsFor(target).map((v) => [v]))('%s', async (variant) => {
      // The first seed whose report the variant applies to (some need the 2021 table, or no blank).
      for (let seed = 1; ; seed++) {
        const random = rng(seed);
        const report = generateReport(random, { variants: [variant], blanks: variant === 'dash_blanks' });
        if (!report.variants.includes(variant)) continue;
        const bytes = await render(report, target, random);
        expectSame(await parseFile(bytes, `synthetic-${seed}`), report);
        return;
      }
    });
  });

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
