/**
 * Layout (c) on real PDF text: test/fixtures/hongze-district-2023.pdftotext-layout.txt is `pdftotext -layout` (poppler)
 * of ../shared/samples/hongze-district-2023.pdf. Values checked against the rendered PDF pages (pdftoppm).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '../src/ingest/parse';
import { allRows, expectTable, findingSummary, zeros } from './helpers/tables';

const r = parseText(readFileSync('test/fixtures/hongze-district-2023.pdftotext-layout.txt'), 'hongze.txt');
const row = (...v: number[]) => [...v.slice(0, 1), 0, 0, 0, 0, 0, ...v.slice(1)];

describe('洪泽区人民政府 2023 as PDF text: wrapped labels, page breaks, a vertical category label', () => {
  it('reads the metadata', () => {
    expect(r.agency).toEqual({ name: '洪泽区人民政府', fullName: '洪泽区人民政府', region: '洪泽区', level: 'county' });
    expect([r.year, r.format]).toEqual([2023, '2021']);
  });

  it('reads the proactive table', () => {
    expectTable(r, 'proactive', {
      regulations: [0, 0, 0],
      normative_documents: [0, 5, 5],
      licensing: [550],
      penalties: [4119],
      enforcement: [195],
      fees: [7730.28],
    });
  });

  it('reads the applications table across the page break, （六）其他处理 as one row', () => {
    expectTable(r, 'applications', {
      ...allRows('2021', 'applications', zeros, ['other_no_correction', 'other_no_fee', 'other_other']),
      received_new: row(21, 21),
      partially_granted: row(4, 4),
      denied_state_secret: row(1, 1),
      denied_process_info: row(1, 1),
      denied_enforcement_file: row(1, 1),
      unable_not_held: row(10, 10),
      unable_needs_creation: row(3, 3),
      not_processed_petition: row(1, 1),
      total_handled: row(21, 21),
    });
  });

  it('reads the review/litigation line and reports its totals that do not add up', () => {
    expectTable(r, 'review_litigation', { review: [10, 1, 0, 0, 0], litigation_direct: zeros(5), litigation_after_review: [5, 0, 0, 0, 0] });
    expect(r.findings.filter((f) => f.code === 'rule_violation').map((f) => [f.row, f.expected, f.actual])).toEqual([
      ['review', 0, 11],
      ['litigation_after_review', 0, 5],
    ]);
    expect(findingSummary(r)).toEqual(['rule_violation@149 review_litigation/review', 'rule_violation@149 review_litigation/litigation_after_review']);
  });
});
