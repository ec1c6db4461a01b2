/**
 * The archive: every downloaded original as it came, content-addressed by SHA-256 (ab/abcdef….pdf), so the same bytes
 * are kept once whatever URL they came from, and a path names its content. Files are written whole (a temporary file
 * renamed), so a crawl killed mid-write leaves no half file under a real name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isPostgresUrl } from '../model/data-source';
import { sniff, type DocumentKind } from '../parser/documents/sniff';

const EXTENSION: Record<DocumentKind, string> = {
  text: 'txt',
  html: 'html',
  docx: 'docx',
  pdf: 'pdf',
  doc: 'doc',
  xls: 'xls',
  ppt: 'ppt',
  ole: 'ole',
  zip: 'zip',
  image: 'img',
};

/** Beside a SQLite database (gongkai.db → gongkai-archive); for PostgreSQL, gongkai-archive in the working folder. */
export function defaultArchive(db: string): string {
  if (isPostgresUrl(db)) return path.resolve('gongkai-archive');
  const dir = path.dirname(path.resolve(db));
  return path.join(dir, `${path.basename(db, path.extname(db))}-archive`);
}

export class Archive {
  constructor(readonly root: string) {}

  /** Stores bytes (once); their SHA-256 and their path in the archive (relative to its folder). */
  async put(bytes: Buffer): Promise<{ sha256: string; archivePath: string }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const archivePath = path.join(sha256.slice(0, 2), `${sha256}.${EXTENSION[sniff(bytes, '')]}`);
    const file = this.file(archivePath);
    const present = await stat(file).then(
      (s) => s.size === bytes.length,
      () => false,
    );
    if (!present) {
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${randomBytes(4).toString('hex')}.part`;
      await writeFile(temporary, bytes);
      await rename(temporary, file);
    }
    return { sha256, archivePath };
  }

  /** The full path of a file in the archive. */
  file(archivePath: string): string {
    return path.join(this.root, archivePath);
  }

  /** Its bytes, or undefined if the file is gone (a re-crawl then downloads it again). */
  read(archivePath: string): Promise<Buffer | undefined> {
    return readFile(this.file(archivePath)).catch(() => undefined);
  }
}
