/** A folder of synthetic reports and, beside them, what each should parse to (expected.jsonl). */
import { mkdir, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateReport, rng, type SyntheticReport } from './model';
import { LAYOUTS, renderReport, type LayoutName } from './render';
import { variantsFor, type VariantName } from './variants';

export interface CorpusOptions {
  reports: number;
  seed: number;
  /** Default: every layout in turn. */
  layout?: LayoutName;
  /** One report per agency and year over this many years (2019 on), agencies numbered in turn; default: random agencies and years. */
  panelYears?: number;
  /** Print reports in these ways, each in the layouts it applies to (variants.ts), a random half of them each. */
  variants?: readonly VariantName[];
}

export interface Sample {
  file: string;
  layout: LayoutName;
  report: SyntheticReport;
  text: string;
}

/** Lazily, so a benchmark can stream a large corpus without holding it. */
export function* samples(opts: CorpusOptions): Generator<Sample> {
  const random = rng(opts.seed);
  // One report per agency and year, as in a database: a second one would replace the first on ingest.
  const seen = new Set<string>();
  for (let i = 0; i < opts.reports; i++) {
    const layout = opts.layout ?? LAYOUTS[i % LAYOUTS.length];
    // Text from PDFs cannot show where a blank cell was, so blanks go only into layouts that keep positions.
    const panel = opts.panelYears
      ? { agency: Math.floor(i / opts.panelYears), year: 2019 + (i % opts.panelYears) }
      : undefined;
    // Each report prints a random half of the variants asked for (those of its layout): some exclude others.
    const variants = (opts.variants ?? []).filter((v) => variantsFor(layout).includes(v) && random() < 0.5);
    let report: SyntheticReport;
    for (let tries = 0; ; tries++) {
      report = generateReport(random, {
        // A blank shows in PDF text only as a dash.
        blanks: (layout !== 'spaces' || variants.includes('dash_blanks')) && random() < 0.3,
        violate: random() < 0.3,
        panel,
        variants,
      });
      // One agency is its division and organ, whatever name it prints (发改局 and 发展和改革局 are one).
      const { divisionCode, organ } = report.agency;
      const id = `${divisionCode}|${organ.kind}|${organ.name}:${report.year}`;
      if (!seen.has(id)) {
        seen.add(id);
        break;
      }
      if (tries >= 1000) throw new Error(`cannot draw ${opts.reports} distinct agency-years at random; use a panel`);
    }
    const file = `${String(i).padStart(6, '0')}-${layout}.txt`;
    yield { file, layout, report, text: renderReport(report, layout, random) };
  }
}

export async function writeCorpus(out: string, opts: CorpusOptions): Promise<number> {
  await mkdir(out, { recursive: true });
  // expected.jsonl is written line by line: a 100,000-report corpus does not fit in one string.
  const expected = await open(path.join(out, 'expected.jsonl'), 'w');
  let n = 0;
  try {
    for (const s of samples(opts)) {
      await writeFile(path.join(out, s.file), s.text);
      await expected.write(`${JSON.stringify({ file: s.file, layout: s.layout, report: s.report })}\n`);
      n++;
    }
  } finally {
    await expected.close();
  }
  return n;
}
