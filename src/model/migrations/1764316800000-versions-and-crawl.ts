/**
 * Report versions (every file ever ingested for an agency and year, exactly one current), the URL a report was
 * downloaded from, and the tables of fetch and crawl: each HTTP fetch with its metadata (http_fetch: FETCH is an SQL
 * keyword), and the crawl frontier.
 * Reports already stored become version 1 of themselves, current, with counts from their stored cells and findings.
 */
import {
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
  TableUnique,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { double, id, integer, text, varchar } from './columns';

const foreignKey = (name: string, column: string, table: string, onDelete: 'CASCADE' | 'SET NULL') =>
  new TableForeignKey({
    name,
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete,
  });

const countOf = (table: string, where = '') => `(SELECT COUNT(*) FROM ${table} x WHERE x.report_id = r.id${where})`;

export class VersionsAndCrawl1764316800000 implements MigrationInterface {
  name = 'VersionsAndCrawl1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('report', new TableColumn(varchar('source_url', 2000, true)));
    await q.createTable(
      new Table({
        name: 'report_version',
        columns: [
          id('report_version'),
          integer('agency_id'),
          integer('year'),
          integer('version'),
          integer('report_id', true),
          varchar('source_file', 500),
          varchar('source_url', 2000, true),
          varchar('sha256', 64),
          varchar('archive_path', 500, true),
          varchar('source_kind', 10),
          varchar('format', 4),
          integer('cells'),
          integer('errors'),
          integer('warnings'),
          integer('infos'),
          integer('tables_found'),
          double('completeness'),
          varchar('ingested_at', 30),
        ],
        uniques: [
          new TableUnique({ name: 'uq_report_version', columnNames: ['agency_id', 'year', 'version'] }),
          new TableUnique({ name: 'uq_report_version_report', columnNames: ['report_id'] }),
        ],
        foreignKeys: [
          foreignKey('fk_report_version_agency', 'agency_id', 'agency', 'CASCADE'),
          foreignKey('fk_report_version_report', 'report_id', 'report', 'SET NULL'),
        ],
      }),
    );
    await q.query(
      `INSERT INTO report_version (agency_id, year, version, report_id, source_file, sha256, source_kind, format, cells, errors, warnings, infos, tables_found, ingested_at)
       SELECT r.agency_id, r.year, 1, r.id, r.source_file, r.sha256, r.source_kind, r.format, ${countOf('cell')},
         ${countOf('finding', " AND x.severity = 'error'")}, ${countOf('finding', " AND x.severity = 'warning'")},
         ${countOf('finding', " AND x.severity = 'info'")},
         (SELECT COUNT(DISTINCT x.table_key) FROM cell x WHERE x.report_id = r.id), r.ingested_at
       FROM report r ORDER BY r.id`,
    );
    await q.createTable(
      new Table({
        name: 'http_fetch',
        columns: [
          id('http_fetch'),
          varchar('url', 2000),
          varchar('final_url', 2000, true),
          varchar('fetched_at', 30),
          integer('status', true),
          text('headers'),
          varchar('etag', 200, true),
          varchar('last_modified', 100, true),
          varchar('sha256', 64, true),
          varchar('archive_path', 500, true),
          integer('bytes', true),
          text('error'),
        ],
        indices: [new TableIndex({ name: 'ix_http_fetch_url', columnNames: ['url'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'crawl',
        columns: [id('crawl'), text('spec', false), varchar('started_at', 30), varchar('finished_at', 30, true)],
      }),
    );
    await q.createTable(
      new Table({
        name: 'crawl_item',
        columns: [
          id('crawl_item'),
          integer('crawl_id'),
          varchar('url', 2000),
          varchar('kind', 10),
          integer('list_page', true),
          varchar('state', 10),
          varchar('role', 10, true),
          varchar('link_text', 200, true),
          integer('fetch_id', true),
          text('note'),
        ],
        uniques: [new TableUnique({ name: 'uq_crawl_item', columnNames: ['crawl_id', 'url'] })],
        indices: [new TableIndex({ name: 'ix_crawl_item_state', columnNames: ['crawl_id', 'state'] })],
        foreignKeys: [
          foreignKey('fk_crawl_item_crawl', 'crawl_id', 'crawl', 'CASCADE'),
          foreignKey('fk_crawl_item_fetch', 'fetch_id', 'http_fetch', 'SET NULL'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['crawl_item', 'crawl', 'http_fetch', 'report_version']) await q.dropTable(t);
    await q.dropColumn('report', 'source_url');
  }
}
