/** Matching laid-out records against the format description: cells with keys, or findings where unsure. */
import {
  APPLICANT_COLUMNS,
  type ColumnDef,
  type FormatDef,
  type RowDef,
  type TableDef,
  type TableKey,
} from '../format';
import { RowMatcher } from './labels';
import type { Cell, RecordRow } from './layout';
import { isValueText } from './recognize';
import { append, squeeze } from './text';
import { finding, type Finding, type ParsedCell } from './types';
import { headerUnit, readValue, type MoneyUnit } from './values';

export interface TableResult {
  cells: ParsedCell[];
  findings: Finding[];
}

interface DataRecord {
  line: number;
  label: string;
  values: Cell[];
}

/** Splits a record into its label (every text cell up to the last one) and its value cells (after it). */
function split(record: RecordRow): DataRecord {
  let last = -1;
  record.cells.forEach((c, i) => {
    if (!isValueText(c.text)) last = i;
  });
  const label = record.cells
    .slice(0, last + 1)
    .map((c) => c.text)
    .join('');
  return { line: record.line, label, values: record.cells.slice(last + 1) };
}

const hasValue = (r: DataRecord) => r.values.some((c) => c.text !== '');

const trimEmpty = (cells: Cell[], from: 'start' | 'end') => {
  const out = [...cells];
  while (out.length && (from === 'end' ? out[out.length - 1] : out[0]).text === '') {
    if (from === 'end') out.pop();
    else out.shift();
  }
  return out;
};

interface Fit {
  cells: Cell[] | null;
  findings: Finding[];
}

/**
 * Lines values up with columns. Exactly as many cells as columns: by position, blanks included. Otherwise the empty
 * cells at the edges (merged label columns, trailing tabs) are dropped; what still does not fit is reported, not guessed.
 */
function fit(
  values: Cell[],
  columns: ColumnDef[],
  at: Pick<Finding, 'table' | 'row'>,
  line: number,
  opts: { labelLost: boolean; totalAbsent: boolean },
): Fit {
  const n = columns.length;
  if (values.length === n) return { cells: values, findings: [] };
  let v = trimEmpty(values, 'end');
  if (v.length !== n) v = trimEmpty(v, 'start');
  if (v.length === n) return { cells: v, findings: [] };
  const printed = v.map((c) => c.raw.trim() || '∅').join(' ');
  if (opts.labelLost && v.length === n + 1) {
    return {
      cells: v.slice(1),
      findings: [
        finding(
          'label_missing',
          `the row's label was replaced by the number "${v[0].raw.trim()}"; that number was dropped and the row taken by its position`,
          line,
          at,
        ),
      ],
    };
  }
  if (opts.totalAbsent && v.length === n + 1) {
    return {
      cells: v.slice(0, n),
      findings: [
        finding(
          'value_without_column',
          `a value "${v[n].raw.trim()}" stands where the national format prints 总计, but this table's header has no 总计 column; not recorded`,
          line,
          at,
        ),
      ],
    };
  }
  const code = v.length < n ? 'row_incomplete' : 'row_extra_values';
  return {
    cells: null,
    findings: [finding(code, `${v.length} values for ${n} columns (${printed}); no value was assigned`, line, at)],
  };
}

function toCells(
  table: TableKey,
  row: RowDef,
  columns: ColumnDef[],
  cells: Cell[],
  units: (c: ColumnDef) => MoneyUnit,
): TableResult {
  const out: TableResult = { cells: [], findings: [] };
  // A plain loop: this runs for every cell of every report (see BENCHMARKS.md).
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    const column = columns[i];
    const where = { table, row: row.key, column: column.key };
    const v = readValue(c, column, where, units(column));
    for (const f of v.findings) out.findings.push(f);
    if (v.value === undefined) continue;
    const parsed: ParsedCell = {
      table,
      row: row.key,
      column: column.key,
      value: v.value,
      raw: asPrinted(c.raw),
      line: c.line,
    };
    if (c.page !== undefined) parsed.page = c.page;
    if (c.at) parsed.at = c.at;
    out.cells.push(parsed);
  }
  return out;
}

/** Only layout whitespace is taken off: full-width and non-breaking spaces are part of what was printed. */
const asPrinted = (raw: string) =>
  /^[\t\r\n ]|[\t\r\n ]$/.test(raw) ? raw.replace(/^[\t\r\n ]+|[\t\r\n ]+$/g, '') : raw;

const CAPTION = /第([一二三四五六七八九十]+)条第\(([一二三四五六七八九十]+)\)项/;

/** Walks the data records of a table, matching rows by label, by position where the label was lost. */
function matchRows(
  table: TableDef,
  records: RecordRow[],
  columnsOf: (row: RowDef) => ColumnDef[],
  opts: { totalAbsent: boolean; onLabelOnly?: (r: DataRecord) => void; units: (c: ColumnDef) => MoneyUnit },
): TableResult {
  const out: TableResult = { cells: [], findings: [] };
  const matcher = new RowMatcher(table.rows);
  const filled = new Set<string>();
  let cursor = 0;
  let pending = '';
  for (const record of records.map(split)) {
    const own = matcher.match(record.label);
    if (!hasValue(record) && !(own && record.values.length > 0)) {
      opts.onLabelOnly?.(record);
      pending += record.label;
      continue;
    }
    // Labels wrapped over lines (PDF text) print part of a row's label on the lines before its numbers.
    const m = own ?? (pending ? matcher.match(pending + record.label) : null);
    const label = pending + record.label;
    pending = '';
    let row: RowDef | undefined = m?.row;
    let labelLost = false;
    if (!row) {
      if (!RowMatcher.onlyCategories(label)) {
        out.findings.push(
          finding(
            'row_unrecognized',
            `"${label}" matches no row of the ${table.key} table; its ${record.values.length} values were not recorded`,
            record.line,
            { table: table.key },
          ),
        );
        continue;
      }
      row = table.rows.slice(cursor).find((r) => !filled.has(r.key) && !r.optional && !r.alternativeTo);
      labelLost = true;
      if (!row) {
        out.findings.push(
          finding('row_unrecognized', `a row with no label after the last row of the ${table.key} table`, record.line, {
            table: table.key,
          }),
        );
        continue;
      }
    }
    const at = { table: table.key, row: row.key };
    if (filled.has(row.key)) {
      out.findings.push(
        finding('row_duplicate', `${row.label} (${row.key}) is printed again; the first one was kept`, record.line, at),
      );
      continue;
    }
    filled.add(row.key);
    cursor = table.rows.indexOf(row) + 1;
    const columns = columnsOf(row);
    const f = fit(record.values, columns, at, record.line, { labelLost, totalAbsent: opts.totalAbsent });
    if (labelLost && !f.findings.some((x) => x.code === 'label_missing')) {
      f.findings.push(
        finding(
          'label_missing',
          `a row with no label of its own ("${label}") was taken as ${row.label} (${row.key}) by its position`,
          record.line,
          at,
        ),
      );
    }
    append(out.findings, f.findings);
    if (f.cells) {
      const t = toCells(table.key, row, columns, f.cells, opts.units);
      append(out.cells, t.cells);
      append(out.findings, t.findings);
    }
  }
  append(out.findings, missingRows(table, filled));
  return out;
}

function missingRows(table: TableDef, filled: Set<string>): Finding[] {
  return (
    table.rows
      .filter((r) => !filled.has(r.key) && !r.optional && !r.alternativeTo?.some((k) => filled.has(k)))
      // Of two alternatives that are both absent, report the usual one only.
      .filter((r) => !(r.alternativeTo && r.alternativeTo.length > 1))
      .map((r) =>
        finding('row_missing', `${r.label} (${r.key}) is not in the text`, null, { table: table.key, row: r.key }),
      )
  );
}

export function parseProactive(format: FormatDef, records: RecordRow[]): TableResult {
  const table = format.tables.proactive;
  const columns = new Map(table.columns.map((c) => [c.key, c]));
  const captionFindings: Finding[] = [];
  let unit: MoneyUnit = null;
  const result = matchRows(table, records, (row) => row.columns.map((k) => columns.get(k)!), {
    totalAbsent: false,
    units: () => unit,
    onLabelOnly: (r) => {
      const caption = CAPTION.exec(squeeze(r.label));
      if (caption) {
        unit = null;
        if (caption[1] !== '二十') {
          captionFindings.push(
            finding(
              'caption_typo',
              `caption "${squeeze(r.label)}" is printed for 第二十条第(${caption[2]})项`,
              r.line,
              { table: 'proactive' },
            ),
          );
        }
      } else if (headerUnit(r.label)) unit = headerUnit(r.label);
    },
  });
  return { cells: result.cells, findings: [...captionFindings, ...result.findings] };
}

export function parseApplications(format: FormatDef, records: RecordRow[]): TableResult {
  const table = format.tables.applications;
  const parts = records.map(split);
  const firstData = parts.findIndex(hasValue);
  const header = parts
    .slice(0, firstData < 0 ? undefined : firstData)
    .map((r) => squeeze(r.label))
    .join('');
  // A header that names the applicant columns but not 总计 means the column is absent, not to be computed.
  const totalAbsent = header.includes('自然人') && !header.includes('总计');
  const columns = totalAbsent ? APPLICANT_COLUMNS : table.columns;
  const result = matchRows(table, records, () => columns, { totalAbsent, units: () => null });
  if (totalAbsent) {
    result.findings.unshift(
      finding(
        'column_missing',
        'the applications header has no 总计 column: no total is recorded (none is computed)',
        records[0]?.line ?? null,
        { table: 'applications', column: 'total' },
      ),
    );
  }
  return result;
}

export function parseReviewLitigation(format: FormatDef, records: RecordRow[]): TableResult {
  const table = format.tables.review_litigation;
  const data = records.map(split).filter(hasValue);
  const perRow = table.rows.length * table.columns.length;
  const byLabel = new RowMatcher(table.rows);
  const out: TableResult = { cells: [], findings: [] };

  // Printed as three labelled rows of five…
  if (
    data.length === table.rows.length &&
    data.every((r) => byLabel.match(r.label) && trimEmpty(r.values, 'end').length === table.columns.length)
  ) {
    for (const r of data) {
      const row = byLabel.match(r.label)!.row;
      const t = toCells(table.key, row, table.columns, trimEmpty(r.values, 'end'), () => null);
      append(out.cells, t.cells);
      append(out.findings, t.findings);
    }
    return out;
  }
  // …or, as the national form prints it, one line of fifteen (wrapped over lines in PDF text).
  const single = data.length === 1 ? data[0].values : data.flatMap((r) => r.values);
  const values = single.length === perRow ? single : trimEmpty(trimEmpty(single, 'end'), 'start');
  if (values.length !== perRow) {
    out.findings.push(
      finding(
        'review_cells_mismatch',
        `${values.length} cells where the form has ${perRow}; none recorded`,
        data[0]?.line ?? null,
        { table: table.key },
      ),
    );
    return out;
  }
  table.rows.forEach((row, i) => {
    const width = table.columns.length;
    const t = toCells(table.key, row, table.columns, values.slice(i * width, (i + 1) * width), () => null);
    append(out.cells, t.cells);
    append(out.findings, t.findings);
  });
  return out;
}
