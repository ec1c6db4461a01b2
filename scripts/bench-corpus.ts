/** The synthetic corpora the benchmarks share: generated once per size into the temporary folder, then reused. */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeCorpus } from '../src/generate/corpus';

export const WORK = path.join(os.tmpdir(), 'gongkai-bench');
/** Each agency reports for this many years. */
export const YEARS = 5;

export async function corpus(n: number): Promise<string> {
  const dir = path.join(WORK, `corpus-${n}`);
  const done = path.join(dir, '.complete'); // written last: a corpus cut short by a kill is generated again
  if (!existsSync(done)) {
    console.log(`generating ${n} reports in ${dir}…`);
    await rm(dir, { recursive: true, force: true });
    await writeCorpus(dir, { reports: n, seed: 2026, panelYears: YEARS });
    await writeFile(done, '');
  }
  return dir;
}
