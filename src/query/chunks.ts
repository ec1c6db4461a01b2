/**
 * Large aggregation answers, bounded or in chunks. An aggregation's buckets come from one ordered statement
 * (analytics.ts `ordered`): asked through GraphQL, where the whole answer is built before it is sent, it reads at most
 * one row past its bound and refuses the answer past it. An export, or a GraphQL request over HTTP asking for that one
 * field (server/stream.ts), then asks for the same field once per chunk, each execution reading the rows of its chunk
 * only (LIMIT/OFFSET over the same total order), so a 100,000-bucket answer is never whole in memory.
 *
 * What an execution may do, and did, travels on its GraphQL context (`AnswerSize`), not in an AsyncLocalStorage:
 * on Node 20 one of those, once run, slows every promise of the process two- to threefold.
 */

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

/** What one GraphQL execution may do with a large aggregation answer, and what it did. */
export interface AnswerSize {
  /** Answer only this chunk of the ordered rows (an export, a streamed answer). */
  chunk?: Chunk;
  /** Over HTTP, asking for one field alone: an answer refused for its size is then streamed (server/stream.ts). */
  streamable: boolean;
  /** Answered whole only up to a chunk: its cost was admitted for one chunk (server/apollo.ts). */
  inChunks: boolean;
  /** Set where an aggregation refused its answer for its size. */
  refused: boolean;
}

export const answerSize = (): AnswerSize => ({ streamable: false, inChunks: false, refused: false });

/** The most rows an execution may answer whole. */
export const wholeAnswerBound = (answer?: AnswerSize): number =>
  answer?.inChunks ? BUCKET_LIMITS.chunk : BUCKET_LIMITS.rows;

/** Chunks read on data that changed between them (PostgreSQL reads each at READ COMMITTED; SQLite one snapshot). */
export class DataChanged extends Error {}

/**
 * The answers of `answer` (an execution of one aggregation field, for a chunk), chunk after chunk until the last.
 * Where the data's `version` moves between chunks, an error instead: LIMIT/OFFSET over changed data would repeat or
 * skip buckets.
 */
export async function* chunked<T>(
  answer: (chunk: Chunk) => Promise<T>,
  version: () => Promise<string>,
): AsyncGenerator<T> {
  const first = await version();
  for (let offset = 0; ; offset += BUCKET_LIMITS.chunk) {
    if (offset > 0 && (await version()) !== first)
      throw new DataChanged(
        'the data changed while the answer was read in chunks (reports stored meanwhile); ask again',
      );
    const chunk: Chunk = { offset, size: BUCKET_LIMITS.chunk };
    yield await answer(chunk);
    if (chunk.rows === undefined || chunk.rows < chunk.size) return;
  }
}
