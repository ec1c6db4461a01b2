/**
 * Reading one cell's value: counts, signed changes, money with or without a unit, blanks and garbled cells.
 * A cell is read only as what it unambiguously prints: counts are whole numbers from 0 to 10¹², amounts finite with at
 * most 15 significant digits; a fraction in a count, a comma that is not a thousands separator ("1,2,3,4", "12,",
 * "1.234,5"), a number out of range is an `unreadable_cell`, never a number made up from it.
 */
import type { ColumnDef } from '../format';
import type { Cell } from './layout';
import { BLANK_MARK } from './recognize';
import { finding, type Finding } from './types';

export type MoneyUnit = 'wan' | 'yuan' | null;

export interface CellValue {
  /** undefined: unreadable, the cell is not recorded. */
  value: number | null | undefined;
  findings: Finding[];
}

/** The largest count (and amount in 万元) stored: far above any real report, far below what sums in SQL can hold. */
export const MAX_VALUE = 1e12;
/** Digits a double holds exactly: an amount printed with more would be stored as another number. */
const MAX_SIGNIFICANT = 15;

const PLAIN_COUNT = /^(?:0|[1-9]\d{0,12})$/;
// Digits, optionally grouped in threes by commas (1,234 — "1，234" is the same after NFKC), and a fraction.
const NUMBER = /^([+-]?)(0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?$/;

/** A decimal string moved `places` to the left (元 → 万元 is 4): exact, where dividing the double would not be. */
function shiftLeft(int: string, frac: string, places: number): number {
  const digits = int.padStart(places + 1, '0') + frac;
  const point = digits.length - frac.length - places;
  return Number(`${digits.slice(0, point)}.${digits.slice(point)}`);
}

/**
 * @param unitOfHeader the unit the column header states, if any ("采购总金额（单位：万元）").
 */
export function readValue(
  c: Cell,
  column: ColumnDef,
  where: Pick<Finding, 'table' | 'row' | 'column'>,
  unitOfHeader: MoneyUnit = null,
): CellValue {
  // Nearly every cell is a plain count: read it without the rest of the checks.
  if (!column.money && PLAIN_COUNT.test(c.text) && Number(c.text) <= MAX_VALUE)
    return { value: Number(c.text), findings: [] };
  const text = c.text;
  if (text === '' || BLANK_MARK.test(text)) return { value: null, findings: [] };
  const printed = c.raw.trim();
  const unreadable = (why: string): CellValue => ({
    value: undefined,
    findings: [finding('unreadable_cell', `${why}: "${printed}"`, c.line, where)],
  });

  const unitMatch = /(万元|元)$/.exec(text);
  const digits = text.replace(/(万元|元)$/, '').trim();
  const squeezed = digits.replace(/\s+/g, '');
  const findings: Finding[] = [];

  // "0 0", "00": one count garbled into two; the only reading that is not a guess is 0.
  if (/^0+$/.test(squeezed) && (squeezed.length > 1 || /\s/.test(digits))) {
    if (unitMatch && !column.money) return unreadable('a unit in a count cell');
    return { value: 0, findings: [finding('garbled_cell', `"${printed}" read as 0`, c.line, where)] };
  }
  const m = NUMBER.exec(digits);
  if (!m) return unreadable('cannot read the cell as a number');
  const [, sign, grouped, frac = ''] = m;
  const int = grouped.replace(/,/g, '');
  if (int.replace(/^0+/, '').length + frac.length > MAX_SIGNIFICANT) return unreadable('too many digits for a number');
  if (grouped !== int)
    findings.push(
      finding('thousands_separator', `"${printed}" read as ${int}: the commas group thousands`, c.line, where),
    );
  if (sign === '-' && !column.signed) return unreadable('a negative count');
  if (!column.money && frac) return unreadable('a fraction in a count column');
  if (!column.money && unitMatch) return unreadable('a unit in a count cell');

  let value = Number(`${sign}${int}${frac ? `.${frac}` : ''}`);
  if (column.money) {
    const unit: MoneyUnit = unitMatch ? (unitMatch[1] === '万元' ? 'wan' : 'yuan') : unitOfHeader;
    if (unit === 'yuan') {
      value = (sign === '-' ? -1 : 1) * shiftLeft(int, frac, 4);
      findings.push(finding('unit_converted', `"${printed}" converted from 元 to ${value} 万元`, c.line, where));
    } else if (unit === null) {
      findings.push(
        finding(
          'unit_assumed',
          `"${printed}" has no unit in the cell or its header; kept as printed, in 万元`,
          c.line,
          where,
        ),
      );
    }
  }
  if (Math.abs(value) > MAX_VALUE) return unreadable(`out of range (more than ${MAX_VALUE})`);
  return { value, findings };
}

/** The unit a money header states: "采购总金额（单位：万元，保留4位小数）" → 万元. */
export function headerUnit(header: string): MoneyUnit {
  if (/万元/.test(header)) return 'wan';
  if (/单位[:：]?元|\(元\)|（元）/.test(header)) return 'yuan';
  return null;
}
