/** Writes the README's example section: each example query of the editor with its answer on the bundled reports. */
import { EXAMPLES } from '../src/server/examples';

const isObject = (v: unknown): v is object => v !== null && typeof v === 'object';
const holdsList = (v: unknown): boolean =>
  Array.isArray(v) ? v.some(isObject) : isObject(v) && Object.values(v).some(holdsList);

/** JSON with one line per object, unless the object holds a list of objects: short to read, exact to diff. */
export function compactJson(value: unknown, indent = ''): string {
  if (!holdsList(value)) return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + compactJson(v, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value as object).map(
    ([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`,
  );
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

export const EXAMPLES_START = '<!-- examples:start (written by `npm run docs`) -->';
export const EXAMPLES_END = '<!-- examples:end -->';

/** The README section: each example with its answer, as `run` (one GraphQL operation → its data) gives it. */
export async function examplesMarkdown(run: (query: string) => Promise<unknown>): Promise<string> {
  const parts: string[] = [];
  for (const e of EXAMPLES) {
    parts.push(
      `#### ${e.title}\n\n\`\`\`graphql\n${e.query}\n\`\`\`\n\n<details><summary>Answer on the bundled reports</summary>\n\n\`\`\`json\n${compactJson(await run(e.query))}\n\`\`\`\n\n</details>\n`,
    );
  }
  return `${EXAMPLES_START}\n${parts.join('\n')}${EXAMPLES_END}`;
}

/** `readme` with its examples section replaced. */
export function withExamples(readme: string, section: string): string {
  const start = readme.indexOf(EXAMPLES_START);
  const end = readme.indexOf(EXAMPLES_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${EXAMPLES_START} … ${EXAMPLES_END} section`);
  return readme.slice(0, start) + section + readme.slice(end + EXAMPLES_END.length);
}
