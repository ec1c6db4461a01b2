/** Findings as rows of the finding table. */
import type { SqlType } from '../model/bulk';
import type { Finding } from '../parser/types';

export const FINDING_COLUMNS: [string, SqlType][] = [
  ['report_id', 'integer'],
  ['code', 'varchar'],
  ['severity', 'varchar'],
  ['message', 'text'],
  ['line', 'integer'],
  ['table_key', 'varchar'],
  ['row_key', 'varchar'],
  ['column_key', 'varchar'],
  ['rule', 'varchar'],
  ['expected', 'double precision'],
  ['actual', 'double precision'],
  ['cells', 'text'],
];

export function findingRow(reportId: number, f: Finding): unknown[] {
  return [
    reportId,
    f.code,
    f.severity,
    f.message,
    f.line,
    f.table ?? null,
    f.row ?? null,
    f.column ?? null,
    f.rule ?? null,
    f.expected ?? null,
    f.actual ?? null,
    f.cells?.join(',') ?? null,
  ];
}
