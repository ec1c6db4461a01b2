/**
 * Slow clients cannot take the server (issue 13, item 9): connections that send their headers slowly are cut off, and
 * however many there are, clients that send their requests promptly are served. Limits are lowered for the test: a
 * handful of sockets stands for the thousand of an attack.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';
import { serve, type Running } from '../src/server/app';
import { apiOver, type Api } from './helpers/api';
import { GONGKAI_CLI } from './helpers/cli-process';

const QUERY = `?query=${encodeURIComponent('{ reports { totalCount } }')}`;

/** A client that opens a connection and sends the start of a request's headers, never the end. */
function slowClient(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`GET /graphql${QUERY} HTTP/1.1\r\nHost: ${hostname}\r\nX-Slow: `);
      resolve(socket);
    });
    socket.on('error', () => undefined); // the server may close it: that is the point
    socket.resume(); // reads what the server sends (a 408), so that its closing is seen
    socket.once('error', reject);
  });
}

const closed = (s: Socket) =>
  new Promise<void>((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve())));

/** A normal request, on a connection of its own, that must be answered in time. */
async function normalRequest(url: string): Promise<unknown> {
  const res = await fetch(`${url}${QUERY}`, { headers: { connection: 'close' }, signal: AbortSignal.timeout(5000) });
  return res.json();
}

describe('slow clients, in-process with lowered limits', () => {
  let api: Api;
  let server: Running;
  beforeAll(async () => {
    api = await apiOver(['data/reports']);
    server = await serve(api.ds, 0, '127.0.0.1', {
      limits: { maxConnections: 6, headersTimeoutMs: 1000, requestTimeoutMs: 2000, checkIntervalMs: 200 },
    });
  });
  afterAll(async () => {
    await server.close();
    await api.close();
  });

  it('more slow-header connections than the cap: prompt requests are still answered', async () => {
    const slow = await Promise.all(Array.from({ length: 15 }, () => slowClient(server.url)));
    try {
      for (let i = 0; i < 5; i++)
        expect(await normalRequest(server.url)).toEqual({ data: { reports: { totalCount: 5 } } });
    } finally {
      for (const s of slow) s.destroy();
    }
  });

  it('a connection that does not finish its headers in time is closed by the server', async () => {
    const slow = await slowClient(server.url);
    const started = Date.now();
    await closed(slow);
    expect(Date.now() - started).toBeLessThan(2500);
  });
});

describe('slow clients against `gongkai serve` with few file descriptors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gongkai-slow-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('120 slow-header connections to a process allowed 100 open files: prompt requests are still answered', async () => {
    const db = path.join(dir, 'g.db');
    expect(await main(['node', 'gongkai', 'ingest', 'data/reports', '--db', db])).toBe(0);
    // Without a cap, the slow connections take every descriptor and the server can accept no one else.
    const [node, ...cli] = GONGKAI_CLI;
    const child = spawn(
      'sh',
      ['-c', `ulimit -n 100 && exec "$@"`, 'sh', node, ...cli, 'serve', '--db', db, '--port', '0'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const slow: Socket[] = [];
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          const found = /serving (http:\/\/\S+\/graphql)/.exec(chunk.toString())?.[1];
          if (found) resolve(found);
        });
        child.once('exit', () => reject(new Error('serve exited')));
      });
      for (let i = 0; i < 120; i++) slow.push(await slowClient(url));
      for (let i = 0; i < 3; i++) expect(await normalRequest(url)).toEqual({ data: { reports: { totalCount: 5 } } });
    } finally {
      for (const s of slow) s.destroy();
      child.kill('SIGKILL');
    }
  }, 60_000);
});
