/**
 * When a report is due, and whether it was published by then. The deadlines are those of 《中华人民共和国政府信息公开条例》
 * (2019 revision) 第四十九条: the departments of governments at county level and above publish their report on the
 * year before by 31 January; a local government at county level and above publishes its report on the government as
 * a whole by 31 March. Townships and street offices are held to 31 January, as every administrative organ below the
 * county government is (the reading of the national notices and of the evaluations that score them).
 */
import type { LevelKey } from './model';

export interface DeadlineRule {
  /** The organ kinds the deadline applies to (src/divisions/organs.ts: government, office, department, township, zone). */
  organs: string[];
  /** Where the organ is not known: the agency levels it applies to. */
  levels: LevelKey[];
  month: number;
  day: number;
  /** The legal basis, as cited in findings and the README. */
  basis: string;
}

// The organ decides: a government's report on itself is due in March, its office's and its departments' in January.
// An agency whose organ was not resolved is judged by its level (a name ending in 县/区/市/省 is a government's).
export const DEADLINES: DeadlineRule[] = [
  {
    organs: ['government'],
    levels: ['province', 'city', 'county'],
    month: 3,
    day: 31,
    basis: '条例第四十九条第二款：县级以上地方人民政府每年3月31日前公布本级政府上一年度年度报告',
  },
  {
    organs: ['office', 'department', 'township', 'zone'],
    levels: ['township', 'department'],
    month: 1,
    day: 31,
    basis: '条例第四十九条第一款：行政机关每年1月31日前公布本机关上一年度年度报告',
  },
];

/** Where a report's publication date was read: its closing date, or (where it prints none) its web page. */
export type DateSource = 'closing_date' | 'page_date';

export interface Timeliness {
  /** unknown: no publication date, or a date between the two deadlines for an agency of unknown kind. */
  outcome: 'on_time' | 'late' | 'unknown';
  /** The deadline that applies (null when the agency's kind is unknown and the date does not decide). */
  deadline: string | null;
  basis: string | null;
  published: string | null;
  source: DateSource | null;
  /** Days after the deadline (negative: before it); null when either date is unknown. */
  daysLate: number | null;
  /** Why the outcome is unknown, in words. */
  reason?: string;
}

const iso = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

const days = (a: string, b: string) =>
  Math.round((Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 864e5);

/** What decides an agency's deadline: the organ it is (resolved from its name), else its level. */
export interface AgencyKind {
  organ: string | null;
  level: LevelKey | null;
}

/** The deadline of a report on `year` by an agency of this kind (null: kind unknown). */
export function deadlineOf(year: number, kind: AgencyKind): { date: string; basis: string } | null {
  const rule = kind.organ
    ? DEADLINES.find((d) => d.organs.includes(kind.organ!))
    : DEADLINES.find((d) => kind.level !== null && d.levels.includes(kind.level));
  return rule ? { date: iso(year + 1, rule.month, rule.day), basis: rule.basis } : null;
}

/**
 * Whether the report was published by its deadline: by its closing date, or where it prints none by its page's date.
 * A missing date is unknown, never guessed. An agency of unknown kind is judged only where every deadline agrees.
 */
export function timeliness(
  year: number,
  kind: AgencyKind,
  closingDate: string | null,
  pageDate: string | null,
): Timeliness {
  const published = closingDate ?? pageDate;
  const source: DateSource | null = closingDate ? 'closing_date' : pageDate ? 'page_date' : null;
  const known = deadlineOf(year, kind);
  const base = { published, source };
  if (!published)
    return {
      outcome: 'unknown',
      deadline: known?.date ?? null,
      basis: known?.basis ?? null,
      ...base,
      daysLate: null,
      reason: 'no publication date: the report prints no closing date and no page date was found',
    };
  const candidates = known ? [known] : DEADLINES.map((d) => ({ date: iso(year + 1, d.month, d.day), basis: d.basis }));
  const late = candidates.map((c) => published > c.date);
  if (late.some((l) => l !== late[0]))
    return {
      outcome: 'unknown',
      deadline: null,
      basis: null,
      ...base,
      daysLate: null,
      reason: `the agency's kind is unknown and ${published} is after one deadline (${candidates.map((c) => c.date).join(' / ')}) but not the other`,
    };
  // Unknown kind, every deadline agreeing: measured against the latest one missed or the earliest one met, the
  // smallest claim that holds whatever the kind.
  const decisive = late[0]
    ? candidates.reduce((a, b) => (a.date > b.date ? a : b))
    : candidates.reduce((a, b) => (a.date < b.date ? a : b));
  return {
    outcome: late[0] ? 'late' : 'on_time',
    deadline: decisive.date,
    basis: decisive.basis,
    ...base,
    daysLate: days(published, decisive.date),
  };
}
