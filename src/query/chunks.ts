/**
 * Large aggregation answers, bounded or in chunks. An aggregation's buckets come from one ordered statement
 * (analytics.ts `ordered`): asked through GraphQL, where the whole answer is built before it is sent, it reads at most
 * one row past its bound and refuses the answer past it. An export, or a GraphQL request over HTTP asking for that one
 * field (server/stream.ts), then asks for the same field once per chunk, each execution reading the rows of its chunk
 * only (LIMIT/OFFSET over the same total order), so a 100,000-bucket answer is never whole in memory.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export const BUCKET_LIMITS = {
  /** Rows (buckets, or groups of buckets for dataQuality) one GraphQL answer may hold whole; past it, in chunks. */
  rows: 50_000,
  /** Rows of an aggregation a chunked answer (an export, a streamed GraphQL answer) holds at a time. */
  chunk: 10_000,
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

/** The answers of `answer` (an execution of one aggregation field), chunk after chunk until the last. */
export async function* chunked<T>(answer: () => Promise<T>): AsyncGenerator<T> {
  for (let offset = 0; ; offset += BUCKET_LIMITS.chunk) {
    const chunk: Chunk = { offset, size: BUCKET_LIMITS.chunk };
    yield await inChunk(chunk, answer);
    if (chunk.rows === undefined || chunk.rows < chunk.size) return;
  }
}

/** What a request over HTTP (run in `watchSize`) can do with a large answer, and what its execution did. */
interface SizeWatch {
  /** It asks for one field alone: an aggregation refused for its size is then answered chunk by chunk. */
  streamable: boolean;
  /** It is answered whole only up to BUCKET_LIMITS.chunk (its cost was admitted for one chunk). */
  inChunks: boolean;
  /** An aggregation refused its answer for its size. */
  refused: boolean;
}

const watches = new AsyncLocalStorage<SizeWatch>();

/** Runs `f` (a GraphQL request over HTTP), telling what it could do and did with a large answer. */
export async function watchSize<T>(f: () => Promise<T>): Promise<SizeWatch & { result: T }> {
  const watch: SizeWatch = { streamable: false, inChunks: false, refused: false };
  const result = await watches.run(watch, f);
  return { ...watch, result };
}

/** Marks the current request as one that can be streamed; false outside `watchSize`. */
export function markStreamable(): boolean {
  const watch = watches.getStore();
  if (watch) watch.streamable = true;
  return watch !== undefined;
}

/** Marks the current (streamable) request as answered whole only up to a chunk. */
export function answerInChunks(): void {
  const watch = watches.getStore();
  if (watch) watch.inChunks = true;
}

/**
 * The most buckets the current execution may answer whole: BUCKET_LIMITS.rows, or a chunk where its cost was
 * admitted for one chunk only (so that no more is ever held).
 */
export const wholeAnswerBound = (): number => (watches.getStore()?.inChunks ? BUCKET_LIMITS.chunk : BUCKET_LIMITS.rows);

/** Called where an answer is refused for its size. */
export function refusedForSize(): void {
  const watch = watches.getStore();
  if (watch) watch.refused = true;
}
