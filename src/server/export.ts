/**
 * GET /export/<dataset>.csv|.json: the flat cells (facts) and every aggregation, for BI tools that can only GET.
 * Query parameters are the GraphQL arguments: the filter's fields, groupBy, detail, …; lists are comma-separated.
 */
import { stringify } from 'csv-stringify';
import express, { type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { TABLE_KEYS, type TableKey } from '../format';
import * as analytics from '../query/analytics';
import { check, InputError } from '../query/errors';
import { validateFilter, type ReportFilter } from '../query/filter';
import { allFacts } from '../query/lists';

type Params = Record<string, string>;
type Rows = AsyncIterable<object> | object[];

interface Dataset {
  description: string;
  /** Parameters besides the filter's. */
  params: string[];
  columns(p: Params): string[];
  rows(ds: DataSource, filter: ReportFilter, p: Params): Promise<Rows> | Rows;
}

const FILTER_PARAMS = [
  'years',
  'yearFrom',
  'yearTo',
  'agencyIds',
  'nameContains',
  'region',
  'level',
  'format',
  'hasFindings',
  'violatesRule',
];

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
function int(name: string, v: string): number {
  check(/^-?\d+$/.test(v.trim()), `${name}: "${v}" is not a whole number`);
  return Number(v);
}
const ints = (name: string, v: string | undefined) => list(v)?.map((s) => int(name, s));
function bool(name: string, v: string): boolean {
  check(v === 'true' || v === 'false', `${name} must be true or false`);
  return v === 'true';
}

/** Validated here, before any byte is sent: a streamed export cannot turn into an error page halfway. */
function filterOf(p: Params): ReportFilter {
  const filter: ReportFilter = {
    years: ints('years', p.years),
    yearFrom: p.yearFrom === undefined ? undefined : int('yearFrom', p.yearFrom),
    yearTo: p.yearTo === undefined ? undefined : int('yearTo', p.yearTo),
    agencyIds: ints('agencyIds', p.agencyIds),
    nameContains: p.nameContains,
    region: p.region,
    level: p.level as ReportFilter['level'],
    format: p.format as ReportFilter['format'],
    hasFindings: p.hasFindings === undefined ? undefined : bool('hasFindings', p.hasFindings),
    violatesRule: p.violatesRule,
  };
  validateFilter(filter);
  return filter;
}

function groupByOf(p: Params): analytics.GroupBy[] {
  const g = list(p.groupBy) ?? [];
  for (const d of g)
    check(
      (analytics.GROUP_BY as readonly string[]).includes(d),
      `groupBy: ${d} is not one of ${analytics.GROUP_BY.join(', ')}`,
    );
  return g as analytics.GroupBy[];
}

/** The key columns a grouping puts in front of a bucket's measures. */
const KEY_COLUMNS: Record<analytics.GroupBy, string[]> = {
  YEAR: ['year'],
  AGENCY: ['agencyId', 'agencyName'],
  REGION: ['region'],
  LEVEL: ['level'],
  APPLICANT: ['applicant'],
};
const keyColumns = (p: Params) =>
  analytics.GROUP_BY.filter((g) => groupByOf(p).includes(g)).flatMap((g) => KEY_COLUMNS[g]);

const bucketDataset = (
  description: string,
  measures: string[],
  run: (ds: DataSource, f: ReportFilter, g: analytics.GroupBy[], p: Params) => Promise<object[]>,
  params: string[] = [],
): Dataset => ({
  description,
  params: ['groupBy', ...params],
  columns: (p) => [...keyColumns(p), ...measures],
  rows: (ds, f, p) => run(ds, f, groupByOf(p), p),
});

export const DATASETS: Record<string, Dataset> = {
  facts: {
    description: 'every cell as a flat row (parameter table: one of the tables)',
    params: ['table'],
    columns: () => [
      'agencyId',
      'agencyName',
      'agencyFullName',
      'region',
      'level',
      'reportId',
      'year',
      'format',
      'table',
      'row',
      'rowLabel',
      'column',
      'columnLabel',
      'value',
      'raw',
      'sourceFile',
      'line',
      'page',
      'gridTable',
      'gridRow',
      'gridColumn',
    ],
    rows: (ds, f, p) => {
      check(!p.table || TABLE_KEYS.includes(p.table as TableKey), `table must be one of ${TABLE_KEYS.join(', ')}`);
      return allFacts(ds, f, p.table as TableKey | undefined);
    },
  },
  dispositions: bucketDataset(
    'dispositionBreakdown (parameters groupBy, detail = CATEGORY | ROW, rows, orderBy = KEY | COUNT_DESC | SHARE_DESC, first)',
    ['category', 'row', 'count', 'handled', 'share', 'reports'],
    (ds, f, g, p) => {
      check(
        !p.detail || (analytics.DISPOSITION_DETAIL as readonly string[]).includes(p.detail),
        `detail must be one of ${analytics.DISPOSITION_DETAIL.join(', ')}`,
      );
      check(
        !p.orderBy || (analytics.BUCKET_ORDER as readonly string[]).includes(p.orderBy),
        `orderBy must be one of ${analytics.BUCKET_ORDER.join(', ')}`,
      );
      return analytics.dispositionBreakdown(ds, f, {
        groupBy: g,
        detail: p.detail as analytics.DispositionDetail | undefined,
        rows: list(p.rows),
        orderBy: p.orderBy as analytics.BucketOrder | undefined,
        first: p.first === undefined ? undefined : int('first', p.first),
      });
    },
    ['detail', 'rows', 'orderBy', 'first'],
  ),
  procurement: bucketDataset(
    'procurementTotals',
    ['projects', 'amountWan', 'reports', 'reportsUnitAssumed'],
    (ds, f, g) => analytics.procurementTotals(ds, f, g),
  ),
  'review-litigation': bucketDataset(
    'reviewLitigation',
    ['kind', 'upheld', 'corrected', 'other', 'pending', 'total', 'correctionRate', 'reports'],
    (ds, f, g) => analytics.reviewLitigation(ds, f, g),
  ),
  'data-quality': bucketDataset('dataQuality', ['rule', 'reportsChecked', 'reportsViolating', 'share'], (ds, f, g) =>
    analytics.dataQuality(ds, f, g),
  ),
  compare: {
    description: 'compareAgencies (parameters agencyIds, years, metrics; no filter)',
    params: ['metrics'],
    columns: () => [
      'agencyId',
      'agencyName',
      'year',
      'reportId',
      'format',
      'metric',
      'value',
      'previousValue',
      'change',
    ],
    rows: (ds, f, p) => analytics.compareAgencies(ds, f.agencyIds ?? [], f.years ?? [], list(p.metrics) ?? []),
  },
};

const FORMATS = ['csv', 'json'] as const;

async function send(
  res: Response,
  format: (typeof FORMATS)[number],
  name: string,
  columns: string[],
  rows: Rows,
): Promise<void> {
  res.setHeader('Content-Disposition', `inline; filename="${name}.${format}"`);
  if (format === 'json') {
    res.type('application/json; charset=utf-8');
    let first = true;
    res.write('[');
    for await (const row of rows) {
      res.write(
        `${first ? '' : ','}\n${JSON.stringify(Object.fromEntries(columns.map((c) => [c, (row as Record<string, unknown>)[c] ?? null])))}`,
      );
      first = false;
    }
    res.end(']\n');
    return;
  }
  res.type('text/csv; charset=utf-8');
  // A byte-order mark: Excel otherwise reads the Chinese labels as a legacy code page. Blank stays empty, 0 stays 0.
  const csv = stringify({ header: true, columns, bom: true });
  csv.pipe(res);
  for await (const row of rows) if (!csv.write(row)) await new Promise((r) => csv.once('drain', r));
  csv.end();
  await new Promise((r) => res.once('finish', r));
}

export function exportRouter(ds: DataSource): express.Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.json(
      Object.fromEntries(
        Object.entries(DATASETS).map(([name, d]) => [
          name,
          { description: d.description, formats: FORMATS, parameters: [...FILTER_PARAMS, ...d.params] },
        ]),
      ),
    );
  });
  router.get('/:file', async (req: Request<{ file: string }>, res: Response) => {
    const match = /^([a-z-]+)\.(csv|json)$/.exec(req.params.file);
    const dataset = match ? DATASETS[match[1]] : undefined;
    if (!match || !dataset) {
      res.status(404).json({
        error: `no export ${req.params.file}; try ${Object.keys(DATASETS)
          .map((d) => `${d}.csv`)
          .join(', ')} (or .json)`,
      });
      return;
    }
    try {
      const p = req.query as Params;
      for (const [k, v] of Object.entries(p)) {
        check(typeof v === 'string', `${k} is given twice; give a comma-separated list once`);
        check(
          FILTER_PARAMS.includes(k) || dataset.params.includes(k),
          `unknown parameter ${k}; ${match[1]} takes ${[...FILTER_PARAMS, ...dataset.params].join(', ')}`,
        );
      }
      const columns = dataset.columns(p);
      const rows = await dataset.rows(ds, filterOf(p), p);
      await send(res, match[2] as 'csv' | 'json', match[1], columns, rows);
    } catch (e) {
      if (res.headersSent) res.destroy(e as Error);
      else if (e instanceof InputError) res.status(400).json({ error: e.message });
      else throw e;
    }
  });
  return router;
}
