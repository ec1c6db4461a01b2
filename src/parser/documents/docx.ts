/** Word files: mammoth reads the document, tables as tables (merged cells as rowspan/colspan), and gives HTML. */
import mammoth from 'mammoth';
import { ParseError } from '../text';
import { megabytes, PARSE_LIMITS } from './limits';
import { asBuffer } from './sniff';
import { partBytes, zipParts } from './zip';

/**
 * What a Word file unzips to, checked before mammoth (JSZip) unzips it whole: the sizes its directory declares, their
 * ratio to the zipped sizes, and then every part inflated no further than it declares — a file that lies about its
 * sizes costs no more than one that does not.
 */
function checkUnzipped(zip: Buffer, source: string): void {
  const parts = zipParts(zip);
  if (!parts) throw new ParseError('not a readable Word .docx file: no ZIP directory', source);
  let total = 0;
  for (const p of parts) {
    total += p.unzippedSize;
    if (total > PARSE_LIMITS.docxUnzippedBytes)
      throw new ParseError(
        `a Word file that unzips to more than ${megabytes(PARSE_LIMITS.docxUnzippedBytes)}: not read (a report is a few MB)`,
        source,
      );
    const ratio = p.unzippedSize / Math.max(1, p.zippedSize);
    if (p.unzippedSize > 1024 * 1024 && ratio > PARSE_LIMITS.docxRatio)
      throw new ParseError(
        `a Word file with a part (${p.name}) zipped ${Math.round(ratio)} times smaller than it unzips: not read (XML zips 5–20 times; the limit is ${PARSE_LIMITS.docxRatio})`,
        source,
      );
  }
  for (const p of parts)
    if (!partBytes(zip, p))
      throw new ParseError(`not a readable Word .docx file: ${p.name} does not unzip to the size it declares`, source);
}

export async function docxHtml(bytes: Uint8Array, source: string): Promise<string> {
  checkUnzipped(asBuffer(bytes), source);
  try {
    const { value } = await mammoth.convertToHtml({ buffer: asBuffer(bytes) }, { ignoreEmptyParagraphs: false });
    return value;
  } catch (e) {
    throw new ParseError(`not a readable Word .docx file: ${(e as Error).message}`, source);
  }
}
