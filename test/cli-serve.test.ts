/**
 * `gongkai serve` refuses what it cannot serve with a message naming it — a database that does not exist, a port in
 * use — and serves a database it may only read.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GONGKAI_CLI } from './helpers/cli-process';
import { capturedCli } from './helpers/cli-output';

let dir: string;
const { out, run } = capturedCli();
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-serve-'));
});
afterEach(async () => {
  await chmod(dir, 0o755).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('gongkai serve refuses what it cannot serve', () => {
  it('a database that does not exist (a mistyped --db): named, and not created', async () => {
    const db = path.join(dir, 'gonkgai.db');
    expect(await run('serve', '--db', db, '--port', '0')).toBe(1);
    expect(out.join('')).toContain(`error: database ${db}: no such file`);
    await expect(stat(db)).rejects.toThrow(/ENOENT/);
  });

  it('a port in use: says so, instead of a TypeError', async () => {
    const db = path.join(dir, 'g.db');
    expect(await run('ingest', 'data/reports', '--db', db)).toBe(0);
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    out.length = 0;
    try {
      expect(await run('serve', '--db', db, '--port', String(port))).toBe(1);
      expect(out.join('')).toContain(`error: port ${port} is in use (on 127.0.0.1); choose another with --port`);
    } finally {
      taken.close();
    }
  });
});

describe('gongkai serve on a read-only database', () => {
  // Root writes anything: the server runs without the capabilities that let it (setpriv, util-linux), as in cli.test.ts.
  const asUser = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search'] : [];

  /** `gongkai serve` as a process of this user; resolves with its URL, or rejects with what it printed on exiting. */
  function serveProcess(db: string) {
    const [command, ...args] = [...asUser, ...GONGKAI_CLI, 'serve', '--db', db, '--port', '0'];
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => void (stderr += c.toString()));
    const url = new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        const found = /serving (http:\/\/\S+\/graphql)/.exec(chunk.toString())?.[1];
        if (found) resolve(found);
      });
      child.once('exit', () => reject(new Error(stderr)));
    });
    const stop = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    };
    return { url, stop };
  }

  async function readOnlyDatabase(): Promise<{ folder: string; db: string }> {
    const folder = path.join(dir, 'ro');
    await mkdir(folder);
    const db = path.join(folder, 'g.db');
    expect(await run('ingest', 'data/reports', '--db', db)).toBe(0);
    await chmod(db, 0o444);
    return { folder, db };
  }

  it('serves a database file this user may not write, and writes nothing to it', async () => {
    const { db } = await readOnlyDatabase();
    const before = await stat(db);
    const server = serveProcess(db);
    try {
      const res = await fetch(`${await server.url}?query=${encodeURIComponent('{ reports { totalCount } }')}`);
      expect(await res.json()).toEqual({ data: { reports: { totalCount: 5 } } });
    } finally {
      await server.stop();
    }
    const after = await stat(db);
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
  }, 30_000);

  it('in a folder it may not write either: says what SQLite needs there', async () => {
    const { folder, db } = await readOnlyDatabase();
    await chmod(folder, 0o555);
    const server = serveProcess(db);
    await expect(server.url).rejects.toThrow(
      `error: database ${db}: is read-only and so is its folder, where SQLite must create g.db-shm to read it`,
    );
    await server.stop();
  }, 30_000);
});
