import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const modulePath = (p: string) => fileURLToPath(new URL(`./node_modules/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // graphql-query-complexity's ESM build imports 'graphql/index.mjs', a second instance of graphql beside the CommonJS
    // one everything else uses ("Cannot use GraphQLObjectType from another module or realm"). The compiled server is
    // CommonJS and never loads it; the tests take the same CommonJS build.
    alias: [{ find: /^graphql-query-complexity$/, replacement: modulePath('graphql-query-complexity/dist/cjs/index.js') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Ingest tests share nothing but the CPU; two workers fit the 2-core machines this runs on.
    maxWorkers: 2,
  },
});
