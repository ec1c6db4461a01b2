/**
 * The databases the ingest and API suites run on: SQLite always; PostgreSQL at 127.0.0.1:5432 (database `test`) when it
 * answers. Without it those runs are skipped with the reason, unless GONGKAI_REQUIRE_PG=1 (set by CI), which makes a
 * missing PostgreSQL an error. Each run gets its own SQLite file or PostgreSQL schema and removes it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

export const PG_URL = process.env.GONGKAI_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Scratch {
  /** What openDatabase / --db take. */
  db: string;
  drop(): Promise<void>;
}

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** Why this database's runs are skipped, if they are. */
  skip?: string;
  scratch(): Promise<Scratch>;
}

async function reachable(url: string): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (e) {
    return (e as Error).message || String(e);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const SQLITE: TestDatabase = {
  name: 'sqlite',
  async scratch() {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-db-'));
    return { db: path.join(dir, 'test.db'), drop: () => rm(dir, { recursive: true, force: true }) };
  },
};

const POSTGRES: Omit<TestDatabase, 'skip'> = {
  name: 'postgres',
  async scratch() {
    const schema = `gk_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const url = new URL(PG_URL);
    url.searchParams.set('schema', schema);
    return {
      db: url.toString(),
      async drop() {
        const client = new Client({ connectionString: PG_URL });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await client.end();
        }
      },
    };
  },
};

/**
 * Why PostgreSQL runs are skipped, or null when it answers. Checked once per test run (vitest globalSetup); under
 * GONGKAI_REQUIRE_PG=1 a PostgreSQL that does not answer fails the run instead.
 */
export async function postgresSkipReason(): Promise<string | null> {
  const unreachable = await reachable(PG_URL);
  if (!unreachable) return null;
  if (process.env.GONGKAI_REQUIRE_PG === '1')
    throw new Error(`GONGKAI_REQUIRE_PG=1 but PostgreSQL at ${PG_URL} does not answer: ${unreachable}`);
  console.warn(
    `PostgreSQL at ${PG_URL} does not answer (${unreachable}): its test runs are skipped. Set GONGKAI_REQUIRE_PG=1 to fail instead.`,
  );
  return `PostgreSQL at ${PG_URL} does not answer`;
}

/** SQLite, and PostgreSQL with its skip reason. */
export function testDatabases(postgresSkip: string | null): TestDatabase[] {
  return [SQLITE, { ...POSTGRES, skip: postgresSkip ?? undefined }];
}
