/**
 * Rollups: the summary rows (summary.ts) added up per year and standing (procurement also per province), for the
 * breakdowns over the whole corpus or some years (issue 14). A breakdown by year reads a few dozen rollup rows instead of six summary rows per report.
 *
 * The database keeps them: triggers on the summary table add each inserted row to its rollup row and subtract each
 * deleted one (an update is both), so every way a summary row comes and goes — a batch's renewal, a report replaced,
 * ON DELETE CASCADE, a migration — moves the rollup with it in the same transaction, and nothing in the application
 * can forget to. Each rollup row counts its reports and sums their numbers per standing; the queries sum only the
 * `used` ones, as the summary path does (query/analytics.ts). The numbers are whole (counts; money in whole 元), so
 * adding and subtracting them in doubles is exact below 2^53, and a rollup row whose reports are all gone (0) is no
 * row to a query (`reports > 0`).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { run } from './bulk';
import { REVIEW_OUTCOMES } from './summary';

export interface RollupDef {
  table: string;
  /** The summary table it adds up. */
  from: string;
  /** Its key: what a rollup row stands for (the year first: the filters the rollup answers are by year). */
  keys: string[];
  /** The numbers summed (nullable in the summary table: a report not used may have none; summed as 0). */
  sums: string[];
  /**
   * Keys that may be NULL in the summary table (an agency without a province), kept as '' in the rollup: a primary
   * key has no NULLs, and ON CONFLICT would not match NULL with NULL. Readers turn '' back into NULL (`keyOf`).
   */
  nullable?: string[];
}

export const ROLLUPS: RollupDef[] = [
  {
    table: 'rollup_disposition',
    from: 'summary_disposition',
    keys: ['year', 'column_key', 'category', 'status', 'violating'],
    sums: ['s', 'h'],
  },
  {
    table: 'rollup_review',
    from: 'summary_review',
    keys: ['year', 'kind', 'status', 'violating'],
    sums: REVIEW_OUTCOMES,
  },
  {
    // By province as well: procurement is compared between provinces (the province is copied on the summary row from
    // its agency, so that a row is subtracted from the province it was added to).
    table: 'rollup_procurement',
    from: 'summary_procurement',
    keys: ['year', 'province_code', 'status', 'violating', 'assumed'],
    sums: ['projects', 'yuan'],
    nullable: ['province_code'],
  },
];

/** A rollup key's value in the rollup, from the summary row's (`rows`: NEW, OLD, a transition table or none). */
const keyFrom = (r: RollupDef, key: string, rows?: string) => {
  const column = rows ? `${rows}.${key}` : key;
  return r.nullable?.includes(key) ? `COALESCE(${column}, '')` : column;
};

/** A rollup key read back as the summary rows have it (x: the rollup's alias). */
export const keyOf = (key: string, x = 'x') => `NULLIF(${x}.${key}, '')`;

export const rollupOf = (summaryTable: string) => ROLLUPS.find((r) => r.from === summaryTable);

/** Adds rows of the summary table (`rows`, an alias or a table of them) to the rollup, times `sign` (1 or -1). */
function addSql(r: RollupDef, rows: string, sign: 1 | -1, pg: boolean): string {
  const neg = sign < 0 ? '-' : '';
  const columns = [...r.keys, 'reports', ...r.sums].join(', ');
  const set = ['reports', ...r.sums].map((c) => `${c} = ${pg ? 't.' : ''}${c} + excluded.${c}`).join(', ');
  const conflict = `ON CONFLICT (${r.keys.join(', ')}) DO UPDATE SET ${set}`;
  if (!pg) {
    // SQLite: a row trigger, one summary row (NEW or OLD) at a time.
    const values = [
      ...r.keys.map((k) => keyFrom(r, k, rows)),
      `${neg}1`,
      ...r.sums.map((s) => `${neg}COALESCE(${rows}.${s}, 0)`),
    ];
    return `INSERT INTO ${r.table} (${columns}) VALUES (${values.join(', ')}) ${conflict};`;
  }
  // PostgreSQL: a statement trigger over its transition table, grouped; in key order, so that two writers lock the
  // rollup rows they share in the same order.
  const keys = r.keys.map((k) => keyFrom(r, k)).join(', ');
  const select = [keys, `${neg}COUNT(*)`, ...r.sums.map((s) => `${neg}SUM(COALESCE(${s}, 0))`)];
  return `INSERT INTO ${r.table} AS t (${columns}) SELECT ${select.join(', ')} FROM ${rows} GROUP BY ${keys} ORDER BY ${keys} ${conflict};`;
}

/** The statements that make the triggers keeping a rollup (and, on PostgreSQL, their function). */
export function triggerStatements(r: RollupDef, pg: boolean): string[] {
  const name = (op: string) => `tr_${r.table}_${op}`;
  if (!pg)
    return [
      `CREATE TRIGGER ${name('insert')} AFTER INSERT ON ${r.from} BEGIN ${addSql(r, 'NEW', 1, false)} END`,
      `CREATE TRIGGER ${name('delete')} AFTER DELETE ON ${r.from} BEGIN ${addSql(r, 'OLD', -1, false)} END`,
      `CREATE TRIGGER ${name('update')} AFTER UPDATE ON ${r.from} BEGIN ${addSql(r, 'OLD', -1, false)} ${addSql(r, 'NEW', 1, false)} END`,
    ];
  const fn = `${r.table}_apply`;
  // A transaction-level lock taken before the first change: writers add to the same few rows, and two transactions
  // each holding some of them would deadlock. Held to COMMIT; the loaders change summary rows just before it.
  const body = `BEGIN
    PERFORM pg_advisory_xact_lock(${ROLLUP_LOCK});
    IF TG_OP IN ('DELETE', 'UPDATE') THEN ${addSql(r, 'old_rows', -1, true)} END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN ${addSql(r, 'new_rows', 1, true)} END IF;
    RETURN NULL;
  END`;
  return [
    `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $rollup$ ${body} $rollup$`,
    `CREATE TRIGGER ${name('insert')} AFTER INSERT ON ${r.from} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    `CREATE TRIGGER ${name('delete')} AFTER DELETE ON ${r.from} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    `CREATE TRIGGER ${name('update')} AFTER UPDATE ON ${r.from} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
  ];
}

/** PostgreSQL advisory lock of the rollups' writers. */
const ROLLUP_LOCK = 0x676b_726c;

/** The statements that drop them. */
export function dropTriggerStatements(r: RollupDef, pg: boolean): string[] {
  const triggers = ['insert', 'delete', 'update'].map((op) =>
    pg ? `DROP TRIGGER IF EXISTS tr_${r.table}_${op} ON ${r.from}` : `DROP TRIGGER IF EXISTS tr_${r.table}_${op}`,
  );
  return pg ? [...triggers, `DROP FUNCTION IF EXISTS ${r.table}_apply()`] : triggers;
}

/** Fills the rollups (all, or these) from the summary rows, from scratch (a migration's backfill; a check). */
export async function recomputeRollups(db: EntityManager | DataSource, rollups = ROLLUPS): Promise<void> {
  for (const r of rollups) {
    await run(db, `DELETE FROM ${r.table}`);
    await run(db, rollupFromScratch(r));
  }
}

/** The rollup's rows as the summary rows give them now (a SELECT with the rollup's columns). */
export function rollupSelect(r: RollupDef): string {
  const sums = r.sums.map((s) => `SUM(COALESCE(${s}, 0)) AS ${s}`);
  const keys = r.keys.map((k) => keyFrom(r, k));
  return `SELECT ${keys.map((k, i) => `${k} AS ${r.keys[i]}`).join(', ')}, COUNT(*) AS reports, ${sums.join(', ')} FROM ${r.from} GROUP BY ${keys.join(', ')}`;
}

const rollupFromScratch = (r: RollupDef) =>
  `INSERT INTO ${r.table} (${[...r.keys, 'reports', ...r.sums].join(', ')}) ${rollupSelect(r)}`;
