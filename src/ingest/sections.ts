/** Splits a report into title, the six sections and the closing signature. */
import { SECTIONS, type SectionKey } from './format';
import { readNumber, squeeze, type Line } from './text';

export interface Section {
  key: SectionKey;
  heading: Line;
  /** Lines after the heading up to the next section (signature and date excluded). */
  lines: Line[];
}

export interface Layout {
  title: Line[];
  sections: Map<SectionKey, Section>;
  signature: Line | null;
  date: { line: Line; iso: string } | null;
}

const NUMBERING = /^(?:[一二三四五六七八九十]+[、.．]|\(?[一二三四五六七八九十]+\)|\d+[、.．])/;
const MAX_HEADING = 40;

export function sectionOf(line: Line): SectionKey | null {
  const s = squeeze(line.text).replace(NUMBERING, '').replace(/[:：。]$/, '');
  if (s.length === 0 || s.length > MAX_HEADING) return null;
  return SECTIONS.find((d) => d.headings.some((h) => h.test(s)))?.key ?? null;
}

const DATE = /^(\d{4}|[〇零O一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日$/;

export function readDate(text: string): string | null {
  const m = DATE.exec(squeeze(text));
  if (!m) return null;
  const [y, mo, d] = [readNumber(m[1]), readNumber(m[2]), readNumber(m[3])];
  if (y === null || mo === null || d === null || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// The bodies that sign reports: governments, their offices and departments, street offices.
const SIGNATURE = /(政府|办公室|办公厅|局|委员会|委|厅|办事处|中心|管委会|管理委员会|院|署|办|站|所)$/;

function isSignature(text: string): boolean {
  const s = squeeze(text);
  return s.length >= 3 && s.length <= 40 && !/[。，,；;：:]/.test(s) && SIGNATURE.test(s);
}

/** A title line is no longer than this (squeezed); a longer line before the first section is body text. */
export const MAX_TITLE_LINE = 60;

export function splitSections(lines: Line[]): Layout {
  const sections = new Map<SectionKey, Section>();
  const title: Line[] = [];
  let current: Section | null = null;
  let titleDone = false;
  for (const line of lines) {
    const key = sectionOf(line);
    // A heading is taken once, in printed order: later look-alikes (sub-headings) stay text.
    if (key && !sections.has(key) && (!current || SECTIONS.findIndex((s) => s.key === key) > SECTIONS.findIndex((s) => s.key === current!.key))) {
      current = { key, heading: line, lines: [] };
      sections.set(key, current);
      titleDone = true;
      continue;
    }
    if (current) current.lines.push(line);
    else if (!titleDone && line.text.trim()) {
      if (squeeze(line.text).length > MAX_TITLE_LINE) titleDone = true;
      else title.push(line);
    }
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
  return { title, sections, signature, date };
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
