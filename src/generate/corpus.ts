/** A folder of synthetic reports and, beside them, what each should parse to (expected.jsonl). */
import { mkdir, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateReport, rng, type GenerateOptions, type SyntheticReport } from './model';
import { LAYOUTS, renderReport, type LayoutName } from './render';
import { variantsFor, type VariantName } from './variants';

export interface CorpusOptions {
  reports: number;
  seed: number;
  /** Default: every layout in turn. */
  layout?: LayoutName;
  /** One report per agency and year over this many years (2019 on), agencies numbered in turn; default: random agencies and years. */
  panelYears?: number;
  /**
   * Plant the faults the compliance scorecard finds (PLANT_RATES): late and missing dates, narratives copied from
   * the year before (panels) or from another agency's report of the same year, tables copied from the year before,
   * narrative figures off the table, an empty section 五, stock_flow breaks. Each planted fault is recorded on the
   * report that carries it (expected.jsonl).
   */
  plant?: boolean;
  /** Print reports in these ways, each in the layouts it applies to (variants.ts), a random half of them each. */
  variants?: readonly VariantName[];
}

/** How often each fault is planted, per report (those needing the year before: per report that has one). */
export const PLANT_RATES = {
  late: 0.05,
  noDate: 0.03,
  copyPrevious: 0.05,
  copySameYear: 0.03,
  copyTables: 0.04,
  proseMismatch: 0.04,
  emptyProblems: 0.03,
  breakStockFlow: 0.04,
};

/** Reports of the same year kept as sources for same-year copies. */
const SOURCES_PER_YEAR = 20;

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
  let last: { report: SyntheticReport; file: string } | undefined;
  const byYear = new Map<number, { report: SyntheticReport; file: string }[]>();
  for (let i = 0; i < opts.reports; i++) {
    const layout = opts.layout ?? LAYOUTS[i % LAYOUTS.length];
    // Text from PDFs cannot show where a blank cell was, so blanks go only into layouts that keep positions.
    const panel = opts.panelYears
      ? { agency: Math.floor(i / opts.panelYears), year: 2019 + (i % opts.panelYears) }
      : undefined;
    // In a panel, the agency's report of the year before is the one just drawn.
    const previous = panel && panel.year > 2019 && last ? last : undefined;
    // Each report prints a random half of the variants asked for (those of its layout): some exclude others.
    const variants = (opts.variants ?? []).filter((v) => variantsFor(layout).includes(v) && random() < 0.5);
    let report: SyntheticReport;
    for (let tries = 0; ; tries++) {
      report = generateReport(random, {
        // A blank shows in PDF text only as a dash.
        blanks: (layout !== 'spaces' || variants.includes('dash_blanks')) && random() < 0.3,
        violate: random() < 0.3,
        panel,
        previous: previous?.report,
        plant: opts.plant ? plants(random, previous, panel?.year, byYear) : undefined,
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
    last = { report, file };
    const sources = byYear.get(report.year) ?? [];
    sources.push(last);
    if (sources.length > SOURCES_PER_YEAR) sources.shift();
    byYear.set(report.year, sources);
    yield { file, layout, report, text: renderReport(report, layout, random) };
  }
}

/** The faults to plant in the next report, drawn at PLANT_RATES. */
function plants(
  random: () => number,
  previous: { report: SyntheticReport; file: string } | undefined,
  year: number | undefined,
  byYear: Map<number, { report: SyntheticReport; file: string }[]>,
): GenerateOptions['plant'] {
  const r = PLANT_RATES;
  const at = (rate: number) => random() < rate;
  const plant: NonNullable<GenerateOptions['plant']> = {
    late: at(r.late),
    proseMismatch: at(r.proseMismatch),
    emptyProblems: at(r.emptyProblems),
  };
  if (!plant.late) plant.noDate = at(r.noDate);
  if (previous) {
    plant.copyTables = at(r.copyTables);
    plant.breakStockFlow = at(r.breakStockFlow);
    if (at(r.copyPrevious)) plant.copyNarrativeOf = { ...previous, kind: 'previous_year' };
  }
  // Another agency's report of the same year (a panel draws its years; random corpora draw them in generateReport).
  const sources = year === undefined ? [] : (byYear.get(year) ?? []);
  if (!plant.copyNarrativeOf && sources.length > 0 && at(r.copySameYear)) {
    const source = sources[Math.floor(random() * sources.length)];
    plant.copyNarrativeOf = { ...source, kind: 'same_year' };
  }
  return plant;
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
