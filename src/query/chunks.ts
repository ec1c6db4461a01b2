/**
 * Large aggregation answers, bounded or in chunks. An aggregation's buckets come from one ordered statement
 * (analytics.ts `ordered`): asked through GraphQL, where the whole answer is built before it is sent, it reads at most
 * one row past its bound and refuses the answer past it. An export, or a GraphQL request over HTTP asking for that one
 * field (server/stream.ts), then asks for the same field once per chunk, each execution reading the rows of its chunk
 * only, so a 100,000-bucket answer is never whole in memory: read on from the statement the first chunk opened as a
 * cursor (`Reading`), or where none can be held, LIMIT/OFFSET over the same total order.
 *
 * What an execution may do, and did, travels on its GraphQL context (`AnswerSize`), not in an AsyncLocalStorage:
 * on Node 20 one of those, once run, slows every promise of the process two- to threefold.
 */
import type { DataSource } from 'typeorm';
import { openCursor, type RowCursor } from '../model/cursor';

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
  /** The answer's statement, read on from chunk to chunk where the database holds it open. */
  reading?: Reading;
}

/**
 * The one statement of a chunked answer, opened as a cursor (model/cursor.ts) by its first chunk and read on by the
 * next: computed once instead of once per chunk. Where no cursor can be held, or a chunk asks for other rows than
 * those next (another statement, another offset), none: that chunk runs its own with LIMIT/OFFSET.
 */
export class Reading {
  private open?: { sql: string; cursor: RowCursor | undefined; read: number };

  /** The rows [offset, offset + size) of `sql` over `ds`, or undefined: run it for them. */
  async rows(
    ds: DataSource,
    sql: string,
    params: unknown[],
    offset: number,
    size: number,
  ): Promise<Record<string, unknown>[] | undefined> {
    if (!this.open && offset === 0) this.open = { sql, cursor: await openCursor(ds, sql, params), read: 0 };
    const open = this.open;
    if (!open?.cursor || open.sql !== sql || open.read !== offset) return undefined;
    const rows = await open.cursor.read(size);
    open.read += rows.length;
    return rows;
  }

  async close(): Promise<void> {
    await this.open?.cursor?.close();
  }
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
  const reading = new Reading();
  try {
    for (let offset = 0; ; offset += BUCKET_LIMITS.chunk) {
      if (offset > 0 && (await version()) !== first)
        throw new DataChanged(
          'the data changed while the answer was read in chunks (reports stored meanwhile); ask again',
        );
      const chunk: Chunk = { offset, size: BUCKET_LIMITS.chunk, reading };
      yield await answer(chunk);
      if (chunk.rows === undefined || chunk.rows < chunk.size) return;
    }
  } finally {
    // Also when the reader stops early (a client gone, an error): the cursor holds a connection or a snapshot.
    await reading.close();
  }
}
