/** Text in, a parsed report out: decode → normalize → sections → lay out cells → match the format → validate. */
import { readAgency, readTitle } from './agency';
import { detectFormat, SECTIONS, type FormatDef, type TableKey } from '../format';
import { layOut } from './layout';
import { narrative, splitSections, type Section } from './sections';
import { parseApplications, parseProactive, parseReviewLitigation, type TableResult } from './tables';
import { readDocument, textDocument, type ReadOptions } from './documents';
import { ParseError, squeeze, toLines, type Line } from './text';
import { finding, type Finding, type ParsedReport, type SourceKind } from './types';
import { checkRules } from './validate';

const TABLE_PARSERS: Record<TableKey, (format: FormatDef, records: ReturnType<typeof layOut>) => TableResult> = {
  proactive: parseProactive,
  applications: parseApplications,
  review_litigation: parseReviewLitigation,
};

export interface DocumentInfo {
  kind: SourceKind;
  encoding: string | null;
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
  const { agency, finding: agencyFinding } = readAgency(title, {
    title: layout.title,
    signature: layout.signature,
    text: [...layout.sections.values()].flatMap((s) => s.lines.map((l) => l.text)).join('\n'),
    source,
  });
  if (agencyFinding) findings.unshift(agencyFinding);

  return {
    source,
    agency,
    year: title.year,
    format: format.key,
    publishedOn: layout.date?.iso ?? null,
    sourceKind: doc.kind,
    encoding: doc.encoding,
    sections: {
      overview: narrative(layout.sections.get('overview')),
      problems: narrative(layout.sections.get('problems')),
      other: narrative(layout.sections.get('other')),
    },
    cells,
    findings,
    rulesChecked: rules.checked,
  };
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
