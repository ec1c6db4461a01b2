/**
 * A write transaction with savepoints, controlled by plain SQL so that its state is the database's, never a counter's.
 * TypeORM's own transactions keep a depth counter that a failed COMMIT or ROLLBACK does not lower: SQLite rolls a
 * transaction back by itself on SQLITE_FULL or an I/O error, the ROLLBACK that follows fails, and every later
 * "transaction" on that connection (better-sqlite3 has one) became a savepoint of one never committed.
 */
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { isPostgres, sqliteHandle } from './bulk';

export type SavepointResult<T> = { ok: true; value: T } | { ok: false; error: unknown; transactionLost: boolean };

const SAVEPOINT = 'gongkai_item';

export class WriteTransaction {
  private constructor(
    private readonly ds: DataSource,
    private readonly runner: QueryRunner,
  ) {}

  static async begin(ds: DataSource): Promise<WriteTransaction> {
    const runner = ds.createQueryRunner();
    await runner.connect();
    const tx = new WriteTransaction(ds, runner);
    try {
      await runner.query('BEGIN');
      // Every statement of a store is a lookup by key, the foreign-key checks PostgreSQL runs per inserted row included
      // (SELECT 1 FROM report WHERE id = $1 FOR KEY SHARE: ~300 a report). Their plans are cached for the connection's
      // life and fitted to the statistics of when they were made: a report table analyzed while it was empty (a fresh
      // database's migrations) or small made each check a scan of every report, 60 µs a row and growing with the
      // table (PostgreSQL ingest at 14 reports/s instead of ~200). Within the transaction, an index is always taken.
      if (isPostgres(ds)) await runner.query('SET LOCAL enable_seqscan = off');
    } catch (e) {
      await tx.abandon();
      throw e;
    }
    return tx;
  }

  get manager(): EntityManager {
    return this.runner.manager;
  }

  /**
   * Runs `work` all or nothing inside the transaction. When it fails, it is rolled back alone and the transaction goes
   * on — unless the database has rolled back the whole transaction itself (`transactionLost`: abandon() it).
   */
  async savepoint<T>(work: (em: EntityManager) => Promise<T>): Promise<SavepointResult<T>> {
    try {
      this.stillOpen();
      await this.runner.query(`SAVEPOINT ${SAVEPOINT}`);
    } catch (error) {
      return { ok: false, error, transactionLost: true };
    }
    try {
      const value = await work(this.runner.manager);
      await this.runner.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      return { ok: true, value };
    } catch (error) {
      try {
        // On SQLite a lost transaction has lost its savepoint too: this fails, and says so.
        this.stillOpen();
        await this.runner.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
        await this.runner.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
        return { ok: false, error, transactionLost: false };
      } catch {
        return { ok: false, error, transactionLost: true };
      }
    }
  }

  /** Commits and releases the connection. When COMMIT fails, call abandon(): nothing of the transaction is known to be stored. */
  async commit(): Promise<void> {
    await this.runner.query('COMMIT');
    await this.runner.release();
  }

  /**
   * Rolls back whatever is left of the transaction (the database may have done so already) and releases the
   * connection, which is then out of any transaction. Throws only when that cannot be made so: the ingest must stop.
   */
  async abandon(): Promise<void> {
    try {
      await this.runner.query('ROLLBACK');
    } catch {
      // Rolled back by the database already (SQLite: "no transaction is active"; checked below), or, on PostgreSQL, a
      // lost connection: the pool discards it when it is released.
    }
    const stuck = this.sqliteInTransaction() === true;
    await this.runner.release();
    if (stuck) throw new Error('the database connection is still in a transaction that cannot be rolled back');
  }

  /** Throws when SQLite has ended the transaction by itself (on SQLITE_FULL, an I/O error). */
  private stillOpen(): void {
    if (this.sqliteInTransaction() === false) throw new Error('the transaction was rolled back by the database');
  }

  /**
   * SQLite's own word on whether a transaction is open (better-sqlite3's inTransaction); undefined on PostgreSQL, which
   * never ends a transaction by itself while the connection lives (a failed statement only aborts it until a
   * rollback), and where a lost connection fails every statement after it.
   */
  private sqliteInTransaction(): boolean | undefined {
    if (isPostgres(this.ds)) return undefined;
    return sqliteHandle(this.ds).inTransaction;
  }
}
