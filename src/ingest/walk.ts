/** The walk: which files an ingest reads, from the paths it was given. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** The files a folder is searched for; what each is, is then told by its content. Files named directly are always read. */
const REPORT_EXTENSIONS = new Set(['.txt', '.text', '.htm', '.html', '.shtml', '.xhtml', '.docx', '.doc', '.pdf']);

/**
 * Files named on the command line, and the report files inside folders (recursively, in name order, symbolic links
 * followed), one at a time. Whatever cannot be walked is yielded anyway, so that loadFile reports it and the batch goes on.
 */
export async function* walk(paths: string[]): AsyncGenerator<string> {
  for (const p of paths) {
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
    let entries;
    try {
      entries = (await readdir(p, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      yield p; // an unreadable folder: reported as a file that cannot be read
      continue;
    }
    const folders: string[] = [];
    for (const e of entries) {
      const full = path.join(p, e.name);
      if (e.isDirectory()) folders.push(full);
      else if (REPORT_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
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
    yield* walk(folders);
  }
}

/** How many files walk() will yield (for progress and ETA). */
export async function countFiles(paths: string[]): Promise<number> {
  let n = 0;
  for await (const _ of walk(paths)) n++;
  return n;
}
