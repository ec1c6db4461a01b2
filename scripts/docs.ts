/**
 * `npm run docs`: writes the generated documentation — the GraphQL schema (src/schema/schema.graphql) and the README's
 * example queries with their answers on the bundled reports. test/docs.test.ts fails when either is out of date.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { examplesOverBundledReports } from '../test/helpers/docs';
import { SCHEMA_FILE, schemaSdl } from '../src/server/schema';
import { withExamples } from './readme-examples';

async function main() {
  await writeFile(SCHEMA_FILE, await schemaSdl());
  const readme = await readFile('README.md', 'utf8');
  await writeFile('README.md', withExamples(readme, await examplesOverBundledReports()));
  console.log(`wrote ${SCHEMA_FILE} and the examples in README.md`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
