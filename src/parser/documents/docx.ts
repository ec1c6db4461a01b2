/** Word files: mammoth reads the document, tables as tables (merged cells as rowspan/colspan), and gives HTML. */
import mammoth from 'mammoth';
import { ParseError } from '../text';
import { asBuffer } from './sniff';

export async function docxHtml(bytes: Uint8Array, source: string): Promise<string> {
  try {
    const { value } = await mammoth.convertToHtml({ buffer: asBuffer(bytes) }, { ignoreEmptyParagraphs: false });
    return value;
  } catch (e) {
    throw new ParseError(`not a readable Word .docx file: ${(e as Error).message}`, source);
  }
}
