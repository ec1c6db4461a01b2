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

  /** The full name with spaces removed: what makes two reports the same agency's. */
  @Column({ type: 'varchar', length: 200 })
  key!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 200, name: 'full_name' })
  fullName!: string;

  @Index('ix_agency_region')
  @Column({ type: 'varchar', length: 100, nullable: true })
  region!: string | null;

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

  @Index('ix_report_sha256')
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  /** ISO 8601, UTC. */
  @Column({ type: 'varchar', length: 30, name: 'ingested_at' })
  ingestedAt!: string;

  /** The cells read, and the cells its format expects (format/completeness.ts). */
  @Column({ type: 'integer', name: 'cells_found', default: 0 })
  cellsFound!: number;

  @Column({ type: 'integer', name: 'cells_expected', default: 0 })
  cellsExpected!: number;

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
