/** Reading a file: checked, read, hashed and parsed; everything but storing it. */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { megabytes } from '../parser/documents';
import { parseFile } from '../parser/parse';
import type { ParsedReport } from '../parser/types';
import type { FileResult, Origin } from './results';
import { unchanged } from './store';

/**
 * Parses a report file's bytes: in this thread, or in a pool of worker threads (see parse-pool.ts). `charset`: the
 * one a server sent with a downloaded page.
 */
export type Parser = (bytes: Buffer, source: string, charset?: string) => Promise<ParsedReport>;

export const parseHere: Parser = async (bytes, source, charset) => parseFile(bytes, source, { charset });

export type Prepared = FileResult | { file: string; sha256: string; parsed: ParsedReport; origin?: Origin };

/** Files larger than this are not read at all: no report is this large, and reading one would only fill memory. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

export const failure = (file: string, error: string): FileResult => ({
  file,
  outcome: 'failed',
  cells: 0,
  findings: 0,
  error: `${file}: ${error}`,
});

/** Reads, hashes and parses one file; everything but storing it. A downloaded file is named by its URL. */
export async function prepare(ds: DataSource, path: string, parse: Parser, origin?: Origin): Promise<Prepared> {
  const file = origin?.url ?? path;
  let bytes: Buffer;
  try {
    // Checked before reading: a named pipe would block the read forever, a huge file would fill memory.
    const s = await stat(path);
    if (s.isDirectory()) return failure(file, 'cannot read: a folder that cannot be listed');
    if (!s.isFile()) return failure(file, 'not a regular file (a pipe, socket or device); not read');
    if (s.size > MAX_FILE_BYTES)
      return failure(file, `too large: ${megabytes(s.size)} (files over ${megabytes(MAX_FILE_BYTES)} are not read)`);
    bytes = await readFile(path);
  } catch (e) {
    return failure(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const same = await unchanged(ds, sha256);
  if (same !== undefined) return { file, outcome: 'unchanged', reportId: same, cells: 0, findings: 0 };
  try {
    return { file, sha256, parsed: await parse(bytes, file, origin?.charset), origin };
  } catch (e) {
    return { file, outcome: 'failed', cells: 0, findings: 0, error: (e as Error).message };
  }
}
