/**
 * The parts of a ZIP file (a Word .docx) as its central directory lists them, and a part's bytes inflated with a hard
 * bound: enough to check what a Word file unzips to before a library unzips it whole.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  zippedSize: number;
  /** As the directory declares it: a hostile file may lie (partBytes holds it to this). */
  unzippedSize: number;
  /** Where the part's local header starts. */
  offset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** The parts of a ZIP file; null when it has no readable central directory. */
export function zipParts(zip: Buffer): ZipPart[] | null {
  // The end record is the last 22 bytes, unless a comment (at most 65,535 bytes) follows it.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = zip.readUInt16LE(end + 10);
  const parts: ZipPart[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== DIRECTORY_ENTRY) return null;
    const nameLength = zip.readUInt16LE(at + 28);
    parts.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      zippedSize: zip.readUInt32LE(at + 20),
      unzippedSize: zip.readUInt32LE(at + 24),
      offset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return parts;
}

/**
 * A part's bytes, never more than it declares: inflating stops there (zlib's maxOutputLength), so a part that lies about
 * its size costs no more memory than one that does not. Null when the part cannot be read or holds more than declared.
 */
export function partBytes(zip: Buffer, part: ZipPart): Buffer | null {
  const at = part.offset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL_HEADER) return null;
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + part.zippedSize);
  try {
    const bytes =
      part.method === 0
        ? data
        : part.method === 8
          ? inflateRawSync(data, { maxOutputLength: Math.max(1, part.unzippedSize) })
          : null;
    return bytes && bytes.length === part.unzippedSize ? bytes : null;
  } catch {
    return null;
  }
}
