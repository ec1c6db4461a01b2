/**
 * The figures the narrative states (format/prose.ts), each compared with the table cells it speaks of. A figure that
 * disagrees is a prose_mismatch finding quoting both; nothing is ever changed from prose. Read from every line that
 * is not a table row, in every section.
 */
import {
  PROSE_FIGURES,
  PROSE_QUALIFIERS,
  cellKey,
  handlingRows,
  type FormatKey,
  type ProseFigureDef,
  type SectionKey,
} from '../format';
import type { Section } from './sections';
import { squeeze, type Line } from './text';
import { finding, type Finding, type ParsedCell, type ProseFigure } from './types';

const CLAUSE = /[,;。!?，；！？]/;
const SENTENCE = /[。!?！？]/;
const MAX_TEXT = 200;

/** The cells a figure speaks of, in the report's format (a category: its handling rows). */
function cellsOf(def: ProseFigureDef, format: FormatKey): string[] {
  const c = def.cells!;
  const rows =
    c.rows ??
    handlingRows(format)
      .filter((r) => r.category === c.category)
      .map((r) => r.key);
  return rows.map((r) => cellKey(c.table, r, c.column));
}

/** Why a clause's figure is not this year's plain count (a change, a running total, another year), if it is not. */
function qualified(def: ProseFigureDef, clause: string, year: number): string | null {
  for (const q of PROSE_QUALIFIERS) if (!q.except?.includes(def.key) && q.words.test(clause)) return q.reason;
  for (const m of clause.matchAll(/(\d{4})年/g)) if (Number(m[1]) !== year) return `it names another year (${m[1]})`;
  return null;
}

function compare(
  def: ProseFigureDef,
  value: number,
  format: FormatKey,
  byKey: Map<string, ParsedCell>,
): Pick<ProseFigure, 'outcome' | 'reason' | 'cells' | 'tableValue' | 'tableLine'> {
  if (!def.cells) return { outcome: 'not_checkable', reason: 'prose only: the tables hold no such figure' };
  const cells = cellsOf(def, format);
  const unreported = cells.filter((k) => byKey.get(k)?.value == null);
  if (unreported.length > 0)
    return { outcome: 'cell_missing', reason: `not printed (blank or missing): ${unreported.join(', ')}`, cells };
  const tableValue = cells.reduce((sum, k) => sum + byKey.get(k)!.value!, 0);
  const tableLine = byKey.get(cells[0])!.line;
  return { outcome: Math.abs(tableValue - value) < 1e-9 ? 'agrees' : 'contradicts', cells, tableValue, tableLine };
}

/** Prose lines run together, spaces removed, with where each line starts: a PDF breaks sentences anywhere. */
interface Paragraph {
  text: string;
  starts: { at: number; line: Line }[];
}

// A table row of a text or PDF layout: tabs, or numbers apart by runs of spaces. Not prose: never joined to it.
const TABLE_ROW = /\t|\d\s{2,}\S|\S\s{2,}\d/;

function paragraphs(lines: Line[]): Paragraph[] {
  const out: Paragraph[] = [];
  let current: Paragraph | null = null;
  for (const line of lines) {
    const text = squeeze(line.text);
    if (line.cells || !text || TABLE_ROW.test(line.text)) {
      current = null;
      continue;
    }
    if (!current) out.push((current = { text: '', starts: [] }));
    current.starts.push({ at: current.text.length, line });
    current.text += text;
  }
  return out;
}

const lineAt = (p: Paragraph, at: number) => p.starts.filter((s) => s.at <= at).at(-1)!.line;

function figuresOf(
  p: Paragraph,
  section: SectionKey | null,
  year: number,
  format: FormatKey,
  byKey: Map<string, ParsedCell>,
): ProseFigure[] {
  const out: ProseFigure[] = [];
  let sentenceAt = 0;
  for (const sentence of p.text.split(SENTENCE)) {
    let clauseAt = sentenceAt;
    for (const clause of sentence.split(CLAUSE)) {
      for (const def of PROSE_FIGURES) {
        if (def.context && !def.context.words.test(sentence) && !def.context.sections.includes(section!)) continue;
        for (const m of clause.matchAll(def.pattern)) {
          if (def.notThis?.test(m[0])) continue;
          const value = Number(m[1]);
          const reason = qualified(def, clause, year);
          // The line the number is printed on.
          const line = lineAt(p, clauseAt + m.index + m[0].length - 1);
          out.push({
            key: def.key,
            value,
            unit: def.unit,
            text: clause.slice(0, MAX_TEXT),
            line: line.no,
            ...(line.page !== undefined ? { page: line.page } : {}),
            section,
            ...(reason ? { outcome: 'not_checkable', reason } : compare(def, value, format, byKey)),
          });
        }
      }
      clauseAt += clause.length + 1;
    }
    sentenceAt += sentence.length + 1;
  }
  return out;
}

export function proseFigures(
  sections: Iterable<Section>,
  cells: ParsedCell[],
  format: FormatKey,
  year: number,
): { figures: ProseFigure[]; findings: Finding[] } {
  const byKey = new Map(cells.map((c) => [cellKey(c.table, c.row, c.column), c]));
  const figures = [...sections].flatMap((s) =>
    paragraphs(s.lines).flatMap((p) => figuresOf(p, s.key, year, format, byKey)),
  );
  const findings = figures
    .filter((f) => f.outcome === 'contradicts')
    .map((f) => {
      const def = PROSE_FIGURES.find((d) => d.key === f.key)!;
      const [, row, column] = f.cells![0].split('/');
      return finding(
        'prose_mismatch',
        `the narrative says ${def.label} ${f.value} (line ${f.line}: “${f.text}”); the table prints ${f.tableValue} (${f.cells!.join(' + ')}, line ${f.tableLine})`,
        f.line,
        { table: def.cells!.table, row, column, expected: f.value, actual: f.tableValue, cells: f.cells },
      );
    });
  return { figures, findings };
}
