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
  /** Rows of values whose label matches no row, with the rows matched just before and after them (fill.ts). */
  unplaced?: Unplaced[];
}

export interface Unplaced {
  label: string;
  values: Cell[];
  line: number;
  /** Its label holds nothing but categories and numbering (or a number): the row's own label was lost. */
  labelLost: boolean;
  /** The rows matched by label just before and just after it (null: the table's start, its end). */
  after: string | null;
  before: string | null;
}

export interface DataRecord {
  line: number;
  label: string;
  values: Cell[];
}

/** Splits a record into its label (every text cell up to the last one) and its value cells (after it). */
export function split(record: RecordRow): DataRecord {
  let last = -1;
  record.cells.forEach((c, i) => {
    if (!isValueText(c.text)) last = i;
  });
  // A record of one 无 is a character of a label printed vertically ("无/法/提/供"), not a blank cell.
  if (record.cells.length === 1 && record.cells[0].text === '无') last = 0;
  const label = record.cells
    .slice(0, last + 1)
    .map((c) => c.text)
    .join('');
  return { line: record.line, label, values: record.cells.slice(last + 1) };
}

const hasValue = (r: DataRecord) => r.values.some((c) => c.text !== '');

/** The two pieces of one cell broken over lines, one of them empty: the other. */
const joinCells = (a: Cell, b: Cell): Cell => (a.text ? a : b);

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
  /** The number that stood where a lost label would, dropped. */
  dropped?: Cell;
}

/**
 * Lines values up with columns. Exactly as many cells as columns: by position, blanks included. Otherwise the empty
 * cells at the edges (merged label columns, trailing tabs) are dropped; what still does not fit is reported, not guessed.
 */
export function fit(
  values: Cell[],
  columns: ColumnDef[],
  at: Pick<Finding, 'table' | 'row'>,
  line: number,
  opts: { labelLost: boolean },
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
      dropped: v[0],
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
  const code = v.length < n ? 'row_incomplete' : 'row_extra_values';
  return {
    cells: null,
    findings: [finding(code, `${v.length} values for ${n} columns (${printed}); no value was assigned`, line, at)],
  };
}

export function toCells(
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
  columnsOf: (row: RowDef, values: Cell[]) => ColumnDef[],
  opts: { onLabelOnly?: (r: DataRecord) => void; units: (c: ColumnDef) => MoneyUnit },
): TableResult {
  const out: TableResult = { cells: [], findings: [], unplaced: [] };
  const matcher = new RowMatcher(table.rows);
  const filled = new Set<string>();
  let lastRow: string | null = null;
  const awaiting: Unplaced[] = [];
  let pending = '';
  const data = records.map(split);
  for (let i = 0; i < data.length; i++) {
    const record = data[i];
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
    const fragments = row ? null : (matcher.byFragments(record.label) ?? matcher.byFragments(label));
    if (fragments) {
      row = fragments.row;
      if (!filled.has(row.key))
        out.findings.push(
          finding(
            'label_fragments',
            `the label "${label}" is not whole; taken as ${row.label} (${row.key}) by the fragments only it prints: ${fragments.fragments.map((f) => `"${f}"`).join(', ')}`,
            record.line,
            { table: table.key, row: row.key },
          ),
        );
    }
    if (!row) {
      // Placed by its position, if at all, where the rules can check it (fill.ts).
      const lost = RowMatcher.onlyCategories(label);
      out.findings.push(
        finding(
          'row_unrecognized',
          lost
            ? `a row with no label of its own ("${label}"); its ${record.values.length} values were not recorded`
            : `"${label}" matches no row of the ${table.key} table; its ${record.values.length} values were not recorded`,
          record.line,
          { table: table.key },
        ),
      );
      const unplaced: Unplaced = {
        label,
        values: record.values,
        line: record.line,
        labelLost: lost,
        after: lastRow,
        before: null,
      };
      out.unplaced!.push(unplaced);
      awaiting.push(unplaced);
      continue;
    }
    const at = { table: table.key, row: row.key };
    if (filled.has(row.key)) {
      out.findings.push(
        finding('row_duplicate', `${row.label} (${row.key}) is printed again; the first one was kept`, record.line, at),
      );
      continue;
    }
    filled.add(row.key);
    for (const u of awaiting.splice(0)) u.before = row.key;
    lastRow = row.key;
    let columns = columnsOf(row, record.values);
    let f = fit(record.values, columns, at, record.line, { labelLost: false });
    const next = data[i + 1];
    const breakAt = next && !next.label && next.values.length > 0 && record.values.length > 0;
    if (!f.cells && breakAt && (!record.values.at(-1)!.text || !next.values[0].text)) {
      // A cell holding a line break (a web page copied to text): the row reads on over the next line, whose first cell
      // is the rest of this line's last one, empty on one side of the break ("\n21", "21\n"). Taken only when the
      // row then fits its columns exactly.
      const joined = [
        ...record.values.slice(0, -1),
        joinCells(record.values.at(-1)!, next.values[0]),
        ...next.values.slice(1),
      ];
      const joinedColumns = columnsOf(row, joined);
      const again = fit(joined, joinedColumns, at, record.line, { labelLost: false });
      if (again.cells) {
        f = again;
        columns = joinedColumns;
        i++;
      }
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
      } else if (headerUnit(squeeze(r.label))) unit = headerUnit(squeeze(r.label));
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
  // A header that names the applicant columns but not 总计: a row of six values has no total (none is computed); a row
  // that still prints as many values as the national format has columns is read in the national order.
  const totalAbsent = header.includes('自然人') && !header.includes('总计');
  const result = matchRows(
    table,
    records,
    (_, values) =>
      !totalAbsent || trimEmpty(trimEmpty(values, 'end'), 'start').length === table.columns.length
        ? table.columns
        : APPLICANT_COLUMNS,
    { units: () => null },
  );
  const rowsRead = (withTotal: boolean) =>
    [...new Set(result.cells.map((c) => c.row))].filter(
      (row) => result.cells.some((c) => c.row === row && c.column === 'total') === withTotal,
    );
  const [national, withoutTotal] = totalAbsent ? [rowsRead(true), rowsRead(false)] : [[], []];
  const at = { table: 'applications' as const, column: 'total' };
  const line = records[0]?.line ?? null;
  if (withoutTotal.length > 0) {
    result.findings.unshift(
      finding(
        'column_missing',
        `the applications header has no 总计 column: no total is recorded (none is computed) for the ${withoutTotal.length} rows that print six values (${withoutTotal.join(', ')})`,
        line,
        at,
      ),
    );
  }
  if (national.length > 0) {
    result.findings.unshift(
      finding(
        'column_assumed',
        `the applications header has no 总计 column, but ${national.length} of its rows print ${table.columns.length} values, as many as the national format has columns: read in the national order, the last as 总计`,
        line,
        at,
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
  // Empty cells at the end first (a last cell spanning one column more), then at the start (merged label columns).
  let values = single;
  if (values.length !== perRow) values = trimEmpty(values, 'end');
  if (values.length !== perRow) values = trimEmpty(values, 'start');
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
