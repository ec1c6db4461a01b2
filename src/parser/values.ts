/** Reading one cell's value: counts, signed changes, money with or without a unit, blanks and garbled cells. */
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

const NUMBER = /^[+-]?\d+(?:\.\d+)?$/;
const PLAIN_COUNT = /^(?:0|[1-9]\d*)$/;

/**
 * @param headerUnit the unit the column header states, if any ("采购总金额（单位：万元）").
 */
export function readValue(
  c: Cell,
  column: ColumnDef,
  where: Pick<Finding, 'table' | 'row' | 'column'>,
  unitOfHeader: MoneyUnit = null,
): CellValue {
  // Nearly every cell is a plain count: read it without the rest of the checks.
  if (!column.money && PLAIN_COUNT.test(c.text)) return { value: Number(c.text), findings: [] };
  const text = c.text.replace(/,/g, '');
  if (text === '' || BLANK_MARK.test(text)) return { value: null, findings: [] };

  const unitMatch = /(万元|元)$/.exec(text);
  const digits = text.replace(/(万元|元)$/, '').trim();
  const squeezed = digits.replace(/\s+/g, '');
  const findings: Finding[] = [];

  let value: number;
  if (/^0+$/.test(squeezed) && (squeezed.length > 1 || /\s/.test(digits))) {
    // "0 0", "00": one count garbled into two; the only reading that is not a guess is 0.
    value = 0;
    findings.push(finding('garbled_cell', `"${c.raw.trim()}" read as 0`, c.line, where));
  } else if (NUMBER.test(digits) && !/^[+-]?0\d/.test(digits)) {
    value = Number(digits);
  } else {
    return {
      value: undefined,
      findings: [finding('unreadable_cell', `cannot read "${c.raw.trim()}" as a number`, c.line, where)],
    };
  }
  if (value < 0 && !column.signed) {
    return {
      value: undefined,
      findings: [finding('unreadable_cell', `negative count "${c.raw.trim()}"`, c.line, where)],
    };
  }

  if (column.money) {
    const unit: MoneyUnit = unitMatch ? (unitMatch[1] === '万元' ? 'wan' : 'yuan') : unitOfHeader;
    if (unit === 'yuan') {
      value = value / 10_000;
      findings.push(finding('unit_converted', `"${c.raw.trim()}" converted from 元 to ${value} 万元`, c.line, where));
    } else if (unit === null) {
      findings.push(
        finding(
          'unit_assumed',
          `"${c.raw.trim()}" has no unit in the cell or its header; kept as printed, in 万元`,
          c.line,
          where,
        ),
      );
    }
  } else if (unitMatch) {
    return {
      value: undefined,
      findings: [finding('unreadable_cell', `a unit in a count cell: "${c.raw.trim()}"`, c.line, where)],
    };
  }
  return { value, findings };
}

/** The unit a money header states: "采购总金额（单位：万元，保留4位小数）" → 万元. */
export function headerUnit(header: string): MoneyUnit {
  if (/万元/.test(header)) return 'wan';
  if (/单位[:：]?元|\(元\)|（元）/.test(header)) return 'yuan';
  return null;
}
