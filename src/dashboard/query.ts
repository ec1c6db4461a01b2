/**
 * What a panel shows, described once as GraphQL calls: from it come the request, the query people can copy, and the
 * CSV export of exactly the same rows (the export takes the GraphQL arguments as parameters: README, "Exports").
 */
import { exportUrl, graphql } from './api';

/** An enum value: written bare in GraphQL. */
export class Enum {
  constructor(readonly name: string) {}
}
export const en = (name: string) => new Enum(name);

export type Value = string | number | boolean | Enum | null | undefined | Value[] | { [key: string]: Value };

export interface Call {
  /** Its name in the answer when one query asks several things. */
  alias?: string;
  field: string;
  args?: Record<string, Value>;
  /** The selection set, as written in GraphQL. */
  select: string;
  /** What its CSV link is called, when a panel has several. */
  label?: string;
}

/** The export dataset of each aggregation (src/server/export.ts). */
const DATASETS: Record<string, string> = {
  dispositionBreakdown: 'dispositions',
  dataQuality: 'data-quality',
  scorecardSummary: 'scorecard-summary',
  scorecards: 'scorecards',
  compareAgencies: 'compare',
  procurementTotals: 'procurement',
  reviewLitigation: 'review-litigation',
  facts: 'facts',
};

/** Paged lists export everything: a panel's page arguments are not the export's. */
const PAGE_ARGS = ['first', 'after'];

const present = (v: Value) => v !== undefined && !(typeof v === 'object' && v !== null && isEmpty(v));
const isEmpty = (v: object) => (Array.isArray(v) ? false : Object.values(v).every((x) => x === undefined));

export function literal(v: Value): string {
  if (v instanceof Enum) return v.name;
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (v !== null && typeof v === 'object')
    return `{ ${Object.entries(v)
      .filter(([, x]) => present(x))
      .map(([k, x]) => `${k}: ${literal(x)}`)
      .join(', ')} }`;
  // JSON string escapes are GraphQL string escapes.
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function callText(c: Call): string {
  const args = Object.entries(c.args ?? {}).filter(([, v]) => present(v));
  const argText = args.length ? `(${args.map(([k, v]) => `${k}: ${literal(v)}`).join(', ')})` : '';
  const selection = c.select
    .trim()
    .split('\n')
    .map((l) => `    ${l.trim()}`)
    .join('\n');
  return `  ${c.alias ? `${c.alias}: ` : ''}${c.field}${argText} {\n${selection}\n  }`;
}

export const documentOf = (calls: Call[]) => `{\n${calls.map(callText).join('\n')}\n}`;

const param = (v: Value): string =>
  v instanceof Enum ? v.name : Array.isArray(v) ? v.map(param).join(',') : String(v);

/** The CSV export of exactly this call, if the server exports its field. */
export function csvOf(c: Call): string | undefined {
  const dataset = DATASETS[c.field];
  if (!dataset) return undefined;
  const params: [string, string][] = [];
  for (const [k, v] of Object.entries(c.args ?? {})) {
    if (!present(v) || (c.field === 'scorecards' && PAGE_ARGS.includes(k))) continue;
    if (k === 'filter' && v && typeof v === 'object' && !(v instanceof Enum) && !Array.isArray(v)) {
      for (const [fk, fv] of Object.entries(v)) if (present(fv)) params.push([fk, param(fv)]);
    } else params.push([k, param(v)]);
  }
  return exportUrl(dataset, params);
}

/** Runs the calls as one query; the answer keyed by alias (or field). */
export const run = (calls: Call[]) => graphql(documentOf(calls));
