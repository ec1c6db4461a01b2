/**
 * The relational model. Portable column types only (no SQLite-only SQL): the same entities run on PostgreSQL.
 * Table, row and column keys are FORMAT.md's keys; their labels live in `dimension`, seeded from the format description.
 */
import 'reflect-metadata';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

// Every constraint and index is named, so the migrations (src/model/migrations) can create exactly what the entities
// describe on both databases, and a test can check that they agree.

@Entity('agency')
@Unique('uq_agency_key', ['key'])
export class Agency {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_agency' })
  id!: number;

  /**
   * What makes two reports the same agency's: its division and organ (`320813|government|`), or, for an agency no
   * division could be given, its printed full name (`name:泉塘镇`).
   */
  @Column({ type: 'varchar', length: 200 })
  key!: string;

  /** As printed by its latest report (title; signature). Every printed name is on the reports (`aliases`). */
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 200, name: 'full_name' })
  fullName!: string;

  /** The division of the gazetteer (统计用区划代码); null when the reports do not tell (findings say why). */
  @Index('ix_agency_division')
  @Column({ type: 'varchar', length: 12, name: 'division_code', nullable: true })
  divisionCode!: string | null;

  /** government, office, department, township or zone (src/divisions/organs.ts). */
  @Column({ type: 'varchar', length: 20, name: 'organ_kind', nullable: true })
  organKind!: string | null;

  /** A department's full name (发展和改革局). */
  @Column({ type: 'varchar', length: 100, name: 'organ_name', nullable: true })
  organName!: string | null;

  /** The divisions it lies in, from the gazetteer: for grouping and filtering without string prefixes. */
  @Index('ix_agency_province')
  @Column({ type: 'varchar', length: 12, name: 'province_code', nullable: true })
  provinceCode!: string | null;

  @Index('ix_agency_city')
  @Column({ type: 'varchar', length: 12, name: 'city_code', nullable: true })
  cityCode!: string | null;

  @Index('ix_agency_county')
  @Column({ type: 'varchar', length: 12, name: 'county_code', nullable: true })
  countyCode!: string | null;

  @Column({ type: 'varchar', length: 12, name: 'township_code', nullable: true })
  townshipCode!: string | null;

  @Index('ix_agency_level')
  @Column({ type: 'varchar', length: 20, nullable: true })
  level!: string | null;

  @OneToMany(
    () => Report,
    (r) => r.agency,
  )
  reports!: Report[];
}

@Entity('report')
@Unique('uq_report_agency_year', ['agencyId', 'year'])
// Covering (with SQLite's rowid): the aggregations' reports of some years, their agency and format, not the row.
@Index('ix_report_year', ['year', 'agencyId', 'format'])
@Index('ix_report_section_bytes', ['sectionBytes'])
// The data's version (query/version.ts: exports' ETag, a chunked answer's check between chunks) reads the newest.
@Index('ix_report_ingested_at', ['ingestedAt'])
export class Report {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_report' })
  id!: number;

  @ManyToOne(
    () => Agency,
    (a) => a.reports,
    { onDelete: 'CASCADE', nullable: false },
  )
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_report_agency' })
  agency!: Agency;

  @Column({ type: 'integer', name: 'agency_id' })
  agencyId!: number;

  @Column({ type: 'integer' })
  year!: number;

  /** The agency as this report printed it: title, and signature where it names the agency. */
  @Column({ type: 'varchar', length: 200, name: 'agency_name', nullable: true })
  agencyName!: string | null;

  @Column({ type: 'varchar', length: 200, name: 'agency_full_name', nullable: true })
  agencyFullName!: string | null;

  /** What the parser resolved the printed names to; the agency is this unless data/agencies.csv says otherwise. */
  @Column({ type: 'varchar', length: 12, name: 'division_code', nullable: true })
  divisionCode!: string | null;

  @Column({ type: 'varchar', length: 20, name: 'organ_kind', nullable: true })
  organKind!: string | null;

  @Column({ type: 'varchar', length: 100, name: 'organ_name', nullable: true })
  organName!: string | null;

  /** Codes the name may mean, comma-separated, when the report does not tell ('' when it does); null: stored before
   * resolution existed, resolved at the next ingest. */
  @Column({ type: 'text', nullable: true })
  candidates!: string | null;

  @Column({ type: 'varchar', length: 4 })
  format!: string;

  @Column({ type: 'varchar', length: 10, name: 'published_on', nullable: true })
  publishedOn!: string | null;

  @Column({ type: 'varchar', length: 500, name: 'source_file' })
  sourceFile!: string;

  /**
   * The file's absolute path when it was ingested: only the server's download route reads it (never the API: paths
   * are not shown to clients). Null for reports ingested before it was recorded.
   */
  @Column({ type: 'text', name: 'source_path', nullable: true })
  sourcePath!: string | null;

  /** text, html, docx or pdf: what the file was, told by its content. */
  @Column({ type: 'varchar', length: 10, name: 'source_kind', default: 'text' })
  sourceKind!: string;

  /** Text and web pages: the encoding the file was read in. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  encoding!: string | null;

  /** The consistency rules that could be checked on the report, comma-separated (null: stored before this was kept). */
  @Column({ type: 'varchar', length: 500, nullable: true, name: 'rules_checked' })
  rulesChecked!: string | null;

  @Index('ix_report_sha256')
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  /** Downloaded reports (gongkai fetch, crawl): the URL the file was fetched from. */
  @Column({ type: 'varchar', length: 2000, name: 'source_url', nullable: true })
  sourceUrl!: string | null;

  /** ISO 8601, UTC. */
  @Column({ type: 'varchar', length: 30, name: 'ingested_at' })
  ingestedAt!: string;

  /** The cells read, and the cells its format expects (format/completeness.ts). */
  @Column({ type: 'integer', name: 'cells_found', default: 0 })
  cellsFound!: number;

  @Column({ type: 'integer', name: 'cells_expected', default: 0 })
  cellsExpected!: number;

  // The narratives (up to megabytes each) are not read with the report: a list of reports or a nested query reads
  // its years and tables, and the `sections` field loads them apart (query/loaders.ts) when it is asked for.
  @Column({ type: 'text', nullable: true, select: false })
  overview!: string | null;

  @Column({ type: 'text', nullable: true, select: false })
  problems!: string | null;

  @Column({ type: 'text', nullable: true, select: false })
  other!: string | null;

  /**
   * The longest of the three narrative sections, in UTF-8 bytes: what the cost estimate of a query reads
   * (query/shape.ts) through its index, instead of measuring every narrative stored.
   */
  @Column({ type: 'integer', name: 'section_bytes', default: 0 })
  sectionBytes!: number;

  /** Web pages: the publication date the page states outside the report (its chrome), where it states one. */
  @Column({ type: 'varchar', length: 10, name: 'page_date', nullable: true })
  pageDate!: string | null;

  /** What stated the page date, as printed: "公开日期 2024-01-17", "meta PubDate: 2024-01-17". */
  @Column({ type: 'varchar', length: 100, name: 'page_date_source', nullable: true })
  pageDateSource!: string | null;

  /** Characters of the narrative as copy detection compares it (similarity/normalizeNarrative). */
  @Column({ type: 'integer', name: 'narrative_chars', nullable: true })
  narrativeChars!: number | null;

  @OneToMany(
    () => Cell,
    (c) => c.report,
  )
  cells!: Cell[];

  @OneToMany(
    () => Finding,
    (f) => f.report,
  )
  findings!: Finding[];
}

@Entity('cell')
// Two indexes (BENCHMARKS.md shows the plans): by report and table, for a report's own cells (batch loads,
// replacement, the carry-over check) and the cells of one table that a nested query asks for (15 of ~200), appended
// to at each ingest; and by slice, covering every column an aggregation reads, so a breakdown over 20,000 reports
// scans one contiguous range per row key without touching the table or the reports.
@Index('ix_cell_report', ['reportId', 'tableKey'])
@Index('ix_cell_slice', ['tableKey', 'columnKey', 'rowKey', 'year', 'agencyId', 'reportId', 'value'])
export class Cell {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_cell' })
  id!: number;

  @ManyToOne(
    () => Report,
    (r) => r.cells,
    { onDelete: 'CASCADE', nullable: false },
  )
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'fk_cell_report' })
  report!: Report;

  @Column({ type: 'integer', name: 'report_id' })
  reportId!: number;

  /** The report's year and agency, copied: a report's cells never change owner (a new version replaces them all). */
  @Column({ type: 'integer' })
  year!: number;

  @Column({ type: 'integer', name: 'agency_id' })
  agencyId!: number;

  @Column({ type: 'varchar', length: 20, name: 'table_key' })
  tableKey!: string;

  @Column({ type: 'varchar', length: 40, name: 'row_key' })
  rowKey!: string;

  @Column({ type: 'varchar', length: 20, name: 'column_key' })
  columnKey!: string;

  /** null: printed blank. */
  @Column({ type: 'double precision', nullable: true })
  value!: number | null;

  @Column({ type: 'varchar', length: 200 })
  raw!: string;

  /** Line of the document's text view (`gongkai parse --text` shows it for web pages, Word files and PDFs). */
  @Column({ type: 'integer' })
  line!: number;

  /** PDF: the page. */
  @Column({ type: 'integer', nullable: true })
  page!: number | null;

  /** Web pages and Word files: the table of the document, and the row and column of its grid (1-based, merged cells resolved). */
  @Column({ type: 'integer', name: 'grid_table', nullable: true })
  gridTable!: number | null;

  @Column({ type: 'integer', name: 'grid_row', nullable: true })
  gridRow!: number | null;

  @Column({ type: 'integer', name: 'grid_column', nullable: true })
  gridColumn!: number | null;
}

@Entity('finding')
@Index('ix_finding_report', ['reportId'])
@Index('ix_finding_code', ['code', 'rule'])
export class Finding {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_finding' })
  id!: number;

  @ManyToOne(
    () => Report,
    (r) => r.findings,
    { onDelete: 'CASCADE', nullable: false },
  )
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'fk_finding_report' })
  report!: Report;

  @Column({ type: 'integer', name: 'report_id' })
  reportId!: number;

  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'varchar', length: 10 })
  severity!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ type: 'integer', nullable: true })
  line!: number | null;

  @Column({ type: 'varchar', length: 20, name: 'table_key', nullable: true })
  tableKey!: string | null;

  @Column({ type: 'varchar', length: 40, name: 'row_key', nullable: true })
  rowKey!: string | null;

  @Column({ type: 'varchar', length: 20, name: 'column_key', nullable: true })
  columnKey!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  rule!: string | null;

  @Column({ type: 'double precision', nullable: true })
  expected!: number | null;

  @Column({ type: 'double precision', nullable: true })
  actual!: number | null;

  /** The cells a rule involved, "table/row/column", comma-separated. */
  @Column({ type: 'text', nullable: true })
  cells!: string | null;
}

/** Row and column dimensions of the tables (key, labels, category, printed order), seeded from the format description. */
@Entity('dimension')
@Unique('uq_dimension', ['tableKey', 'kind', 'key'])
export class Dimension {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_dimension' })
  id!: number;

  @Column({ type: 'varchar', length: 20, name: 'table_key' })
  tableKey!: string;

  @Column({ type: 'varchar', length: 6 })
  kind!: string;

  @Column({ type: 'varchar', length: 40 })
  key!: string;

  @Column({ type: 'varchar', length: 100 })
  label!: string;

  @Column({ type: 'varchar', length: 100 })
  en!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  category!: string | null;

  @Column({ type: 'integer', name: 'sort_order' })
  order!: number;

  /** The format generations that print it, comma-separated ("2019,2021"). */
  @Column({ type: 'varchar', length: 20 })
  formats!: string;
}

/**
 * Every version of a report (agency, year) ever ingested, with its source and what it held. The current one is the
 * version whose report_id is set: the `report` row (and its cells and findings) is always the current version, so
 * queries never see the others. A version that is not current keeps only its counts; its original is in the archive
 * (downloads) or wherever the file was. Exactly one is current: report is unique per (agency, year), report_id unique.
 */
@Entity('report_version')
@Unique('uq_report_version', ['agencyId', 'year', 'version'])
@Unique('uq_report_version_report', ['reportId'])
export class ReportVersion {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_report_version' })
  id!: number;

  @ManyToOne(() => Agency, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_report_version_agency' })
  agency!: Agency;

  @Column({ type: 'integer', name: 'agency_id' })
  agencyId!: number;

  @Column({ type: 'integer' })
  year!: number;

  /** 1, 2, … in the order the versions were ingested. */
  @Column({ type: 'integer' })
  version!: number;

  /** The report row while this version is current; null otherwise (set to null when a newer version replaces it). */
  @ManyToOne(() => Report, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'fk_report_version_report' })
  report!: Report | null;

  @Column({ type: 'integer', name: 'report_id', nullable: true })
  reportId!: number | null;

  @Column({ type: 'varchar', length: 500, name: 'source_file' })
  sourceFile!: string;

  @Column({ type: 'varchar', length: 2000, name: 'source_url', nullable: true })
  sourceUrl!: string | null;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  /** Downloaded files: where the original is in the archive (content-addressed by SHA-256). */
  @Column({ type: 'varchar', length: 500, name: 'archive_path', nullable: true })
  archivePath!: string | null;

  @Column({ type: 'varchar', length: 10, name: 'source_kind' })
  sourceKind!: string;

  @Column({ type: 'varchar', length: 4 })
  format!: string;

  @Column({ type: 'integer' })
  cells!: number;

  /** Findings by severity. */
  @Column({ type: 'integer' })
  errors!: number;

  @Column({ type: 'integer' })
  warnings!: number;

  @Column({ type: 'integer' })
  infos!: number;

  /** Of the three tables, how many gave at least one cell. */
  @Column({ type: 'integer', name: 'tables_found' })
  tablesFound!: number;

  /**
   * Cells found / cells the format expects (every non-optional row of the format description × its columns; of rows
   * printed either way, the ones the report printed). Null for versions ingested before versions were kept.
   */
  @Column({ type: 'double precision', nullable: true })
  completeness!: number | null;

  /** ISO 8601, UTC. */
  @Column({ type: 'varchar', length: 30, name: 'ingested_at' })
  ingestedAt!: string;
}

/** One HTTP fetch (gongkai fetch, crawl): what was asked, what came back, and where the bytes are in the archive. */
@Entity('http_fetch')
@Index('ix_http_fetch_url', ['url'])
export class FetchRecord {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_http_fetch' })
  id!: number;

  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  /** After redirects. */
  @Column({ type: 'varchar', length: 2000, name: 'final_url', nullable: true })
  finalUrl!: string | null;

  /** ISO 8601, UTC. */
  @Column({ type: 'varchar', length: 30, name: 'fetched_at' })
  fetchedAt!: string;

  /** HTTP status; null when no response came (a timeout, a refused connection). */
  @Column({ type: 'integer', nullable: true })
  status!: number | null;

  /** The response headers, as a JSON object. */
  @Column({ type: 'text', nullable: true })
  headers!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  etag!: string | null;

  @Column({ type: 'varchar', length: 100, name: 'last_modified', nullable: true })
  lastModified!: string | null;

  /** Of the body (a 304 names the archived body it confirmed). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256!: string | null;

  @Column({ type: 'varchar', length: 500, name: 'archive_path', nullable: true })
  archivePath!: string | null;

  @Column({ type: 'integer', nullable: true })
  bytes!: number | null;

  /** Why nothing usable came back. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;
}

/** A fetch or crawl run: what it was asked (its spec), so that a run killed part-way is resumed by running it again. */
@Entity('crawl')
export class CrawlJob {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_crawl' })
  id!: number;

  /** The command and its options as JSON: a run with the same spec resumes an unfinished one. */
  @Column({ type: 'text' })
  spec!: string;

  @Column({ type: 'varchar', length: 30, name: 'started_at' })
  startedAt!: string;

  @Column({ type: 'varchar', length: 30, name: 'finished_at', nullable: true })
  finishedAt!: string | null;
}

/** The crawl frontier: every URL a run has found, what it is, and whether it has been visited. */
@Entity('crawl_item')
@Unique('uq_crawl_item', ['crawlId', 'url'])
@Index('ix_crawl_item_state', ['crawlId', 'state'])
export class CrawlItem {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_crawl_item' })
  id!: number;

  @ManyToOne(() => CrawlJob, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'crawl_id', foreignKeyConstraintName: 'fk_crawl_item_crawl' })
  crawl!: CrawlJob;

  @Column({ type: 'integer', name: 'crawl_id' })
  crawlId!: number;

  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  /** list (a page of the column), page (a report page, or a wrapper of attachments), file (an attachment). */
  @Column({ type: 'varchar', length: 10 })
  kind!: string;

  /** List pages: 1 for the first, 2 for the next… (--max-pages). */
  @Column({ type: 'integer', name: 'list_page', nullable: true })
  listPage!: number | null;

  /** pending, done, failed or skipped (robots.txt, --since). */
  @Column({ type: 'varchar', length: 10 })
  state!: string;

  /** What a visited URL turned out to be: list, report (ingested), wrapper (links attachments), other. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  role!: string | null;

  /** The text of the link it was found by. */
  @Column({ type: 'varchar', length: 200, name: 'link_text', nullable: true })
  linkText!: string | null;

  @ManyToOne(() => FetchRecord, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'fetch_id', foreignKeyConstraintName: 'fk_crawl_item_fetch' })
  fetch!: FetchRecord | null;

  @Column({ type: 'integer', name: 'fetch_id', nullable: true })
  fetchId!: number | null;

  /** Why it failed or was skipped. */
  @Column({ type: 'text', nullable: true })
  note!: string | null;
}

/** Rows keyed by report and deleted with it (a new version replaces them all). */
const reportColumn = () => Column({ type: 'integer', name: 'report_id' });
const toReport = (name: string) =>
  JoinColumn({ name: 'report_id', foreignKeyConstraintName: `fk_${name}_report` }) as PropertyDecorator;

/** A section heading the parser found, and how much its narrative says (completeness). */
@Entity('report_section')
@Index('ix_report_section_report', ['reportId'])
export class ReportSection {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_report_section' })
  id!: number;

  @ManyToOne(() => Report, { onDelete: 'CASCADE', nullable: false })
  @toReport('report_section')
  report!: Report;

  @reportColumn()
  reportId!: number;

  @Column({ type: 'varchar', length: 20, name: 'section_key' })
  sectionKey!: string;

  /** The heading's line (of the text view) and page (PDF). */
  @Column({ type: 'integer' })
  line!: number;

  @Column({ type: 'integer', nullable: true })
  page!: number | null;

  /** Narrative sections (overview, problems, other): characters printed, spaces excluded. */
  @Column({ type: 'integer', nullable: true })
  chars!: number | null;

  /** The same, less headings, stock formulas, numbering and punctuation (format/completeness.ts). */
  @Column({ type: 'integer', nullable: true })
  substance!: number | null;
}

/** A table as printed, summed up: for completeness (non-empty) and for tables identical to the year before. */
@Entity('report_table')
@Index('ix_report_table_report', ['reportId'])
export class ReportTable {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_report_table' })
  id!: number;

  @ManyToOne(() => Report, { onDelete: 'CASCADE', nullable: false })
  @toReport('report_table')
  report!: Report;

  @reportColumn()
  reportId!: number;

  @Column({ type: 'varchar', length: 20, name: 'table_key' })
  tableKey!: string;

  /** Cells found, of them reported (not blank), of those not 0. */
  @Column({ type: 'integer' })
  cells!: number;

  @Column({ type: 'integer' })
  reported!: number;

  @Column({ type: 'integer' })
  nonzero!: number;

  /** SHA-256 of its cells (row, column, value) in key order: equal digests, every cell equal. */
  @Column({ type: 'varchar', length: 64 })
  digest!: string;
}

/** A figure the narrative states, and what the tables say of it (format/prose.ts). */
@Entity('prose_figure')
@Index('ix_prose_figure_report', ['reportId'])
export class ProseFigure {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_prose_figure' })
  id!: number;

  @ManyToOne(() => Report, { onDelete: 'CASCADE', nullable: false })
  @toReport('prose_figure')
  report!: Report;

  @reportColumn()
  reportId!: number;

  @Column({ type: 'varchar', length: 30, name: 'figure_key' })
  figureKey!: string;

  @Column({ type: 'double precision' })
  value!: number;

  @Column({ type: 'varchar', length: 10 })
  unit!: string;

  /** The clause that states it, as printed. */
  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'integer' })
  line!: number;

  @Column({ type: 'integer', nullable: true })
  page!: number | null;

  @Column({ type: 'varchar', length: 20, name: 'section_key', nullable: true })
  sectionKey!: string | null;

  /** agrees, contradicts, not_checkable or cell_missing. */
  @Column({ type: 'varchar', length: 20 })
  outcome!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** The cells it speaks of, "table/row/column", comma-separated. */
  @Column({ type: 'text', nullable: true })
  cells!: string | null;

  @Column({ type: 'double precision', name: 'table_value', nullable: true })
  tableValue!: number | null;

  @Column({ type: 'integer', name: 'table_line', nullable: true })
  tableLine!: number | null;
}

/** The LSH index of narratives: a report's MinHash bands (similarity/); reports sharing a band are candidates. */
@Entity('narrative_band')
@Index('ix_narrative_band_hash', ['band', 'hash'])
export class NarrativeBand {
  @PrimaryColumn({ type: 'integer', name: 'report_id', primaryKeyConstraintName: 'pk_narrative_band' })
  reportId!: number;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_narrative_band' })
  band!: number;

  @Column({ type: 'integer' })
  hash!: number;

  @ManyToOne(() => Report, { onDelete: 'CASCADE', nullable: false })
  @toReport('narrative_band')
  report!: Report;
}

/**
 * Two reports whose narratives are alike (exact Jaccard of their shingles, at least MATCH_MIN), stored both ways when
 * the second of them is stored; deleted with either. Whether a match is a copy of the year before or of another
 * agency's report is read at query time from the two reports' agencies and years.
 */
@Entity('narrative_match')
@Index('ix_narrative_match_other', ['otherId'])
export class NarrativeMatch {
  @PrimaryColumn({ type: 'integer', name: 'report_id', primaryKeyConstraintName: 'pk_narrative_match' })
  reportId!: number;

  @PrimaryColumn({ type: 'integer', name: 'other_id', primaryKeyConstraintName: 'pk_narrative_match' })
  otherId!: number;

  @Column({ type: 'double precision' })
  similarity!: number;

  @ManyToOne(() => Report, { onDelete: 'CASCADE', nullable: false })
  @toReport('narrative_match')
  report!: Report;

  @ManyToOne(() => Report, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'other_id', foreignKeyConstraintName: 'fk_narrative_match_other' })
  other!: Report;
}

// ---------------------------------------------------------------------------------------------------------------
// Summary rows per report (model/summary.ts): what the aggregations read instead of the cells where they can. Keyed
// by report (SQLite: WITHOUT ROWID, clustered by report, so a report's rows are written and deleted in one place);
// each with a slice index covering the columns a breakdown reads, in the order its filters and groups use them.

/** A copy of the report's year and agency (the filters and groupings read them without joining the report). */
const yearColumn = () => Column({ type: 'integer' });
const agencyColumn = () => Column({ type: 'integer', name: 'agency_id' });
const statusColumn = () => Column({ type: 'varchar', length: 20 });
const flagColumn = () => Column({ type: 'integer' });
const amount = (name?: string) => Column({ type: 'double precision', nullable: true, ...(name ? { name } : {}) });
const key = (table: string, name: string, length = 40) =>
  PrimaryColumn({ type: 'varchar', length, name, primaryKeyConstraintName: `pk_${table}` });
const intKey = (table: string, name: string) =>
  PrimaryColumn({ type: 'integer', name, primaryKeyConstraintName: `pk_${table}` });
const reportKey = (table: string) => intKey(table, 'report_id');

/** Dispositions: a report × applications column × handling category, its standing and sums (every handling row). */
@Entity('summary_disposition', { withoutRowid: true })
@Index('ix_summary_disposition_slice', [
  'columnKey',
  'year',
  'agencyId',
  'category',
  'reportId',
  'status',
  's',
  'h',
  'violating',
])
export class SummaryDisposition {
  @reportKey('summary_disposition')
  reportId!: number;

  @key('summary_disposition', 'column_key', 20)
  columnKey!: string;

  @key('summary_disposition', 'category')
  category!: string;

  @yearColumn()
  year!: number;

  @agencyColumn()
  agencyId!: number;

  /** used, blank, missing or not_printed (query/accounting.ts): excluded is the query's to decide. */
  @statusColumn()
  status!: string;

  /** The category's cells of the column, summed (whatever the standing: only the used are summed in buckets). */
  @amount()
  s!: number | null;

  /** The column's printed 总计 (total_handled). */
  @amount()
  h!: number | null;

  /** 1: the report breaks a rule on the applications table. */
  @flagColumn()
  violating!: number;

  @ManyToOne(() => Report, { onDelete: 'CASCADE', nullable: false })
  @toReport('summary_disposition')
  report!: Report;
}

/**
 * Dispositions by handling row: a report × handling row of the 总计 column (applications.total), its standing and
 * the cell — what a breakdown by row (detail ROW: the top agencies by one row) reads instead of the cells, where it is
 * not by applicant.
 */
@Entity('summary_disposition_row', { withoutRowid: true })
@Index('ix_summary_disposition_row_slice', ['rowKey', 'year', 'agencyId', 'reportId', 'status', 's', 'h', 'violating'])
export class SummaryDispositionRow {
  @reportKey('summary_disposition_row')
  reportId!: number;

  @key('summary_disposition_row', 'row_key')
  rowKey!: string;

  @yearColumn()
  year!: number;

  @agencyColumn()
  agencyId!: number;

  @statusColumn()
  status!: string;

  /** The row's cell of the 总计 column. */
  @amount()
  s!: number | null;

  /** The column's printed 总计 (total_handled). */
  @amount()
  h!: number | null;

  @flagColumn()
  violating!: number;

  @ManyToOne(() => Report, { onDelete: 'CASCADE', nullable: false })
  @toReport('summary_disposition_row')
  report!: Report;
}

/** Review and litigation: a report × kind, its standing and the five outcomes. */
@Entity('summary_review', { withoutRowid: true })
@Index('ix_summary_review_slice', [
  'year',
  'agencyId',
  'kind',
  'reportId',
  'status',
  'upheld',
  'corrected',
  'other',
  'pending',
  'total',
  'violating',
])
export class SummaryReview {
  @reportKey('summary_review')
  reportId!: number;

  @key('summary_review', 'kind')
  kind!: string;

  @yearColumn()
  year!: number;

  @agencyColumn()
  agencyId!: number;

  @statusColumn()
  status!: string;

  @amount()
  upheld!: number | null;

  @amount()
  corrected!: number | null;

  @amount()
  other!: number | null;

  @amount()
  pending!: number | null;

  @amount()
  total!: number | null;

  @flagColumn()
  violating!: number;

  @ManyToOne(() => Report, { onDelete: 'CASCADE', nullable: false })
  @toReport('summary_review')
  report!: Report;
}

/** Procurement: a report's standing, projects and amount (in whole 元), and whether the amount had no unit. */
@Entity('summary_procurement', { withoutRowid: true })
@Index('ix_summary_procurement_slice', [
  'year',
  'agencyId',
  'reportId',
  'status',
  'projects',
  'yuan',
  'assumed',
  'violating',
])
export class SummaryProcurement {
  @reportKey('summary_procurement')
  reportId!: number;

  @yearColumn()
  year!: number;

  @agencyColumn()
  agencyId!: number;

  /** The agency's province (null: none): copied, so that the rollup by province subtracts a row where it added it. */
  @Column({ type: 'varchar', length: 12, name: 'province_code', nullable: true })
  provinceCode!: string | null;

  @statusColumn()
  status!: string;

  @amount()
  projects!: number | null;

  @amount()
  yuan!: number | null;

  /** 1: the amount was printed without a unit (unit_assumed). */
  @flagColumn()
  assumed!: number;

  @flagColumn()
  violating!: number;

  @ManyToOne(() => Report, { onDelete: 'CASCADE', nullable: false })
  @toReport('summary_procurement')
  report!: Report;
}

/** Rule outcomes: a report × rule that was checked on it or that it breaks. */
@Entity('summary_rule', { withoutRowid: true })
export class SummaryRule {
  @reportKey('summary_rule')
  reportId!: number;

  @key('summary_rule', 'rule')
  rule!: string;

  @flagColumn()
  checked!: number;

  @flagColumn()
  violated!: number;

  @ManyToOne(() => Report, { onDelete: 'CASCADE', nullable: false })
  @toReport('summary_rule')
  report!: Report;
}

// Rollups of the summary rows per year and standing (model/rollup.ts), kept by triggers the migration makes.

const total = () => Column({ type: 'double precision' });

/** Dispositions per year × applications column × category × standing × rule flag: their reports and sums. */
@Entity('rollup_disposition')
export class RollupDisposition {
  @intKey('rollup_disposition', 'year')
  year!: number;

  @key('rollup_disposition', 'column_key', 20)
  columnKey!: string;

  @key('rollup_disposition', 'category')
  category!: string;

  @key('rollup_disposition', 'status', 20)
  status!: string;

  @intKey('rollup_disposition', 'violating')
  violating!: number;

  @Column({ type: 'integer' })
  reports!: number;

  @total()
  s!: number;

  @total()
  h!: number;
}

/** Review and litigation per year × kind × standing × rule flag: their reports and the five outcomes summed. */
@Entity('rollup_review')
export class RollupReview {
  @intKey('rollup_review', 'year')
  year!: number;

  @key('rollup_review', 'kind')
  kind!: string;

  @key('rollup_review', 'status', 20)
  status!: string;

  @intKey('rollup_review', 'violating')
  violating!: number;

  @Column({ type: 'integer' })
  reports!: number;

  @total()
  upheld!: number;

  @total()
  corrected!: number;

  @total()
  other!: number;

  @total()
  pending!: number;

  @total()
  total!: number;
}

/** Procurement per year × province ('' for none) × standing × rule flag × unit assumed: reports, projects, 元. */
@Entity('rollup_procurement')
export class RollupProcurement {
  @intKey('rollup_procurement', 'year')
  year!: number;

  @key('rollup_procurement', 'province_code', 12)
  provinceCode!: string;

  @key('rollup_procurement', 'status', 20)
  status!: string;

  @intKey('rollup_procurement', 'violating')
  violating!: number;

  @intKey('rollup_procurement', 'assumed')
  assumed!: number;

  @Column({ type: 'integer' })
  reports!: number;

  @total()
  projects!: number;

  @total()
  yuan!: number;
}

export const ENTITIES = [
  Agency,
  Report,
  Cell,
  Finding,
  Dimension,
  ReportVersion,
  FetchRecord,
  CrawlJob,
  CrawlItem,
  ReportSection,
  ReportTable,
  ProseFigure,
  NarrativeBand,
  NarrativeMatch,
  SummaryDisposition,
  SummaryDispositionRow,
  SummaryReview,
  SummaryProcurement,
  SummaryRule,
  RollupDisposition,
  RollupProcurement,
  RollupReview,
];
