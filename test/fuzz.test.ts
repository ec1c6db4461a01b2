/**
 * Fuzzing the parser with thousands of mutations of the seeds and of generated reports (text, and web pages): lines
 * deleted, duplicated and swapped, cells split and merged, random Unicode, digits changed. The parser may refuse an
 * input, but only with its own ParseError; it never hangs; and whatever it returns keeps the invariants: keys from
 * FORMAT.md, values finite or null (counts whole, from 0 to 10¹²), every cell with a source line that holds it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../src/generate/documents';
import { generateReport, rng } from '../src/generate/model';
import { LAYOUTS, renderReport } from '../src/generate/render';
import { variantsFor } from '../src/generate/variants';
import { readDocument } from '../src/parser/documents';
import { FORMAT_KEYS, FORMATS, allRules, TABLE_KEYS } from '../src/format';
import { parseFile, parseReport } from '../src/parser/parse';
import { ParseError, squeeze, toLines, type Line } from '../src/parser/text';
import { FINDING_CODES, type ParsedReport } from '../src/parser/types';

const SEEDS = readdirSync('data/reports').map((f) => readFileSync(`data/reports/${f}`, 'utf8'));

/**
 * Far above any real parse (about a millisecond a report, BENCHMARKS.md): this catches a hang or catastrophic
 * backtracking, and says nothing about speed.
 */
const HANG_MS = 2000;

type Mutation = (lines: string[]) => string[];

const at = (lines: string[], i: number) => (lines.length === 0 ? 0 : i % lines.length);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map(
    (i): Mutation =>
      (ls) =>
        ls.filter((_, j) => j !== at(ls, i)),
  ),
  fc.nat().map(
    (i): Mutation =>
      (ls) =>
        ls.flatMap((l, j) => (j === at(ls, i) ? [l, l] : [l])),
  ),
  fc.tuple(fc.nat(), fc.nat()).map(
    ([i, k]): Mutation =>
      (ls) => {
        const out = [...ls];
        const [a, b] = [at(ls, i), at(ls, k)];
        [out[a], out[b]] = [out[b], out[a]];
        return out;
      },
  ),
  // A cell split in two (a tab or a line break inside it) or two cells merged (a tab or a line break taken out).
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('\t', '\n', ' ', '')).map(
    ([i, k, sep]): Mutation =>
      (ls) => {
        const out = [...ls];
        const l = out[at(ls, i)] ?? '';
        const p = l.length === 0 ? 0 : k % l.length;
        out[at(ls, i)] = sep === '' ? l.slice(0, p) + l.slice(p).replace(/[\t]/, '') : l.slice(0, p) + sep + l.slice(p);
        return out;
      },
  ),
  // One character taken out anywhere (a line break too: two lines become one).
  fc.nat().map(
    (k): Mutation =>
      (ls) => {
        const all = ls.join('\n');
        const p = all.length === 0 ? 0 : k % all.length;
        return (all.slice(0, p) + all.slice(p + 1)).split('\n');
      },
  ),
  fc.tuple(fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 40 })).map(
    ([i, k, s]): Mutation =>
      (ls) => {
        const out = [...ls];
        const l = out[at(ls, i)] ?? '';
        const p = l.length === 0 ? 0 : k % (l.length + 1);
        out[at(ls, i)] = l.slice(0, p) + s + l.slice(p);
        return out;
      },
  ),
  // A digit changed: to another digit, a full-width one, a letter, a sign or a unit.
  fc
    .tuple(
      fc.nat(),
      fc.nat(),
      fc.constantFrom(
        '0',
        '7',
        '９',
        'O',
        'l',
        '-',
        '−',
        '万元',
        '.',
        ',',
        '，',
        '3.5',
        '1,2,3,4',
        '1.234,5',
        '1e308',
        '99999999999999999999',
        '9'.repeat(309),
      ),
    )
    .map(
      ([i, k, d]): Mutation =>
        (ls) => {
          const out = [...ls];
          const idx = at(ls, i);
          const l = out[idx] ?? '';
          const digits = [...l.matchAll(/\d/g)];
          if (digits.length === 0) return out;
          const m = digits[k % digits.length];
          out[idx] = l.slice(0, m.index) + d + l.slice(m.index! + 1);
          return out;
        },
    ),
);

/** The parse, or its ParseError; anything else thrown fails the property. Time is checked against HANG_MS. */
async function attempt(run: () => ParsedReport | Promise<ParsedReport>): Promise<ParsedReport | null> {
  const started = performance.now();
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    expect(e.message.length).toBeGreaterThan(0);
    return null;
  } finally {
    expect(performance.now() - started).toBeLessThan(HANG_MS);
  }
}

const RULE_KEYS = new Set(allRules().map((r) => r.key));

/** Every way the report breaks the invariants (plain checks: this runs for every cell of thousands of reports). */
function violations(r: ParsedReport, lines: Line[]): string[] {
  const out: string[] = [];
  const fail = (what: string) => out.push(what);
  if (!FORMAT_KEYS.includes(r.format)) fail(`format ${r.format}`);
  if (!Number.isInteger(r.year)) fail(`year ${r.year}`);
  const seen = new Set<string>();
  for (const c of r.cells) {
    const key = `${c.table}/${c.row}/${c.column}`;
    const row = TABLE_KEYS.includes(c.table)
      ? FORMATS[r.format].tables[c.table].rows.find((x) => x.key === c.row)
      : undefined;
    if (!row?.columns.includes(c.column)) fail(`${key} is not a cell of format ${r.format}`);
    if (!(c.value === null || Number.isFinite(c.value))) fail(`${key} = ${c.value}`);
    const def = TABLE_KEYS.includes(c.table)
      ? FORMATS[r.format].tables[c.table].columns.find((x) => x.key === c.column)
      : undefined;
    // Counts are whole numbers from 0 to 10¹² (signed changes within ±10¹²), amounts within ±10¹² 万元.
    if (c.value !== null && def && !def.money && !Number.isInteger(c.value)) fail(`${key} = ${c.value}, not a count`);
    if (c.value !== null && def && !def.signed && c.value < 0) fail(`${key} = ${c.value} < 0`);
    if (c.value !== null && Math.abs(c.value) > 1e12) fail(`${key} = ${c.value} out of range`);
    if (seen.has(key)) fail(`${key} twice`);
    seen.add(key);
    if (!(Number.isInteger(c.line) && c.line >= 1 && c.line <= lines.length)) {
      fail(`${key} on line ${c.line} of ${lines.length}`);
      continue;
    }
    // A cell continued over lines (one cell per line) starts on its line and reads on below.
    const [first, ...rest] = c.raw.split('\n');
    if (!lines[c.line - 1].raw.includes(first)) fail(`${key}: line ${c.line} does not hold "${first}"`);
    if (
      rest.length > 0 &&
      !squeeze(
        lines
          .slice(c.line - 1)
          .map((l) => l.raw)
          .join(''),
      ).includes(squeeze(c.raw))
    )
      fail(`${key}: "${c.raw}" not below line ${c.line}`);
  }
  for (const f of r.findings) {
    if (FINDING_CODES[f.code]?.severity !== f.severity) fail(`finding ${f.code} ${f.severity}`);
    if (f.rule && !RULE_KEYS.has(f.rule) && f.rule !== 'carry_continuity') fail(`rule ${f.rule}`);
    if (f.line !== null && !(f.line >= 1 && f.line <= lines.length)) fail(`finding ${f.code} on line ${f.line}`);
  }
  return out;
}

const base = fc.oneof(
  fc.constantFrom(...SEEDS),
  fc.tuple(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(...LAYOUTS)).map(([seed, layout]) => {
    const random = rng(seed);
    // Printed in some of the ways real agencies print reports (src/generate/variants.ts).
    const variants = variantsFor(layout).filter(() => random() < 0.3);
    return renderReport(generateReport(random, { blanks: layout !== 'spaces', variants }), layout, random);
  }),
);

describe('fuzzing the parser', () => {
  it('text: 3,000 mutated seeds and generated reports give a report that keeps the invariants, or a ParseError', async () => {
    let reports = 0;
    await fc.assert(
      fc.asyncProperty(base, fc.array(mutation, { minLength: 1, maxLength: 8 }), async (text, mutations) => {
        const mutated = mutations.reduce((ls, m) => m(ls), text.split('\n')).join('\n');
        const r = await attempt(() => parseReport(mutated, 'fuzz.txt'));
        if (r) expect(violations(r, toLines(mutated))).toEqual([]);
        if (r) reports++;
      }),
      { numRuns: 3000, seed: 20261126 },
    );
    // Most mutants still read as reports: the invariants were checked on them, not skipped over errors.
    expect(reports).toBeGreaterThan(2000);
  });

  it('bytes: 1,000 mutated files, also as web pages and in broken encodings, through the whole document path', async () => {
    let reports = 0;
    const page = fc.integer({ min: 1, max: 2 ** 31 - 1 }).map((seed) => {
      const random = rng(seed);
      return renderHtml(generateReport(random, { blanks: true }), random);
    });
    const bytesOf = fc
      .tuple(
        fc.oneof(base, page),
        fc.array(mutation, { maxLength: 6 }),
        fc.constantFrom('utf8', 'gbk', 'cut'),
        fc.nat(),
      )
      .map(([text, mutations, how, cut]) => {
        const mutated = mutations.reduce((ls, m) => m(ls), text.split('\n')).join('\n');
        if (how === 'gbk') return iconv.encode(mutated, 'gbk');
        const bytes = Buffer.from(mutated, 'utf8');
        // Cut off anywhere, in the middle of a table or of a character.
        return how === 'cut' ? bytes.subarray(0, cut % (bytes.length + 1)) : bytes;
      });
    await fc.assert(
      fc.asyncProperty(bytesOf, async (bytes) => {
        const r = await attempt(() => parseFile(bytes, 'fuzz.bin'));
        if (r) expect(violations(r, (await readDocument(bytes, 'again')).lines)).toEqual([]);
        if (r) reports++;
      }),
      { numRuns: 1000, seed: 20261126 },
    );
    expect(reports).toBeGreaterThan(500);
  });

  it('long pathological lines, where a backtracking regex would blow up, stay under the hang bound', async () => {
    const seed = SEEDS[0].split('\n');
    const at = seed.findIndex((l) => l.includes('本机关不掌握'));
    const long = 100_000;
    for (const bad of [
      '0 '.repeat(long) + 'x',
      '1.'.repeat(long) + '元x',
      ' '.repeat(long) + '年',
      '\t'.repeat(long) + '0',
      '第二十条第（一）项'.repeat(long / 10),
      '-'.repeat(long) + '0',
      '（'.repeat(long),
    ]) {
      const lines = [...seed];
      lines.splice(at, 0, bad);
      lines.splice(1, 0, bad);
      const r = await attempt(() => parseReport(lines.join('\n'), 'long.txt'));
      if (r) expect(violations(r, toLines(lines.join('\n')))).toEqual([]);
    }
  });

  it('random bytes never crash the document path', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 4096 }),
        fc.constantFrom('%PDF-1.4\n', 'PK\u0003\u0004word/document.xml', '<html><table>', ''),
        async (noise, head) => {
          await attempt(() => parseFile(Buffer.concat([Buffer.from(head, 'latin1'), noise]), 'noise.bin'));
        },
      ),
      { numRuns: 500, seed: 20261126 },
    );
  });
});
