import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const modulePath = (p: string) => fileURLToPath(new URL(`./node_modules/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // graphql must be one instance ("Cannot use GraphQLObjectType from another module or realm"). type-graphql and
    // Apollo load its CommonJS build; vite would hand our sources its ESM build, and graphql-query-complexity's ESM
    // build imports 'graphql/index.mjs'. The compiled server is CommonJS throughout; the tests take the same builds.
    alias: [
      { find: /^graphql$/, replacement: modulePath('graphql/index.js') },
      { find: /^graphql-query-complexity$/, replacement: modulePath('graphql-query-complexity/dist/cjs/index.js') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Hang bounds, not speed limits (speed is measured by npm run bench): generous, since CI machines may be busy.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Ingest tests share nothing but the CPU; two workers fit the 2-core machines this runs on.
    maxWorkers: 2,
  },
});
