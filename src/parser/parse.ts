/** Text in, a parsed report out: decode → normalize → sections → lay out cells → match the format → validate. */
import { notATitle, readAgency, readTitle, yearFromBody } from './agency';
import { cellKey, completeness, detectFormat, SECTIONS, timeliness, type FormatDef, type TableKey } from '../format';
import { layOut } from './layout';
import { narrative, splitSections, type Section } from './sections';
import { parseApplications, parseProactive, parseReviewLitigation, type TableResult } from './tables';
import { readDocument, textDocument, type ReadOptions } from './documents';
import { append, ParseError, squeeze, toLines, type Line } from './text';
import { finding, type Finding, type PageDate, type ParsedReport, type SourceKind } from './types';
import { fillByPosition } from './fill';
import { checkRules } from './validate';
import { proseFigures } from './prose';
import { fingerprint, normalizeNarrative } from '../similarity';

const TABLE_PARSERS: Record<TableKey, (format: FormatDef, records: ReturnType<typeof layOut>) => TableResult> = {
  proactive: parseProactive,
  applications: parseApplications,
  review_litigation: parseReviewLitigation,
};

export interface DocumentInfo {
  kind: SourceKind;
  encoding: string | null;
  pageDate?: PageDate | null;
  /** What reading the file found wrong with it. */
  findings?: Finding[];
}

/** A text report (already decoded). */
export function parseReport(content: string, source: string): ParsedReport {
  return parseLines(toLines(content), source, { kind: 'text', encoding: null });
}

/** Any report, as lines of its text view: the text's own, or a converted document's (documents/). */
export function parseLines(lines: Line[], source: string, doc: DocumentInfo): ParsedReport {
  const layout = splitSections(lines);
  const title = readTitle(layout.title);
  const tableSections = (['proactive', 'applications', 'review_litigation'] as const).map((k) =>
    layout.sections.get(k),
  );
  // Without a table, a text is a report only when its title says so; with tables, a damaged title gets findings.
  if (tableSections.every((s) => !s)) {
    if (!title?.year) throw notATitle(layout.title, source);
    throw new ParseError('not an annual report: none of the three table sections (二、三、四) was found', source);
  }
  const { agency, findings: agencyFindings } = readAgency(title, {
    title: layout.title,
    signature: layout.signature,
    text: [...layout.sections.values()].flatMap((s) => s.lines.map((l) => l.text)).join('\n'),
    source,
  });
  const fromBody = title?.year ? null : yearFromBody(layout);
  const year = title?.year ?? fromBody?.year;
  if (year === undefined)
    throw new ParseError('not an annual report: neither its title nor its text names the year it reports on', source);

  const tableText = tableSections
    .flatMap((s) => s?.lines ?? [])
    .map((l) => squeeze(l.text))
    .join('');
  const detected = detectFormat(tableText, year);
  const format = detected.format;
  const findings: Finding[] = [
    ...(doc.findings ?? []),
    ...agencyFindings,
    ...(fromBody ? [fromBody.finding] : []),
    ...(detected.uncertain ? [finding('format_uncertain', detected.uncertain, null)] : []),
  ];
  const cells: ParsedReport['cells'] = [];

  for (const def of SECTIONS) {
    const section = layout.sections.get(def.key);
    if (!section) findings.push(finding('section_missing', `no heading for ${def.label} (${def.key})`, null));
    else if (section.byContent) {
      const { line, cue, heading } = section.byContent;
      const how = heading
        ? `its heading "${heading.text.trim()}" was not recognized`
        : 'no heading was printed before it';
      findings.push(
        finding('section_by_content', `the ${def.key} table was found by its content (${cue}); ${how}`, line.no, {
          table: def.key as TableKey,
        }),
      );
    }
  }
  for (const [key, section] of Object.entries({
    proactive: tableSections[0],
    applications: tableSections[1],
    review_litigation: tableSections[2],
  }) as [TableKey, Section | undefined][]) {
    if (!section) {
      findings.push(finding('table_missing', `the ${key} table was not found`, null, { table: key }));
      continue;
    }
    const records = layOut(section.lines);
    const result = fillByPosition(format, key, TABLE_PARSERS[key](format, records), records);
    append(cells, result.cells);
    append(findings, result.findings);
  }
  const rules = checkRules(format.key, cells);
  append(findings, rules.findings);
  const prose = proseFigures(layout.sections.values(), cells, format.key, year);
  append(findings, prose.findings);
  const publishedOn = layout.date?.iso ?? null;
  const pageDate = doc.pageDate ?? null;
  // A year read from the text, not the title, is itself in doubt: no deadline is measured from it.
  const late = fromBody ? null : lateFinding(year, agency, publishedOn, pageDate, layout.date?.line.no ?? null);
  if (late) findings.push(late);
  const sections = {
    overview: narrative(layout.sections.get('overview')),
    problems: narrative(layout.sections.get('problems')),
    other: narrative(layout.sections.get('other')),
  };

  return {
    source,
    agency,
    year,
    format: format.key,
    publishedOn,
    sourceKind: doc.kind,
    encoding: doc.encoding,
    sections,
    // Sections as printed: by their heading, or (a table found by its content) by the line that told it.
    headings: [...layout.sections.values()].map((s) => {
      const at = s.heading ?? s.byContent!.line;
      return { key: s.key, line: at.no, ...(at.page !== undefined ? { page: at.page } : {}) };
    }),
    pageDate,
    cells,
    findings,
    rulesChecked: rules.checked,
    completeness: completeness(format, new Set(cells.map((c) => cellKey(c.table, c.row, c.column)))),
    prose: prose.figures,
    narrative: fingerprint(
      normalizeNarrative([sections.overview, sections.problems, sections.other], [agency.fullName, agency.name]),
    ),
  };
}

/**
 * published_late, from the report's closing date or else its page's date, against the deadline of the agency's kind:
 * its organ (a government, its office, a department, a township, a zone), or its level where no organ was resolved.
 */
function lateFinding(
  year: number,
  agency: ParsedReport['agency'],
  closing: string | null,
  page: PageDate | null,
  closingLine: number | null,
): Finding | null {
  const t = timeliness(year, { organ: agency.organ?.kind ?? null, level: agency.level }, closing, page?.iso ?? null);
  if (t.outcome !== 'late') return null;
  const from = t.source === 'closing_date' ? `its closing date, line ${closingLine}` : `its page: “${page!.printed}”`;
  return finding(
    'published_late',
    `published ${t.published} (${from}): ${t.daysLate} days after the deadline ${t.deadline} (${agency.organ ? `organ: ${agency.organ.kind}` : `level: ${agency.level ?? 'unknown'}`}; ${t.basis})`,
    t.source === 'closing_date' ? closingLine : null,
  );
}

/** A text file's bytes, in any of the encodings documents/encoding.ts reads (synchronous: no document conversion). */
export function parseText(bytes: Uint8Array, source: string): ParsedReport {
  const doc = textDocument(bytes, source);
  return parseLines(doc.lines, source, doc);
}

/**
 * A report file of any supported kind, told by its content: text in any encoding, HTML, Word (.docx) or PDF.
 * `charset`: the one a web server sent with the file (Content-Type), for text and pages that declare none themselves.
 */
export async function parseFile(bytes: Uint8Array, source: string, opts: ReadOptions = {}): Promise<ParsedReport> {
  const doc = await readDocument(bytes, source, opts);
  return parseLines(doc.lines, source, doc);
}
