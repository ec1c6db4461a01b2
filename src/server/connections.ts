/**
 * Slow and idle clients cannot take the server: every connection must send its request in time, and open connections
 * are capped below the process's file-descriptor limit. A new client at the cap takes the place of the oldest
 * connection that has no request in progress (idle between requests, or still sending headers — a slowloris), so
 * clients that send their requests promptly are served however many slow ones there are.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export const HTTP_LIMITS = {
  /** To send a request's headers: a real client sends them at once; a slow-header client is cut off after this. */
  headersTimeoutMs: 10_000,
  /** To send a whole request, headers and body (bodies are at most 100 kB). */
  requestTimeoutMs: 30_000,
  /** How often Node checks those two; its default (30 s) would let a slow client stay that much longer. */
  checkIntervalMs: 1_000,
  /**
   * Longer than a load balancer's or client's idle timeout (60 s is common): the server must not be the side that
   * closes an idle keep-alive connection, or the client's next request on it fails with ECONNRESET. At the connection
   * cap, idle connections are closed first.
   */
  keepAliveTimeoutMs: 65_000,
  /**
   * A streamed answer (an export, a large GraphQL answer) whose client reads nothing for this long is cut off: it holds
   * a read snapshot and its connection meanwhile.
   */
  streamIdleMs: 60_000,
  /** Open connections at once (and fewer where the descriptor limit is low: see connectionCap). */
  maxConnections: 1000,
};

export type HttpLimits = typeof HTTP_LIMITS;

/** Descriptors kept for the rest of the process: database files and pools, cluster channels, stdio, the listener. */
const RESERVED_DESCRIPTORS = 64;

/** The soft limit on open files, on Linux; undefined elsewhere. */
function descriptorLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return line ? Number(line[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The connection cap: as asked, and never so many that accepting one more would run the process out of descriptors. */
export function connectionCap(asked: number): number {
  const fds = descriptorLimit();
  return fds === undefined ? asked : Math.max(1, Math.min(asked, fds - RESERVED_DESCRIPTORS));
}

export function capConnections(server: Server, max: number): void {
  /** Open connections, oldest first, and whether a request is in progress on each. */
  const open = new Map<Socket, { busy: boolean }>();
  server.on('connection', (socket: Socket) => {
    if (open.size >= max) {
      const idle = [...open].find(([, s]) => !s.busy)?.[0];
      if (!idle) return void socket.destroy();
      idle.destroy();
      open.delete(idle);
    }
    open.set(socket, { busy: false });
    socket.once('close', () => open.delete(socket));
  });
  server.on('request', (req, res) => {
    const state = open.get(req.socket);
    if (!state) return;
    state.busy = true;
    res.once('close', () => {
      state.busy = false;
    });
  });
}
