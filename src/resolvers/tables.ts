/** A report's stored cells laid out as the typed rows of its format's tables. */
import { cellKey, FORMATS, type FormatKey, type TableKey } from '../format';
import type { Report } from '../model/entities';
import type { StoredCell } from '../query/loaders';
import type { CellValue, TableRowShape } from '../schema/types';

export function cellValue(c: StoredCell, report: Report): CellValue {
  return {
    table: c.tableKey as TableKey,
    row: c.rowKey,
    column: c.columnKey,
    value: c.value,
    raw: c.raw,
    sourceFile: report.sourceFile,
    line: c.line,
    page: c.page,
    gridTable: c.gridTable,
    gridRow: c.gridRow,
    gridColumn: c.gridColumn,
  };
}

/**
 * Every row of the format in printed order, a field per column holding the cell or null when the cell was not found.
 * Optional rows and rows printed as alternatives (其他处理 as one row or as three) appear only when the report has them.
 */
export function tableRows(report: Report, table: TableKey, cells: StoredCell[]): TableRowShape[] {
  const byRef = new Map(
    cells.filter((c) => c.tableKey === table).map((c) => [cellKey(table, c.rowKey, c.columnKey), c]),
  );
  const rowsPrinted = new Set(cells.filter((c) => c.tableKey === table).map((c) => c.rowKey));
  return FORMATS[report.format as FormatKey].tables[table].rows
    .filter((row) => rowsPrinted.has(row.key) || !(row.optional || row.alternativeTo))
    .map((row) => ({
      key: row.key,
      label: row.label,
      en: row.en,
      columns: row.columns,
      category: row.category ?? null,
      item: row.item ?? null,
      ...Object.fromEntries(
        row.columns.map((col) => {
          const c = byRef.get(cellKey(table, row.key, col));
          return [col, c ? cellValue(c, report) : null];
        }),
      ),
    }));
}
