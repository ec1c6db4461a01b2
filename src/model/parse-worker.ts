/** A parser thread (see parse-pool.ts). Errors cross back as messages: the file name is in them (ParseError). */
import { parseBytes } from '../ingest/parse';
import type { ParsedReport } from '../ingest/types';

export default function parse({ bytes, source }: { bytes: Uint8Array; source: string }): ParsedReport {
  return parseBytes(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), source);
}
