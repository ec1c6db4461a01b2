/** A parser thread (see parse-pool.ts). Errors cross back as messages: the file name is in them (ParseError). */
import { parseFile } from '../parser/parse';
import type { ParsedReport } from '../parser/types';

export interface ParseTask {
  bytes: Uint8Array;
  source: string;
  charset?: string;
}

export default async function parse({ bytes, source, charset }: ParseTask): Promise<ParsedReport> {
  return parseFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), source, { charset });
}
