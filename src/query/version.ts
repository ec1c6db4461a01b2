/**
 * The data's version: what every ingest (a report stored, replaced or removed) and every change of agencies moves.
 * Exports send it as ETag and Last-Modified, so a BI tool polling a dataset downloads it again only when it changed.
 */
import type { DataSource } from 'typeorm';
import { num } from './sql';

export interface DataVersion {
  /** Opaque: equal versions mean equal data. */
  tag: string;
  /** When the newest report was stored (null: no report yet). */
  modified: Date | null;
}

export async function dataVersion(ds: DataSource): Promise<DataVersion> {
  const [row] = (await ds.query(
    'SELECT (SELECT COUNT(*) FROM report) AS reports, (SELECT MAX(id) FROM report) AS last_report, (SELECT MAX(ingested_at) FROM report) AS modified, (SELECT COUNT(*) FROM agency) AS agencies, (SELECT MAX(id) FROM agency) AS last_agency',
  )) as Record<string, unknown>[];
  const modified = row.modified ? new Date(String(row.modified)) : null;
  const parts = [row.reports, row.last_report, row.agencies, row.last_agency].map((v) => num(v) ?? 0);
  return { tag: `${parts.join('-')}-${modified?.getTime() ?? 0}`, modified };
}
