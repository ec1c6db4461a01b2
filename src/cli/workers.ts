/**
 * `serve --workers N`: N processes serve on one port (node:cluster; the primary hands out connections in turn).
 * One Node.js process answers requests one at a time: with many clients at once, some wait for seconds while others
 * are served over and over (BENCHMARKS.md, "Load"); several processes share both the work and the waiting. The
 * primary migrates the database once and then only supervises: a worker that dies is replaced.
 */
import cluster, { type Worker } from 'node:cluster';
import { openDatabase } from '../model/data-source';
import { graphqlUrl } from '../server/app';

export const isWorker = () => cluster.isWorker;

export async function superviseWorkers(
  db: string,
  workers: number,
  host: string,
  announce: (url: string) => void,
): Promise<void> {
  // Migrations and dimensions, once, before any worker reads; a database that does not exist is refused here.
  await (await openDatabase(db, { mustExist: true })).destroy();
  let stopping = false;
  let announced = false;
  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    announce(graphqlUrl(host, address.port));
  });
  let failedToStart: Error | undefined;
  await new Promise<void>((resolve) => {
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) return;
      // A worker that dies before any serves (the port in use: it said why) would die again: give up instead.
      if (!announced) {
        failedToStart = new Error(`worker ${worker.process.pid} could not start serving (${signal ?? code})`);
        return resolve();
      }
      process.stderr.write(`worker ${worker.process.pid} stopped (${signal ?? code}); starting another\n`);
      cluster.fork();
    });
    for (let i = 0; i < workers; i++) cluster.fork();
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  stopping = true;
  const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  await Promise.all(
    running.map(
      (w) =>
        new Promise<void>((resolve) => {
          // Ctrl-C reaches the workers too: one may be gone already.
          if (w.isDead()) return resolve();
          w.once('exit', () => resolve());
          w.process.kill('SIGTERM');
        }),
    ),
  );
  if (failedToStart) throw failedToStart;
}
