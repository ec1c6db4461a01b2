/** The walk: which files an ingest reads, from the paths it was given. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';

/** The files a folder is searched for; what each is, is then told by its content. Files named directly are always read. */
const REPORT_EXTENSIONS = new Set(['.txt', '.text', '.htm', '.html', '.shtml', '.xhtml', '.docx', '.doc', '.pdf']);

/**
 * A path as the file system has it: a string, or its bytes when a name in it is not UTF-8 (GBK names from archives
 * made on Windows), which a string cannot hold — decoded, such a path names no file.
 */
export type FilePath = string | Buffer;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A name's text when it is UTF-8; undefined when it is not. */
function utf8(bytes: Buffer): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** A path as people read it: a name that is not UTF-8 read as GB18030 (GBK, the Windows code page of Chinese names). */
export const displayPath = (p: FilePath): string =>
  typeof p === 'string' ? p : (utf8(p) ?? iconv.decode(p, 'gb18030'));

function child(folder: FilePath, name: Buffer): FilePath {
  const text = utf8(name);
  if (typeof folder === 'string' && text !== undefined) return path.join(folder, text);
  return Buffer.concat([Buffer.from(folder), Buffer.from(path.sep), name]);
}

/**
 * Files named on the command line, and the report files inside folders (recursively, in name order, symbolic links
 * followed), one at a time. Each real folder is walked once, however many links lead to it, so a link loop (`ln -s .
 * x`) neither hangs the walk nor reads a file twice; the walk keeps its own stack, so depth costs no call stack.
 * Whatever cannot be walked is yielded anyway, so that the ingest reports it and the batch goes on.
 */
export async function* walk(paths: string[]): AsyncGenerator<FilePath> {
  const walked = new Set<string>();
  const pending: FilePath[] = [...paths].reverse();
  for (let p = pending.pop(); p !== undefined; p = pending.pop()) {
    let s;
    try {
      s = await stat(p);
    } catch {
      yield p;
      continue;
    }
    if (!s.isDirectory()) {
      yield p;
      continue;
    }
    const id = `${s.dev}:${s.ino}`;
    if (walked.has(id)) continue;
    walked.add(id);
    let entries;
    try {
      entries = (await readdir(p, { withFileTypes: true, encoding: 'buffer' }))
        .map((e) => ({ e, name: displayPath(e.name) }))
        .sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      yield p; // an unreadable folder: reported as a file that cannot be read
      continue;
    }
    const folders: FilePath[] = [];
    for (const { e, name } of entries) {
      const full = child(p, e.name);
      if (e.isDirectory()) folders.push(full);
      else if (REPORT_EXTENSIONS.has(path.extname(name).toLowerCase()))
        yield full; // files, links (even broken), pipes: prepare() tells
      else if (
        e.isSymbolicLink() &&
        (await stat(full).then(
          (t) => t.isDirectory(),
          () => false,
        ))
      )
        folders.push(full);
    }
    pending.push(...folders.reverse());
  }
}

/** How many files walk() will yield (for progress and ETA). */
export async function countFiles(paths: string[]): Promise<number> {
  let n = 0;
  for await (const _ of walk(paths)) n++;
  return n;
}
