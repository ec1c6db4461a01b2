import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Ingest tests share nothing but the CPU; two workers fit the 2-core machines this runs on.
    maxWorkers: 2,
  },
});
