/** The readable form of a parsed report (`gongkai parse` without --json). */
import { gazetteer } from '../divisions/gazetteer';
import { cellKey, FORMATS, TABLE_KEYS } from '../format';
import type { Line } from '../parser/text';
import type { ParsedReport } from '../parser/types';

export function renderReport(r: ParsedReport): string {
  const out: string[] = [];
  out.push(`${r.source}`);
  const a = r.agency;
  const organ = a.organ ? `${a.organ.kind}${a.organ.name ? ` ${a.organ.name}` : ''}` : '—';
  const division = a.divisionCode
    ? `${a.divisionCode} ${gazetteer().fullName(a.divisionCode)}`
    : a.candidates.length > 0
      ? `one of ${a.candidates.join(', ')}`
      : '—';
  out.push(`  agency     ${a.name}  (${a.fullName}; division ${division}; ${organ}; level ${a.level ?? '—'})`);
  out.push(
    `  year       ${r.year}   format ${r.format} (${FORMATS[r.format].label})   published ${r.publishedOn ?? '—'}`,
  );
  const { found, expected, ratio } = r.completeness;
  out.push(`  read       ${found} of ${expected} cells the format expects (${Math.floor(ratio * 100)}%)`);
  const value = new Map(r.cells.map((c) => [cellKey(c.table, c.row, c.column), c]));
  for (const t of TABLE_KEYS) {
    const table = FORMATS[r.format].tables[t];
    out.push('', `${table.label} (${t})`);
    const rowWidth = Math.max(...table.rows.map((x) => x.key.length));
    for (const row of table.rows) {
      const cols = row.columns.map((k) => {
        const c = value.get(cellKey(t, row.key, k));
        return `${k}=${c === undefined ? '?' : c.value === null ? '∅' : c.value}`;
      });
      if (row.optional && cols.every((c) => c.endsWith('=?'))) continue;
      out.push(`  ${row.key.padEnd(rowWidth)}  ${cols.join('  ')}`);
    }
  }
  out.push('', '  ∅ printed blank   ? not found in the text', '', `Findings (${r.findings.length})`);
  for (const f of r.findings) {
    const where = [f.table, f.row, f.column].filter(Boolean).join('/');
    out.push(
      `  ${f.severity.padEnd(7)} ${f.code.padEnd(20)} ${f.line !== null ? `line ${f.line}`.padEnd(9) : ''.padEnd(9)} ${where ? `${where}: ` : ''}${f.message}`,
    );
  }
  return out.join('\n');
}

/** A document's text view, numbered: PDF lines with their page, table rows with each cell's grid position. */
export function renderTextView(lines: Line[]): string {
  const width = String(lines.length).length;
  return lines
    .map((l) => {
      const where = l.page !== undefined ? `p${l.page} ` : '';
      const text = l.cells
        ? l.cells.map((c) => `[t${c.at.table} r${c.at.row} c${c.at.column}] ${c.raw}`).join('  ')
        : l.raw;
      return `${String(l.no).padStart(width)}  ${where}${text}`;
    })
    .join('\n');
}
