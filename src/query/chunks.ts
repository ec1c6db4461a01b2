/**
 * Large aggregation answers, bounded or in chunks. An aggregation's buckets come from one ordered statement
 * (analytics.ts `ordered`): asked through GraphQL, where the whole answer is built before it is sent, it reads at most
 * BUCKET_LIMITS.rows + 1 rows and refuses the answer past the bound, pointing to the export; an export asks for the
 * same field once per chunk, each execution reading the rows of its chunk only (LIMIT/OFFSET over the same total
 * order), so a 100,000-bucket file is never whole in memory.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export const BUCKET_LIMITS = {
  /** Rows (buckets, or groups of buckets for dataQuality) one GraphQL answer may hold; past it, an error. */
  rows: 50_000,
};

/** One chunk of an ordered answer; `rows` is set to the rows it read (fewer than `size`: the last chunk). */
export interface Chunk {
  offset: number;
  size: number;
  rows?: number;
}

const current = new AsyncLocalStorage<Chunk>();

/** Runs `f` (a GraphQL execution of an aggregation) answering only the rows of `chunk`. */
export const inChunk = <T>(chunk: Chunk, f: () => Promise<T>): Promise<T> => current.run(chunk, f);

/** The chunk the current execution answers, if it answers one. */
export const currentChunk = (): Chunk | undefined => current.getStore();
