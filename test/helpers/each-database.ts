import { describe, inject } from 'vitest';
import { testDatabases, type TestDatabase } from './databases';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresSkip: string | null;
  }
}

/** Declares the suite once per database; a database that does not answer shows as skipped, with the reason. */
export function onEachDatabase(suite: (target: TestDatabase) => void): void {
  for (const target of testDatabases(inject('postgresSkip'))) {
    describe.skipIf(target.skip !== undefined)(
      `on ${target.name}${target.skip ? ` (skipped: ${target.skip})` : ''}`,
      () => suite(target),
    );
  }
}
