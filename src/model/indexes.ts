/**
 * Indexes that only serve queries, dropped for a bulk load and built again after it. Building an index over sorted
 * data once costs a fraction of keeping it up row by row at random places: the covering slice index over 4 million
 * cells takes ~5 s to build and ~25 s to keep up during the load (BENCHMARKS.md).
 *
 * Crash safety: the drop and a row per index in `deferred_index` (its CREATE statement as the database printed it, and
 * who dropped it) commit together, and so do each build and the removal of its row. A load killed in between leaves
 * the rows; the next open of the database (data-source.ts) builds every index whose loader is gone.
 */
import os from 'node:os';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { isPostgres, run } from './bulk';

/**
 * What a bulk load drops. Each serves queries only, never a statement of the write path (whose lookups are by report,
 * agency and year, sha256, key, narrative band: ix_cell_report, uq_report_agency_year, ix_report_sha256, uq_agency_key,
 * ix_narrative_band_hash, ix_finding_report — and the indexes ON DELETE CASCADE needs — all kept):
 * - ix_cell_slice: the aggregations' covering index, ~200 entries per report at ~1,000 places;
 * - ix_finding_code: violatesRule and dataQuality;
 * - ix_report_year: reports of some years, with their agency and format (covering);
 * - the summary tables' slice indexes (model/summary.ts): the aggregations' (the writer reads and deletes a report's
 *   rows by their primary key, which begins with the report).
 * The agency indexes stay: a few thousand rows, not worth a rebuild.
 */
export const DEFERRABLE = [
  'ix_cell_slice',
  'ix_finding_code',
  'ix_report_year',
  'ix_summary_disposition_slice',
  'ix_summary_disposition_row_slice',
  'ix_summary_review_slice',
  'ix_summary_procurement_slice',
];

/** PostgreSQL advisory lock a bulk loader holds (with its schema) for as long as its indexes are dropped. */
const BULK_LOCK = 0x676b_626c;

interface Definition {
  name: string;
  definition: string;
}

/** The CREATE statements of these indexes, as the database printed them (those that exist). */
async function definitions(em: EntityManager, names: string[]): Promise<Definition[]> {
  const marks = names.map(() => '?').join(', ');
  return isPostgres(em)
    ? run<Definition>(
        em,
        `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN (${marks}) ORDER BY indexname`,
        names,
      )
    : run<Definition>(
        em,
        `SELECT name, sql AS definition FROM sqlite_master WHERE type = 'index' AND name IN (${marks}) ORDER BY name`,
        names,
      );
}

/** This process, as a SQLite loader names itself. */
const thisProcess = () => `sqlite:${os.hostname()}:${process.pid}`;

/** Whether the SQLite loader that wrote `owner` still runs: on this machine, its process is alive. */
function sqliteOwnerAlive(owner: string): boolean {
  const m = /^sqlite:(.*):(\d+)$/.exec(owner);
  // Another machine (a shared file): no way to ask; its indexes are built now rather than possibly never.
  if (!m || m[1] !== os.hostname()) return false;
  try {
    process.kill(Number(m[2]), 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Builds the indexes of these rows of deferred_index, each with the removal of its row in one transaction. */
async function build(ds: DataSource, rows: Definition[]): Promise<void> {
  for (const r of rows)
    await ds.transaction(async (em) => {
      await em.query(r.definition);
      await run(em, 'DELETE FROM deferred_index WHERE name = ?', [r.name]);
    });
}

/** Builds again every index a bulk load dropped and whose loader is gone (killed, or failed to build them). */
export async function restoreIndexes(ds: DataSource): Promise<string[]> {
  const rows = await run<Definition & { owner: string }>(
    ds,
    'SELECT name, definition, owner FROM deferred_index ORDER BY name',
  );
  if (rows.length === 0) return [];
  if (!isPostgres(ds)) {
    const stale = rows.filter((r) => !sqliteOwnerAlive(r.owner));
    await build(ds, stale);
    return stale.map((r) => r.name);
  }
  // On PostgreSQL a loader holds its lock until its indexes are built: a lock taken here means none is running.
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    if (!(await tryLock(runner))) return [];
    try {
      await build(ds, rows);
      return rows.map((r) => r.name);
    } finally {
      await unlock(runner);
    }
  } finally {
    await runner.release();
  }
}

const tryLock = async (runner: QueryRunner) =>
  (
    (await runner.query('SELECT pg_try_advisory_lock($1, hashtext(current_schema())) AS ok', [BULK_LOCK])) as {
      ok: boolean;
    }[]
  )[0].ok;
const unlock = (runner: QueryRunner) =>
  runner.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', [BULK_LOCK]);

/** Indexes dropped for a bulk load; restore() builds them again (call it whether the load succeeded or not). */
export class DeferredIndexes {
  private constructor(
    private readonly ds: DataSource,
    /** PostgreSQL: the session holding the bulk lock. */
    private readonly holder: QueryRunner | undefined,
    readonly names: string[],
  ) {}

  /**
   * Drops the deferrable indexes, recording them first. Undefined when another bulk load of the same database holds
   * them dropped (the load then goes on without dropping anything: those indexes are that loader's to build).
   */
  static async drop(ds: DataSource): Promise<DeferredIndexes | undefined> {
    let holder: QueryRunner | undefined;
    if (isPostgres(ds)) {
      holder = ds.createQueryRunner();
      await holder.connect();
      if (!(await tryLock(holder))) {
        await holder.release();
        return undefined;
      }
    }
    try {
      const owner = holder ? `postgres:${os.hostname()}:${process.pid}` : thisProcess();
      const names = await ds.transaction(async (em) => {
        // Rows left by a loader still running: its indexes are dropped already, and stay its own.
        if ((await run(em, 'SELECT name FROM deferred_index')).length > 0) return undefined;
        const defs = await definitions(em, DEFERRABLE);
        for (const d of defs) {
          await run(em, 'INSERT INTO deferred_index (name, definition, owner) VALUES (?, ?, ?)', [
            d.name,
            d.definition,
            owner,
          ]);
          await em.query(`DROP INDEX ${d.name}`);
        }
        return defs.map((d) => d.name);
      });
      if (names === undefined) throw new Busy();
      return new DeferredIndexes(ds, holder, names);
    } catch (e) {
      if (holder) {
        await unlock(holder).catch(() => undefined);
        await holder.release();
      }
      if (e instanceof Busy) return undefined;
      throw e;
    }
  }

  /** Builds the dropped indexes again; on failure (a full disk) they stay recorded, and the next open builds them. */
  async restore(): Promise<void> {
    try {
      await build(this.ds, await run<Definition>(this.ds, 'SELECT name, definition FROM deferred_index ORDER BY name'));
    } finally {
      if (this.holder) {
        await unlock(this.holder).catch(() => undefined);
        await this.holder.release();
      }
    }
  }
}

class Busy extends Error {}
