/**
 * Every parameter the export index lists works: for each dataset and each of its parameters, the export answers what
 * the GraphQL field answers for the same argument (the export reads its parameters from the schema, so a parameter
 * it listed but ignored would show here as a different answer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Running } from '../src/server/app';
import { apiOver, type Api } from './helpers/api';

/** A value for each parameter, as a query string gives it and as GraphQL takes it. */
const VALUES: Record<string, [string, string]> = {
  years: ['2020', '[2020]'],
  yearFrom: ['2021', '2021'],
  yearTo: ['2020', '2020'],
  agencyIds: ['1,5', '[1, 5]'],
  nameContains: ['湛河', '"湛河"'],
  division: ['41', '"41"'],
  province: ['江苏', '"江苏"'],
  city: ['淮安市', '"淮安市"'],
  county: ['丰城市', '"丰城市"'],
  depth: ['city', 'CITY'],
  level: ['department', 'department'],
  format: ['2021', '"2021"'],
  hasFindings: ['false', 'false'],
  violatesRule: ['review_total', 'review_total'],
  excludeViolations: ['review_total,balance', '[review_total, balance]'],
  groupBy: ['level,year', '[LEVEL, YEAR]'],
  detail: ['row', 'ROW'],
  rows: ['granted,unable_not_held', '[granted, unable_not_held]'],
  orderBy: ['count_desc', 'COUNT_DESC'],
  first: ['3', '3'],
  table: ['review_litigation', 'review_litigation'],
  excludeAssumedUnits: ['true', 'true'],
  metrics: ['received_new,not_held_rate', '[received_new, not_held_rate]'],
  codes: ['rule_violation,label_missing', '[rule_violation, label_missing]'],
};
const FILTER_FIELDS = new Set([
  'years',
  'yearFrom',
  'yearTo',
  'agencyIds',
  'nameContains',
  'division',
  'province',
  'city',
  'county',
  'level',
  'format',
  'hasFindings',
  'violatesRule',
  'excludeViolations',
]);

interface Listed {
  graphql: string;
  pagedBy?: number;
  parameters: { name: string; type: string }[];
  columns: { name: string }[];
}

describe('every export parameter', () => {
  let api: Api;
  let server: Running;
  let base: string;
  let index: Record<string, Listed>;
  beforeAll(async () => {
    api = await apiOver(['data/reports', 'data/published']);
    server = await serve(api.ds, 0, '127.0.0.1');
    base = server.url.replace(/\/graphql$/, '');
    index = (await (await fetch(`${base}/export/`)).json()) as Record<string, Listed>;
  });
  afterAll(async () => {
    await server.close();
    await api.close();
  });

  it('has a test value for every parameter listed', () => {
    const listed = Object.values(index).flatMap((d) => d.parameters.map((p) => p.name));
    expect(listed.filter((p) => !VALUES[p])).toEqual([]);
  });

  it('answers as the GraphQL field does, for each parameter of each dataset', async () => {
    for (const [name, d] of Object.entries(index)) {
      // compareAgencies needs all three of its arguments; the others take each one alone.
      const required =
        name === 'compare'
          ? ['agencyIds', 'years', 'metrics']
          : name === 'metric-summary' || name === 'metrics'
            ? ['metrics']
            : [];
      for (const p of d.parameters.map((x) => x.name)) {
        const given = [...new Set([...required, p])];
        const query = given.map((k) => `${k}=${encodeURIComponent(VALUES[k][0])}`).join('&');
        const res = await fetch(`${base}/export/${name}.json?${query}`);
        expect(res.status, `${name}?${query}`).toBe(200);
        const rows = (await res.json()) as Record<string, unknown>[];
        const filter = given.filter((k) => FILTER_FIELDS.has(k) && name !== 'compare');
        const others = given.filter((k) => !filter.includes(k));
        const args = [
          ...(filter.length ? [`filter: { ${filter.map((k) => `${k}: ${VALUES[k][1]}`).join(', ')} }`] : []),
          ...others.map((k) => `${k}: ${VALUES[k][1]}`),
          ...(d.pagedBy ? [`first: ${d.pagedBy}`] : []),
        ];
        const columns = Object.keys(rows[0] ?? {}).join(' ') || d.columns[0].name;
        const selection = d.pagedBy ? `{ nodes { ${columns} } }` : `{ ${columns} }`;
        const data = await api.data(
          `{ answer: ${d.graphql}${args.length ? `(${args.join(', ')})` : ''} ${selection} }`,
        );
        const answer = d.pagedBy ? data.answer.nodes : data.answer;
        expect(rows, `${name}?${query}`).toEqual(answer);
      }
    }
  });
});
