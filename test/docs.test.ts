/** Generated documentation stays true: the committed schema and the README's example answers match the code. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_END, EXAMPLES_START } from '../scripts/readme-examples';
import { SCHEMA_FILE, schemaSdl } from '../src/server/schema';
import { examplesOverBundledReports } from './helpers/docs';

describe('generated documentation (npm run docs rewrites it)', () => {
  it('src/schema/schema.graphql is the schema the server builds', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(await schemaSdl());
  });

  it("the README's example answers are what the API answers on the bundled reports", async () => {
    const readme = await readFile('README.md', 'utf8');
    const section = readme.slice(readme.indexOf(EXAMPLES_START), readme.indexOf(EXAMPLES_END) + EXAMPLES_END.length);
    expect(section).toBe(await examplesOverBundledReports());
  });
});
