/**
 * The ingest baseline of the benchmark: what a plain script takes to write the same parsed reports into the same
 * SQLite schema — parsed in the same worker pool, rows written with raw better-sqlite3 prepared statements (the report,
 * its cells, its parser's findings), 1,000 reports per transaction and no savepoints, the query-only indexes built
 * after the load. No versions, checks across years, scorecard facts or agency resolution: the least an ingest does.
 * gongkai's ingest rate is shown as a ratio of this one, measured in the same run on the same machine.
 * Needs the compiled build (dist/): the parser pool runs dist/ingest/parse-worker.js.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../src/model/data-source';
import { DEFERRABLE } from '../src/model/indexes';
import { FINDING_COLUMNS, findingRow } from '../src/ingest/findings';
import { CELL_COLUMNS, cellRow } from '../src/ingest/store';
import type { ParsedReport } from '../src/parser/types';

const dist = (module: string) => require(path.resolve(__dirname, '..', 'dist', module));
const { parserPool } = dist('ingest/parse-pool') as typeof import('../src/ingest/parse-pool');
const { walk } = dist('ingest/walk') as typeof import('../src/ingest/walk');

const BATCH = 1000;
interface Read {
  p: ParsedReport;
  sha256: string;
}
const READ_AHEAD = 16;

export async function ingestBaseline(dir: string, dbFile: string): Promise<{ reports: number; seconds: number }> {
  // The schema as gongkai's migrations make it; then the plain script alone on the file.
  await (await openDatabase(dbFile)).destroy();
  const db = new Database(dbFile);
  const pool = parserPool();
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const started = process.hrtime.bigint();
    const marks = DEFERRABLE.map(() => '?').join(', ');
    const deferred = db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (${marks})`)
      .all(...DEFERRABLE) as { name: string; sql: string }[];
    for (const d of deferred) db.exec(`DROP INDEX ${d.name}`);

    const agencyId = db.prepare('SELECT id FROM agency WHERE key = ?').pluck();
    const agency = db.prepare('INSERT INTO agency (key, name, full_name) VALUES (?, ?, ?) RETURNING id').pluck();
    const report = db
      .prepare(
        'INSERT INTO report (agency_id, year, agency_name, agency_full_name, format, published_on, source_file, source_kind, sha256, ingested_at, cells_found, cells_expected, overview, problems, other) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
      )
      .pluck();
    const insert = (table: string, columns: [string, unknown][]) =>
      db.prepare(
        `INSERT INTO ${table} (${columns.map(([n]) => n).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
    const cell = insert('cell', CELL_COLUMNS);
    const finding = insert('finding', FINDING_COLUMNS);
    const write = ({ p, sha256 }: Read) => {
      const a = p.agency;
      const aid =
        (agencyId.get(a.fullName) as number | undefined) ?? (agency.get(a.fullName, a.name, a.fullName) as number);
      const rid = Number(
        report.get(
          aid,
          p.year,
          a.name,
          a.fullName,
          p.format,
          p.publishedOn,
          path.basename(p.source),
          p.sourceKind,
          sha256,
          new Date().toISOString(),
          p.completeness.found,
          p.completeness.expected,
          p.sections.overview,
          p.sections.problems,
          p.sections.other,
        ),
      );
      for (const c of p.cells) cell.run(cellRow(rid, p.year, aid, c));
      for (const f of p.findings) finding.run(findingRow(rid, f));
    };

    let reports = 0;
    let batch: Read[] = [];
    const flush = db.transaction((ps: Read[]) => {
      for (const p of ps) write(p);
    });
    const ahead: Promise<Read>[] = [];
    const take = async () => {
      batch.push(await ahead.shift()!);
      if (batch.length >= BATCH) {
        flush(batch);
        reports += batch.length;
        batch = [];
      }
    };
    for await (const file of walk([dir])) {
      const name = String(file);
      ahead.push(
        readFile(name).then(async (bytes) => ({
          p: await pool.parse(bytes, name),
          sha256: createHash('sha256').update(bytes).digest('hex'),
        })),
      );
      if (ahead.length >= READ_AHEAD) await take();
    }
    while (ahead.length > 0) await take();
    flush(batch);
    reports += batch.length;
    for (const d of deferred) db.exec(d.sql);
    db.pragma('analysis_limit = 1000');
    db.exec('ANALYZE');
    return { reports, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    await pool.close();
    db.close();
  }
}
