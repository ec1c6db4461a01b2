/**
 * The figures a report's narrative states about the requests it handled and the reviews and lawsuits it faced
 * (全年共收到政府信息公开申请34件, 予以公开20件, 行政复议2件 …), as deterministic patterns, and the table cells each one
 * states. The parser compares them (parser/prose.ts); a figure that disagrees is a finding, and a number is never
 * changed from prose. Figures the tables do not hold (按期答复率) are kept, marked as prose only.
 */
import type { SectionKey, TableKey } from './model';

export interface ProseFigureDef {
  key: string;
  label: string;
  en: string;
  /**
   * Matched (globally) against one clause with its spaces removed; group 1 is the number. The gap before the number
   * holds no digit, so a pattern never reaches over another figure.
   */
  pattern: RegExp;
  unit: 'count' | 'percent';
  /** Words inside the match that make it a different figure (per applicant, carried over, answered): not this one. */
  notThis?: RegExp;
  /** The cells the figure states, summed: rows (or a handling category's rows) of a table at one column. */
  cells?: { table: TableKey; rows?: string[]; category?: string; column: string };
  /**
   * Only where the sentence speaks of information disclosure, or in these sections: a justice bureau's 行政复议 count
   * in its overview is about every review it handled, not those over disclosure.
   */
  context?: { words: RegExp; sections: SectionKey[] };
}

const COUNT = '(\\d+)(?:件|条|宗|份|个)';
const CASES = '(\\d+)(?:件|起|宗|次|个)';
const near = (head: string, gap: number, tail = COUNT) => new RegExp(`${head}[^\\d,;。]{0,${gap}}?${tail}`, 'g');
const DISCLOSURE = { words: /信息公开|政务公开|依申请/, sections: ['review_litigation'] as SectionKey[] };

export const PROSE_FIGURES: ProseFigureDef[] = [
  {
    key: 'received_new',
    label: '收到申请',
    en: 'Requests received',
    pattern: near('(?:新收|收到|受理|接收|收悉)[^\\d,;。]{0,14}?(?:信息公开申请|公开申请|依申请)', 6),
    unit: 'count',
    notThis: /自然人|法人|企业|机构|组织|结转|办结|答复|回复|转办/,
    cells: { table: 'applications', rows: ['received_new'], column: 'total' },
  },
  {
    key: 'carried_over',
    label: '上年结转',
    en: 'Carried over',
    pattern: near('上一?年度?结转', 12),
    unit: 'count',
    cells: { table: 'applications', rows: ['carried_over'], column: 'total' },
  },
  {
    key: 'carried_forward',
    label: '结转下年度',
    en: 'Carried forward',
    pattern: near('结转(?:至|到)?下一?年度?', 10),
    unit: 'count',
    cells: { table: 'applications', rows: ['carried_forward'], column: 'total' },
  },
  {
    key: 'granted',
    label: '予以公开',
    en: 'Granted',
    pattern: near('予以公开', 4),
    unit: 'count',
    cells: { table: 'applications', rows: ['granted'], column: 'total' },
  },
  {
    key: 'partially_granted',
    label: '部分公开',
    en: 'Partially granted',
    pattern: near('部分公开', 4),
    unit: 'count',
    cells: { table: 'applications', rows: ['partially_granted'], column: 'total' },
  },
  {
    key: 'denied',
    label: '不予公开',
    en: 'Denied',
    pattern: near('不予公开', 4),
    unit: 'count',
    cells: { table: 'applications', category: 'denied', column: 'total' },
  },
  {
    key: 'unable',
    label: '无法提供',
    en: 'Unable to provide',
    pattern: near('无法提供', 4),
    unit: 'count',
    cells: { table: 'applications', category: 'unable', column: 'total' },
  },
  {
    key: 'not_processed',
    label: '不予处理',
    en: 'Not processed',
    pattern: near('不予处理', 4),
    unit: 'count',
    cells: { table: 'applications', category: 'not_processed', column: 'total' },
  },
  {
    key: 'review',
    label: '行政复议',
    en: 'Administrative reviews',
    pattern: near('行政复议', 8, CASES),
    unit: 'count',
    notThis: /诉讼|各/,
    cells: { table: 'review_litigation', rows: ['review'], column: 'total' },
    context: DISCLOSURE,
  },
  {
    key: 'litigation',
    label: '行政诉讼',
    en: 'Lawsuits',
    pattern: near('行政诉讼', 8, CASES),
    unit: 'count',
    notThis: /复议|各/,
    cells: { table: 'review_litigation', rows: ['litigation_direct', 'litigation_after_review'], column: 'total' },
    context: DISCLOSURE,
  },
  {
    key: 'on_time_rate',
    label: '按期答复率',
    en: 'Answered on time (rate)',
    pattern: near('(?:按期|按时|及时)(?:答复|办结|回复|办理)率', 6, '(\\d+(?:\\.\\d+)?)%'),
    unit: 'percent',
  },
  {
    key: 'proactive_published',
    label: '主动公开信息',
    en: 'Information published proactively',
    pattern: near('公开(?:各类)?(?:政府)?信息', 4, '(\\d+)(?:条|篇)'),
    unit: 'count',
  },
];

/**
 * Words that make a figure something other than this year's count, so it is kept but not compared: a change on
 * another year, a running total, another year's figure. `except` names figures the words belong to (上年结转).
 */
export const PROSE_QUALIFIERS: { words: RegExp; reason: string; except?: string[] }[] = [
  { words: /同比|较上年|比上年|增长|减少|下降|上升|增加|提高|降低/, reason: 'a change on another year, not a count' },
  { words: /累计|历年|以来/, reason: 'a running total, not this year’s count' },
  { words: /上一?年|去年|前年/, reason: 'about the year before', except: ['carried_over'] },
  { words: /含|包括/, reason: 'a figure that includes others (含…)' },
];
