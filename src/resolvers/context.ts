import type { DataSource } from 'typeorm';
import { type AnswerSize, answerSize } from '../query/chunks';
import { createLoaders, type Loaders } from '../query/loaders';

/** What every resolver gets: the database and this request's own batch loaders (never shared across requests). */
export interface Context {
  ds: DataSource;
  loaders: Loaders;
  /** What this execution may do with a large aggregation answer, and what it did (query/chunks.ts). */
  answer: AnswerSize;
  /** Ends the request's read snapshot (server/snapshot.ts), when it has one. */
  endSnapshot?: () => Promise<void>;
}

export const createContext = (ds: DataSource): Context => ({ ds, loaders: createLoaders(ds), answer: answerSize() });
