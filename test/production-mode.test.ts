/**
 * The command line runs graphql-js in production mode unless NODE_ENV says otherwise: graphql decides when it is first
 * loaded, so the probe runs in a process of its own that loads the CLI first, as `gongkai serve` does.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * graphql-js in development mode throws when an object merely named like one of its classes is checked (its guard
 * against two copies of graphql); in production mode the check is a plain instanceof: false.
 */
const PROBE = `
require('./src/cli/main');
const { isSchema } = require('graphql');
let mode;
try { mode = isSchema({ [Symbol.toStringTag]: 'GraphQLSchema' }) === false ? 'production' : 'odd'; }
catch (e) { mode = /another module or realm/.test(e.message) ? 'development' : e.message; }
console.log(JSON.stringify({ nodeEnv: process.env.NODE_ENV ?? null, graphql: mode }));
`;

async function probe(nodeEnv: string | undefined) {
  const env = { ...process.env };
  if (nodeEnv === undefined) delete env.NODE_ENV;
  else env.NODE_ENV = nodeEnv;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '-e', PROBE], { env });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe('production mode', () => {
  it('is the default of the command line, set before graphql is loaded', async () => {
    expect(await probe(undefined)).toEqual({ nodeEnv: 'production', graphql: 'production' });
  });

  it('gives way to a NODE_ENV the user set', async () => {
    expect(await probe('development')).toEqual({ nodeEnv: 'development', graphql: 'development' });
  });
});
