import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from '../query/loaders';

/** What every resolver gets: the database and this request's own batch loaders (never shared across requests). */
export interface Context {
  ds: DataSource;
  loaders: Loaders;
  /** Ends the request's read snapshot (server/snapshot.ts), when it has one. */
  endSnapshot?: () => Promise<void>;
}

export const createContext = (ds: DataSource): Context => ({ ds, loaders: createLoaders(ds) });
