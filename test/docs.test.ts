/** Generated documentation stays true: the committed schema and the README's example answers match the code. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_END, EXAMPLES_START } from '../scripts/readme-examples';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { gongkaiSchema, SCHEMA_FILE, schemaSdl } from '../src/server/schema';
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

describe('schema documentation', () => {
  it('describes the Query type, every root field, every type and every field and argument', async () => {
    const schema = await gongkaiSchema();
    const missing: string[] = [];
    for (const t of Object.values(schema.getTypeMap())) {
      if (t.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(t.name)) continue;
      if (!t.description) missing.push(t.name);
      if (isObjectType(t) || isInterfaceType(t)) {
        for (const f of Object.values(t.getFields())) {
          if (!f.description) missing.push(`${t.name}.${f.name}`);
          for (const a of f.args)
            if (!a.description && t === schema.getQueryType()) missing.push(`${t.name}.${f.name}(${a.name})`);
        }
      }
      if (isInputObjectType(t))
        for (const f of Object.values(t.getFields())) if (!f.description) missing.push(`${t.name}.${f.name}`);
      if (isEnumType(t) && t.name.endsWith('Key'))
        for (const v of t.getValues()) if (!v.description && t.name !== 'TableKey') missing.push(`${t.name}.${v.name}`);
    }
    expect(missing).toEqual([]);
  });
});
