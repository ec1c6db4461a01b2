/** What the server needs to offer a report's original file: where it was read from and what it was. */
import type { DataSource } from 'typeorm';
import { Report } from '../model/entities';

export interface StoredOriginal {
  /** Absolute path at ingest; null when it was not recorded. */
  path: string | null;
  /** The file name as shown to people. */
  file: string;
  sha256: string;
  kind: string;
  encoding: string | null;
}

export async function originalOf(ds: DataSource, reportId: number): Promise<StoredOriginal | undefined> {
  const r = await ds.getRepository(Report).findOne({
    where: { id: reportId },
    select: { id: true, sourcePath: true, sourceFile: true, sha256: true, sourceKind: true, encoding: true },
  });
  return r
    ? { path: r.sourcePath, file: r.sourceFile, sha256: r.sha256, kind: r.sourceKind, encoding: r.encoding }
    : undefined;
}
