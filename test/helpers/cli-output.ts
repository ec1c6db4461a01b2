/** The CLI run in the test's own process, everything it prints kept in `out` (emptied before each test). */
import { afterEach, beforeEach, vi } from 'vitest';
import { main } from '../../src/cli/main';

export function capturedCli() {
  const out: string[] = [];
  const keep = (s: string | Uint8Array) => (out.push(String(s)), true);
  beforeEach(() => {
    out.length = 0;
    vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    vi.spyOn(process.stdout, 'write').mockImplementation(keep);
    vi.spyOn(process.stderr, 'write').mockImplementation(keep);
    process.exitCode = undefined;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });
  return { out, run: (...args: string[]) => main(['node', 'gongkai', ...args]) };
}
