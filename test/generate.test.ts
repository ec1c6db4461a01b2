/** The generator's own promises: a corpus describes the database it ingests into. */
import { describe, expect, it } from 'vitest';
import { etaText } from '../src/cli/main';
import { panelAgencies, panelAgency } from '../src/generate/agencies';
import { samples } from '../src/generate/corpus';

describe('gongkai generate', () => {
  it('draws distinct agency-years, so that ingesting a corpus replaces nothing (3,000 reports)', () => {
    // An agency is its division and organ (README, "Agencies"), whatever name a report prints.
    const ids = [...samples({ reports: 3000, seed: 1 })].map(({ report: { agency: a, year } }) =>
      [a.divisionCode, a.organ.kind, a.organ.name, year].join('|'),
    );
    expect(new Set(ids).size).toBe(3000);
  });

  it('numbers distinct agencies for a panel, as many as `npm run bench` at 100,000 reports needs and more', () => {
    // Agency k of a panel: two numbers were one agency when an organ printed under two names (发改局, 发展和改革局)
    // came up twice, and a 100,000-report panel (20,000 agencies) could not be drawn.
    const n = panelAgencies();
    expect(n).toBeGreaterThan(100_000);
    const ids = new Set<string>();
    for (let k = 0; k < n; k++) {
      const a = panelAgency(k);
      ids.add([a.divisionCode, a.organ.kind, a.organ.name].join('|'));
    }
    expect(ids.size).toBe(n);
    expect([...samples({ reports: 500, seed: 1, panelYears: 5 })].at(-1)?.report.agency.divisionCode).toBe(
      panelAgency(99).divisionCode,
    );
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
