/**
 * Splits a report into title, the six sections and the closing signature. Sections are found by their headings; a
 * table whose heading is misprinted or missing is found by its content (what only that table prints), so that one
 * damaged heading does not lose a table into the section before it.
 */
import { SECTIONS, TABLE_KEYS, type SectionKey, type TableKey } from '../format';
import { squeeze, type Line } from './text';
import { MAX_HEADING, MAX_TITLE_LINE, isNumbered, isValueText, readDate, sectionOf } from './recognize';

export interface Section {
  key: SectionKey;
  /** The heading line; null for a table found by its content. */
  heading: Line | null;
  /** Lines after the heading up to the next section (signature and date excluded). */
  lines: Line[];
  /** A table found by its content: the line that told it, what it printed, and the heading not recognized (if any). */
  byContent?: { line: Line; cue: string; heading: Line | null };
}

export interface Layout {
  title: Line[];
  /** Every line before the first section (the title, an introduction such as the reporting period). */
  intro: Line[];
  sections: Map<SectionKey, Section>;
  signature: Line | null;
  date: { line: Line; iso: string } | null;
}

// The bodies that sign reports: governments, their offices and departments, street offices.
const SIGNATURE = /(政府|办公室|办公厅|局|委员会|委|厅|办事处|中心|管委会|管理委员会|院|署|办|站|所)$/;

function isSignature(text: string): boolean {
  const s = squeeze(text);
  return s.length >= 3 && s.length <= 40 && !/[。，,；;：:]/.test(s) && SIGNATURE.test(s);
}

/**
 * What each table prints first that nothing else in a report does: its caption or header. The review table's 行政复议
 * must be followed by its outcome columns, since narrative mentions 行政复议 too.
 */
const CUES: Record<TableKey, { first: RegExp; followedBy?: RegExp }> = {
  proactive: { first: /^第[一二三四五六七八九十]+条第\([一二三四五六七八九十]+\)项|^信息内容/ },
  applications: { first: /申请人情况|本列数据的勾稽关系|^(?:一[、.])?本年新收政府信息公开申请数量/ },
  review_litigation: { first: /^行政复议/, followedBy: /结果维持|尚未审结|未经复议直接起诉/ },
};
// A header line is short; a longer line is narrative.
const MAX_CUE_LINE = 120;
const CUE_REACH = 6;

function findCue(key: TableKey, lines: Line[]): { at: number; cue: string } | null {
  const { first, followedBy } = CUES[key];
  // A |-separated row reads from its first cell.
  const cells = (l: Line) => squeeze(l.text).replace(/^\|+/, '');
  for (let i = 0; i < lines.length; i++) {
    const s = cells(lines[i]);
    if (s.length > MAX_CUE_LINE) continue;
    const m = first.exec(s);
    if (!m) continue;
    if (!followedBy) return { at: i, cue: m[0] };
    // The next lines that hold something (one cell per line may stand a blank line apart).
    let near = '';
    for (let j = i, n = 0; j < lines.length && n < CUE_REACH; j++) {
      const t = cells(lines[j]);
      if (t) {
        near += t;
        n++;
      }
    }
    const t = followedBy.exec(near);
    if (t) return { at: i, cue: `${m[0]} … ${t[0]}` };
  }
  return null;
}

/** A line that reads as a (misprinted) section heading: short, numbered or ending in 情况, and not a row of values. */
function headingLike(line: Line): boolean {
  const s = squeeze(line.text);
  if (line.cells || s.length === 0 || s.length > MAX_HEADING) return false;
  const last = line.text.trim().split(/\s+/).at(-1) ?? '';
  return !isValueText(last) && (isNumbered(line.text) || /情况[:：。]?$/.test(s));
}

/**
 * Takes a table whose heading was not recognized out of the section that swallowed it (the nearest one printed
 * before it, or the lines before the first heading), from its first cue on, with the misprinted heading if any.
 */
function findByContent(key: TableKey, sections: Map<SectionKey, Section>, preamble: Section): Section | null {
  const order = SECTIONS.findIndex((s) => s.key === key);
  const host =
    [...sections.values()].filter((s) => SECTIONS.findIndex((d) => d.key === s.key) < order).at(-1) ?? preamble;
  const found = findCue(key, host.lines);
  if (!found) return null;
  let start = found.at;
  let j = found.at - 1;
  while (j >= 0 && !host.lines[j].text.trim()) j--;
  const heading = j >= 0 && headingLike(host.lines[j]) ? host.lines[j] : null;
  if (heading) start = j;
  const section: Section = {
    key,
    heading,
    lines: host.lines.slice(found.at),
    byContent: { line: host.lines[found.at], cue: found.cue, heading },
  };
  host.lines = host.lines.slice(0, start);
  return section;
}

export function splitSections(lines: Line[]): Layout {
  const found = new Map<SectionKey, Section>();
  // The lines before the first heading: the title, and whatever an excerpt prints before its first heading.
  const preamble: Section = { key: 'overview', heading: null, lines: [] };
  let current: Section | null = null;
  for (const line of lines) {
    const key = sectionOf(line);
    // A heading is taken once, in printed order: later look-alikes (sub-headings) stay text.
    if (
      key &&
      !found.has(key) &&
      (!current || SECTIONS.findIndex((s) => s.key === key) > SECTIONS.findIndex((s) => s.key === current!.key))
    ) {
      current = { key, heading: line, lines: [] };
      found.set(key, current);
      continue;
    }
    (current ?? preamble).lines.push(line);
  }

  for (const key of TABLE_KEYS) {
    if (found.has(key)) continue;
    const section = findByContent(key, found, preamble);
    if (section) found.set(key, section);
  }
  // In printed order, as the rest of the parser (and the signature below) expects.
  const sections = new Map(SECTIONS.filter((d) => found.has(d.key)).map((d) => [d.key, found.get(d.key)!]));

  const title: Line[] = [];
  for (const line of preamble.lines) {
    if (!line.text.trim()) continue;
    if (squeeze(line.text).length > MAX_TITLE_LINE) break;
    title.push(line);
  }

  // The signature and date close the last section: take them out of its narrative.
  let signature: Line | null = null;
  let date: Layout['date'] = null;
  const last = [...sections.values()].at(-1);
  if (last) {
    const tail = last.lines.filter((l) => l.text.trim()).slice(-3);
    for (const l of tail.reverse()) {
      const iso = readDate(l.text);
      if (iso && !date) date = { line: l, iso };
      else if (!signature && isSignature(l.text)) signature = l;
    }
    last.lines = last.lines.filter((l) => l !== signature && l !== date?.line);
  }
  return { title, intro: preamble.lines, sections, signature, date };
}

/** The narrative of a section as printed: its non-blank lines, trimmed. */
export function narrative(section: Section | undefined): string | null {
  if (!section) return null;
  const text = section.lines
    .map((l) => l.raw.trim())
    .filter(Boolean)
    .join('\n');
  return text || null;
}
