/**
 * Parsing in worker threads (piscina): on a machine with N cores, N−1 workers parse while the main thread stores.
 * Only from the compiled build: the worker is dist/ingest/parse-worker.js. From TypeScript sources (tests) parsing
 * stays in this thread.
 * A file that takes a parser thread down — out of memory, too long, a crash — takes down that thread only: one file
 * at a time per thread, so the file that did it is the one named, and the thread is replaced.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import type { ParsedReport } from '../parser/types';
import { parseHere, type Parser } from './load';
import type { ParseTask } from './parse-worker';

const WORKER = path.join(__dirname, 'parse-worker.js');

/** What parsing one file may cost a parser thread: far above any report (milliseconds, tens of MB), far below the machine. */
export const POOL_LIMITS = {
  /** Heap of one parser thread: past it the thread dies, not the process. */
  heapMb: 2048,
  /** Time to parse one file: a report takes milliseconds, the largest PDF seconds. */
  parseMs: 120_000,
};

export interface ParserHandle {
  parse: Parser;
  close(): Promise<void>;
}

export interface PoolOptions {
  /** Another worker script (tests: one that crashes). */
  worker?: string;
  /** Lower limits (tests). */
  limits?: Partial<typeof POOL_LIMITS>;
}

/** Why a parser thread gave no report, as the ingest reports it (it names the file). */
function threadFailure(e: unknown, limits: typeof POOL_LIMITS): Error {
  const err = e as NodeJS.ErrnoException;
  if (err.name === 'AbortError') return new Error(`took longer than ${limits.parseMs / 1000} s to parse; not read`);
  if (err.code === 'ERR_WORKER_OUT_OF_MEMORY')
    return new Error(`the parser ran out of memory (${limits.heapMb} MB a thread); not read`);
  if (/^worker exited/.test(err.message ?? ''))
    return new Error(`the parser's thread stopped (${err.message}); not read`);
  return err instanceof Error ? err : new Error(String(e));
}

export function parserPool(threads = Math.max(1, os.availableParallelism() - 1), opts: PoolOptions = {}): ParserHandle {
  const worker = opts.worker ?? WORKER;
  if (!existsSync(worker) || threads < 1) return { parse: parseHere, close: async () => undefined };
  const limits = { ...POOL_LIMITS, ...opts.limits };
  const pool = new Piscina<ParseTask, ParsedReport>({
    filename: worker,
    minThreads: threads,
    maxThreads: threads,
    // One file at a time: a thread that dies takes no other file with it, and the file it dies on is the one named.
    concurrentTasksPerWorker: 1,
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb },
  });
  // A thread that dies is reported through its task; piscina also emits it here, where nobody else listens.
  pool.on('error', () => undefined);
  return {
    parse: async (bytes, source, charset) => {
      try {
        return await pool.run({ bytes, source, charset }, { signal: AbortSignal.timeout(limits.parseMs) });
      } catch (e) {
        throw threadFailure(e, limits);
      }
    },
    close: () => pool.destroy(),
  };
}
