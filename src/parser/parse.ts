/** Text in, a parsed report out: decode → normalize → sections → lay out cells → match the format → validate. */
import { readAgency, readTitle } from './agency';
import { detectFormat, SECTIONS, timeliness, type FormatDef, type TableKey } from '../format';
import { layOut } from './layout';
import { narrative, splitSections, type Section } from './sections';
import { parseApplications, parseProactive, parseReviewLitigation, type TableResult } from './tables';
import { readDocument, textDocument, type ReadOptions } from './documents';
import { ParseError, squeeze, toLines, type Line } from './text';
import { finding, type Finding, type PageDate, type ParsedReport, type SourceKind } from './types';
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
}

/** A text report (already decoded). */
export function parseReport(content: string, source: string): ParsedReport {
  return parseLines(toLines(content), source, { kind: 'text', encoding: null });
}

/** Any report, as lines of its text view: the text's own, or a converted document's (documents/). */
export function parseLines(lines: Line[], source: string, doc: DocumentInfo): ParsedReport {
  const layout = splitSections(lines);
  const title = readTitle(layout.title, source);
  const tableSections = (['proactive', 'applications', 'review_litigation'] as const).map((k) =>
    layout.sections.get(k),
  );
  if (tableSections.every((s) => !s))
    throw new ParseError('not an annual report: none of the three table sections (二、三、四) was found', source);

  const tableText = tableSections
    .flatMap((s) => s?.lines ?? [])
    .map((l) => squeeze(l.text))
    .join('');
  const detected = detectFormat(tableText, title.year);
  const format = detected.format;
  const findings: Finding[] = detected.uncertain ? [finding('format_uncertain', detected.uncertain, null)] : [];
  const cells: ParsedReport['cells'] = [];

  for (const def of SECTIONS) {
    if (!layout.sections.has(def.key))
      findings.push(finding('section_missing', `no heading for ${def.label} (${def.key})`, null));
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
    const result = TABLE_PARSERS[key](format, layOut(section.lines));
    cells.push(...result.cells);
    findings.push(...result.findings);
  }
  const rules = checkRules(format.key, cells);
  findings.push(...rules.findings);
  const prose = proseFigures(layout.sections.values(), cells, format.key, title.year);
  findings.push(...prose.findings);
  const agency = readAgency(title, layout.signature);
  const publishedOn = layout.date?.iso ?? null;
  const pageDate = doc.pageDate ?? null;
  const late = lateFinding(title.year, agency, publishedOn, pageDate, layout.date?.line.no ?? null);
  if (late) findings.push(late);
  const sections = {
    overview: narrative(layout.sections.get('overview')),
    problems: narrative(layout.sections.get('problems')),
    other: narrative(layout.sections.get('other')),
  };

  return {
    source,
    agency,
    year: title.year,
    format: format.key,
    publishedOn,
    sourceKind: doc.kind,
    encoding: doc.encoding,
    sections,
    headings: [...layout.sections.values()].map((s) => ({
      key: s.key,
      line: s.heading.no,
      ...(s.heading.page !== undefined ? { page: s.heading.page } : {}),
    })),
    pageDate,
    cells,
    findings,
    rulesChecked: rules.checked,
    prose: prose.figures,
    narrative: fingerprint(
      normalizeNarrative([sections.overview, sections.problems, sections.other], [agency.fullName, agency.name]),
    ),
  };
}

/**
 * published_late, from the report's closing date or else its page's date, against the deadline of the agency's kind
 * (today its `level`; the agency's organ kind once agencies are resolved to organs).
 */
function lateFinding(
  year: number,
  agency: ParsedReport['agency'],
  closing: string | null,
  page: PageDate | null,
  closingLine: number | null,
): Finding | null {
  const t = timeliness(year, agency.level, closing, page?.iso ?? null);
  if (t.outcome !== 'late') return null;
  const from = t.source === 'closing_date' ? `its closing date, line ${closingLine}` : `its page: “${page!.printed}”`;
  return finding(
    'published_late',
    `published ${t.published} (${from}): ${t.daysLate} days after the deadline ${t.deadline} for a ${agency.level ?? 'agency of unknown kind'} (${t.basis})`,
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
