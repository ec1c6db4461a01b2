/** Reading a file: checked, read, hashed and parsed; everything but storing it. */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { megabytes } from '../parser/documents';
import { parseFile } from '../parser/parse';
import type { ParsedReport } from '../parser/types';
import type { FileResult, Origin } from './results';
import { unchanged } from './store';
import { displayPath, type FilePath } from './walk';

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

/** One open file: its status and positional reads, through a FileHandle or, for a small file, directly. */
interface Opened {
  stat(): Promise<Stats>;
  read(into: Buffer, offset: number, length: number, position: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * Files up to this size are read with synchronous calls: a report of tens of KB is read from the page cache in
 * microseconds, and the eight asynchronous calls a file takes (open, stat, reads, the check after parsing, close)
 * cost the ingest's main thread, its bottleneck, 0.1–0.4 ms a file in their promises and thread-pool hand-offs.
 * Larger files (PDFs of many MB) keep the thread free while they are read.
 */
const READ_AT_ONCE_BYTES = 1024 * 1024;

async function openFile(file: FilePath): Promise<Opened> {
  // O_NONBLOCK: opening a named pipe must not wait for a writer (it is then refused as not a regular file).
  const flags = constants.O_RDONLY | constants.O_NONBLOCK;
  const fd = openSync(file, flags);
  let size: number;
  try {
    size = fstatSync(fd).size;
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  if (size <= READ_AT_ONCE_BYTES)
    return {
      stat: async () => fstatSync(fd),
      read: async (into, offset, length, position) => readSync(fd, into, offset, length, position),
      close: async () => closeSync(fd),
    };
  closeSync(fd);
  const handle: FileHandle = await open(file, flags);
  return {
    stat: () => handle.stat(),
    read: async (into, offset, length, position) => (await handle.read(into, offset, length, position)).bytesRead,
    close: () => handle.close(),
  };
}

/** What a file held when it was read, and the descriptor it was read through (open until the file is checked again). */
interface Read {
  bytes: Buffer;
  handle: Opened;
}

/** A file's bytes, read once through one descriptor: a file replaced, pipe or link swapped after a check is never read. */
async function readWhole(file: FilePath, name: string): Promise<Read | FileResult> {
  let handle: Opened;
  try {
    handle = await openFile(file);
  } catch (e) {
    return failure(name, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    // Checked before reading: a named pipe would block the read forever, a huge file would fill memory.
    const s = await handle.stat();
    if (s.isDirectory()) throw failure(name, 'cannot read: a folder that cannot be listed');
    if (!s.isFile()) throw failure(name, 'not a regular file (a pipe, socket or device); not read');
    if (s.size > MAX_FILE_BYTES)
      throw failure(name, `too large: ${megabytes(s.size)} (files over ${megabytes(MAX_FILE_BYTES)} are not read)`);
    // One byte more than the file holds: a file that grows meanwhile is read as far as it goes, and then refused.
    const bytes = Buffer.alloc(s.size + 1);
    let got = 0;
    while (got < bytes.length) {
      const bytesRead = await handle.read(bytes, got, bytes.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { bytes: bytes.subarray(0, got), handle };
  } catch (e) {
    await handle.close();
    if ((e as FileResult).outcome === 'failed') return e as FileResult;
    return failure(name, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Reads the file again, a chunk at a time: does it still hold exactly these bytes? */
async function stillHolds({ bytes, handle }: Read): Promise<boolean> {
  if ((await handle.stat()).size !== bytes.length) return false;
  const chunk = Buffer.alloc(Math.min(VERIFY_CHUNK, bytes.length + 1));
  for (let at = 0; ; ) {
    const bytesRead = await handle.read(chunk, 0, chunk.length, at);
    if (bytesRead === 0) return at === bytes.length;
    if (at + bytesRead > bytes.length || !chunk.subarray(0, bytesRead).equals(bytes.subarray(at, at + bytesRead)))
      return false;
    at += bytesRead;
  }
}

const VERIFY_CHUNK = 1024 * 1024;

const CHANGED =
  'changed while it was being read (still being written?); not stored: ingest it again once it is complete';

/**
 * Reads, hashes and parses one file; everything but storing it. A downloaded file is named by its URL. The bytes
 * parsed are exactly the bytes hashed, read once; after parsing the file is compared with them again. A file
 * rewritten meanwhile (a download, an editor saving; file times are too coarse to tell) is refused by name, never
 * stored as a mix of two versions or a version cut short.
 */
export async function prepare(ds: DataSource, path: FilePath, parse: Parser, origin?: Origin): Promise<Prepared> {
  const file = origin?.url ?? displayPath(path);
  const read = await readWhole(path, file);
  if ('outcome' in read) return read;
  try {
    const sha256 = createHash('sha256').update(read.bytes).digest('hex');
    const same = await unchanged(ds, sha256);
    // Exactly the bytes of a report stored before: whole, whatever the file holds now.
    if (same !== undefined) return { file, outcome: 'unchanged', reportId: same, cells: 0, findings: 0 };
    let prepared: Prepared;
    try {
      prepared = { file, sha256, parsed: await parse(read.bytes, file, origin?.charset), origin };
    } catch (e) {
      // A ParseError names the file (and line) itself; anything else (a crash, a thread out of memory) is named here.
      const message = (e as Error).message ?? String(e);
      const error = message.startsWith(`${file}:`) ? message : `${file}: ${message}`;
      prepared = { file, outcome: 'failed', cells: 0, findings: 0, error };
    }
    // Checked after parsing, so a writer still at work has had the time to show.
    return (await stillHolds(read)) ? prepared : failure(file, CHANGED);
  } catch (e) {
    return failure(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    await read.handle.close();
  }
}
