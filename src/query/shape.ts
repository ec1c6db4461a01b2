/**
 * The shape of the data — how many reports, agencies, years, divisions and levels, and the longest narrative section —
 * counted cheaply (from the report table's indexes, one pass over agencies), so that the cost of a query can be estimated
 * from the data it would read instead of from a guess.
 */
import type { DataSource } from 'typeorm';
import { orderedKeys } from '../format';
import { num } from './sql';

export interface DataShape {
  reports: number;
  agencies: number;
  years: number;
  provinces: number;
  cities: number;
  counties: number;
  levels: number;
  /** Applicant columns (the APPLICANT grouping). */
  applicants: number;
  /** The longest narrative section (overview, problems, other), in bytes. */
  longestSection: number;
}

export async function dataShape(ds: DataSource): Promise<DataShape> {
  // One subquery per count, so that each reads its own index (one statement over the table would scan it), and
  // never the narratives: section_bytes is measured at ingest.
  const [r] = (await ds.query(
    'SELECT (SELECT COUNT(*) FROM report) AS reports, (SELECT COUNT(DISTINCT agency_id) FROM report) AS agencies, (SELECT COUNT(DISTINCT year) FROM report) AS years, (SELECT MAX(section_bytes) FROM report) AS longest',
  )) as Record<string, unknown>[];
  const [a] = (await ds.query(
    'SELECT COUNT(DISTINCT province_code) AS provinces, COUNT(DISTINCT city_code) AS cities, COUNT(DISTINCT county_code) AS counties, COUNT(DISTINCT level) AS levels FROM agency',
  )) as Record<string, unknown>[];
  return {
    reports: num(r.reports) ?? 0,
    agencies: num(r.agencies) ?? 0,
    years: num(r.years) ?? 0,
    provinces: num(a.provinces) ?? 0,
    cities: num(a.cities) ?? 0,
    counties: num(a.counties) ?? 0,
    levels: num(a.levels) ?? 0,
    applicants: orderedKeys('applications', 'column').filter((k) => k !== 'total').length,
    longestSection: num(r.longest) ?? 0,
  };
}
