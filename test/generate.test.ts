/** The generator's own promises: a corpus describes the database it ingests into. */
import { describe, expect, it } from 'vitest';
import { etaText } from '../src/cli/main';
import { samples } from '../src/generate/corpus';

describe('gongkai generate', () => {
  it('draws distinct agency-years, so that ingesting a corpus replaces nothing (3,000 reports)', () => {
    // An agency is its division and organ (README, "Agencies"), whatever name a report prints.
    const ids = [...samples({ reports: 3000, seed: 1 })].map(({ report: { agency: a, year } }) =>
      [a.divisionCode, a.organ.kind, a.organ.name, year].join('|'),
    );
    expect(new Set(ids).size).toBe(3000);
  });
});

describe('ingest progress', () => {
  it('says the time left as people read it, and nothing before the first file', () => {
    expect(etaText(1000, 0, 0)).toBe('…');
    expect(etaText(3601, 1, 1)).toBe('1h00m');
    expect(etaText(300, 53, 1)).toBe('4m07s');
    expect(etaText(100, 88, 1)).toBe('12s');
  });
});
