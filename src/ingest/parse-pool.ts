/**
 * Parsing in worker threads (piscina): on a machine with N cores, N−1 workers parse while the main thread stores.
 * Only from the compiled build: the worker is dist/ingest/parse-worker.js. From TypeScript sources (tests) parsing
 * stays in this thread.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import type { ParsedReport } from '../parser/types';
import { parseHere, type Parser } from './load';
import type { ParseTask } from './parse-worker';

const WORKER = path.join(__dirname, 'parse-worker.js');

export interface ParserHandle {
  parse: Parser;
  close(): Promise<void>;
}

export function parserPool(threads = Math.max(1, os.availableParallelism() - 1)): ParserHandle {
  if (!existsSync(WORKER) || threads < 1) return { parse: parseHere, close: async () => undefined };
  const pool = new Piscina<ParseTask, ParsedReport>({
    filename: WORKER,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 8,
  });
  return {
    parse: (bytes, source, charset) => pool.run({ bytes, source, charset }),
    close: () => pool.destroy(),
  };
}
