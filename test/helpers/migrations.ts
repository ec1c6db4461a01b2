import type { DataSource } from 'typeorm';

/**
 * Undoes the migrations down to this one, itself included (later ones first). Outside a transaction: SQLite ignores
 * turning foreign keys off inside one, and rebuilding a table would then delete its children (ON DELETE CASCADE).
 */
export async function undoThrough(ds: DataSource, name: string): Promise<void> {
  for (let last = ''; last !== name; ) {
    const ran = (await ds.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1')) as { name: string }[];
    if (ran.length === 0) throw new Error(`${name} has not run`);
    last = ran[0].name;
    await ds.undoLastMigration({ transaction: 'none' });
  }
}
