/**
 * The relational model. Portable column types only (no SQLite-only SQL): the same entities run on PostgreSQL.
 * Table, row and column keys are FORMAT.md's keys; their labels live in `dimension`, seeded from the format description.
 */
import 'reflect-metadata';
import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, Unique } from 'typeorm';

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
@Index('ix_report_year', ['year'])
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

  /** ISO 8601, UTC. */
  @Column({ type: 'varchar', length: 30, name: 'ingested_at' })
  ingestedAt!: string;

  @Column({ type: 'text', nullable: true })
  overview!: string | null;

  @Column({ type: 'text', nullable: true })
  problems!: string | null;

  @Column({ type: 'text', nullable: true })
  other!: string | null;

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
// Two indexes (BENCHMARKS.md shows the plans): by report, for a report's own cells (batch loads, replacement, the
// carry-over check), appended to at each ingest; and by slice, covering every column an aggregation reads, so a
// breakdown over 20,000 reports scans one contiguous range per row key without touching the table or the reports.
@Index('ix_cell_report', ['reportId'])
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

export const ENTITIES = [Agency, Report, Cell, Finding, Dimension];
