/** Splits a report into title, the six sections and the closing signature. */
import { SECTIONS, type SectionKey } from '../format';
import { squeeze, type Line } from './text';
import { MAX_TITLE_LINE, readDate, sectionOf } from './recognize';

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

// The bodies that sign reports: governments, their offices and departments, street offices.
const SIGNATURE = /(政府|办公室|办公厅|局|委员会|委|厅|办事处|中心|管委会|管理委员会|院|署|办|站|所)$/;

function isSignature(text: string): boolean {
  const s = squeeze(text);
  return s.length >= 3 && s.length <= 40 && !/[。，,；;：:]/.test(s) && SIGNATURE.test(s);
}

export function splitSections(lines: Line[]): Layout {
  const sections = new Map<SectionKey, Section>();
  const title: Line[] = [];
  let current: Section | null = null;
  let titleDone = false;
  for (const line of lines) {
    const key = sectionOf(line);
    // A heading is taken once, in printed order: later look-alikes (sub-headings) stay text.
    if (
      key &&
      !sections.has(key) &&
      (!current || SECTIONS.findIndex((s) => s.key === key) > SECTIONS.findIndex((s) => s.key === current!.key))
    ) {
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
