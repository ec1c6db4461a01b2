/**
 * Example queries answering real questions: preloaded as tabs in the query editor and shown, with their answers on
 * the bundled reports, in the README (`npm run docs` rewrites that section; a test keeps it current).
 */
export interface Example {
  title: string;
  query: string;
}

export const EXAMPLES: Example[] = [
  {
    title: 'Requests received per agency and year, and how they were handled',
    query: `query RequestsPerAgencyAndYear {
  reports {
    nodes {
      year
      agency { name }
      received: metric(key: "received_new")
      handled: metric(key: "total_handled")
      disclosureRate: metric(key: "disclosure_rate")
    }
  }
  dispositionBreakdown(groupBy: [AGENCY, YEAR], detail: CATEGORY) {
    agencyName year category count share
  }
}`,
  },
  {
    title: 'Which agencies answer 本机关不掌握 (information not held) most often',
    query: `query NotHeldMostOften {
  dispositionBreakdown(groupBy: [AGENCY], detail: ROW, rows: [unable_not_held], orderBy: COUNT_DESC, first: 10) {
    agencyName row count handled share
  }
}`,
  },
  {
    title: 'Procurement totals by region in 2020 (format 2019 only)',
    query: `query ProcurementByRegion2020 {
  procurementTotals(filter: { years: [2020] }, groupBy: [REGION]) {
    region projects amountWan reports reportsUnitAssumed
  }
}`,
  },
  {
    title: 'Review and litigation correction rates by year',
    query: `query CorrectionRatesByYear {
  reviewLitigation(groupBy: [YEAR]) {
    year kind upheld corrected other pending total correctionRate reports
  }
}`,
  },
  {
    title: 'Two agencies compared across years',
    query: `query CompareTwoAgencies {
  compareAgencies(agencyIds: [1, 5], years: [2019, 2020], metrics: ["received_new", "disclosure_rate", "not_held_rate"]) {
    agencyName year metric value previousValue change
  }
}`,
  },
  {
    title: 'Where a number comes from: cells with their provenance, and what the parser was unsure of',
    query: `query Provenance {
  reports(filter: { nameContains: "湛河区" }) {
    nodes {
      agency { fullName region level }
      year format
      applications { key natural_person { value raw sourceFile line } total { value } }
    }
  }
  report(id: 4) {
    agency { name }
    findings { code severity line rowKey message }
  }
}`,
  },
];

const isObject = (v: unknown): v is object => v !== null && typeof v === 'object';
const holdsList = (v: unknown): boolean => (Array.isArray(v) ? v.some(isObject) : isObject(v) && Object.values(v).some(holdsList));

/** JSON with one line per object, unless the object holds a list of objects: short to read, exact to diff. */
export function compactJson(value: unknown, indent = ''): string {
  if (!holdsList(value)) return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + compactJson(v, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value as object).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

export const EXAMPLES_START = '<!-- examples:start (written by `npm run docs`) -->';
export const EXAMPLES_END = '<!-- examples:end -->';

/** The README section: each example with its answer, as `run` (one GraphQL operation → its data) gives it. */
export async function examplesMarkdown(run: (query: string) => Promise<unknown>): Promise<string> {
  const parts: string[] = [];
  for (const e of EXAMPLES) {
    parts.push(`#### ${e.title}\n\n\`\`\`graphql\n${e.query}\n\`\`\`\n\n<details><summary>Answer on the bundled reports</summary>\n\n\`\`\`json\n${compactJson(await run(e.query))}\n\`\`\`\n\n</details>\n`);
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
