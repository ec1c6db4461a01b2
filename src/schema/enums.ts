/**
 * GraphQL enums, generated from the format description: their values are FORMAT.md's keys as written, and each
 * value's description carries the Chinese label and the English name.
 */
import { registerEnumType } from 'type-graphql';
import { DIVISION_LEVELS } from '../divisions/gazetteer';
import { ORGAN_KINDS } from '../divisions/organs';
import {
  DISPOSITION_CATEGORIES,
  METRIC_STATUSES,
  metrics,
  LEVEL_KEYS,
  allRules,
  ruleDescription,
  TABLE_KEYS,
  dimensions,
  type TableKey,
} from '../format';
import { FINDING_CODES } from '../format/findings';
import { BUCKET_ORDER, DISPOSITION_DETAIL, GROUP_BY } from '../query/analytics';
import { DIVISION_DEPTHS } from '../query/divisions';

type Described = { key: string; description?: string };

export function keyEnum(name: string, description: string, values: Described[]): Record<string, string> {
  const e = Object.fromEntries(values.map((v) => [v.key, v.key]));
  registerEnumType(e, {
    name,
    description,
    valuesConfig: Object.fromEntries(
      values.filter((v) => v.description).map((v) => [v.key, { description: v.description }]),
    ),
  });
  return e;
}

function dimensionEnum(name: string, table: TableKey, kind: 'row' | 'column'): Record<string, string> {
  const dims = dimensions()
    .filter((d) => d.table === table && d.kind === kind)
    .sort((a, b) => a.order - b.order);
  return keyEnum(
    name,
    `${kind === 'row' ? 'Rows' : 'Columns'} of the ${table} table (FORMAT.md keys).`,
    dims.map((d) => ({ key: d.key, description: `${d.label} · ${d.en} (format ${d.formats.join(', ')})` })),
  );
}

export const TableKeyEnum = keyEnum(
  'TableKey',
  'The three tables of a report.',
  TABLE_KEYS.map((key) => ({ key })),
);
export const ProactiveRowKey = dimensionEnum('ProactiveRowKey', 'proactive', 'row');
export const ProactiveColumnKey = dimensionEnum('ProactiveColumnKey', 'proactive', 'column');
export const ApplicationRowKey = dimensionEnum('ApplicationRowKey', 'applications', 'row');
export const ApplicationColumnKey = dimensionEnum('ApplicationColumnKey', 'applications', 'column');
export const ReviewLitigationRowKey = dimensionEnum('ReviewLitigationRowKey', 'review_litigation', 'row');
export const ReviewLitigationColumnKey = dimensionEnum('ReviewLitigationColumnKey', 'review_litigation', 'column');

export const LevelEnum = keyEnum(
  'Level',
  'Administrative level of an agency, from its division and organ.',
  LEVEL_KEYS.map((key) => ({ key })),
);
export const OrganKindEnum = keyEnum(
  'OrganKind',
  'Which body of a division: its government, the government’s office, a department, a township or street, a zone.',
  ORGAN_KINDS.map((key) => ({ key })),
);
export const DivisionLevelEnum = keyEnum(
  'DivisionLevel',
  'Levels of the gazetteer (zone: 开发区, farms and the like, in place of a county or township).',
  DIVISION_LEVELS.filter((l) => l !== 'group').map((key) => ({ key })),
);
export const DivisionDepthEnum = keyEnum(
  'DivisionDepth',
  'How deep the tree of divisions goes.',
  DIVISION_DEPTHS.map((key) => ({ key })),
);
export const RuleKey = keyEnum(
  'RuleKey',
  'Consistency rules (勾稽关系) of FORMAT.md.',
  allRules().map((r) => ({ key: r.key, description: `${r.label}: ${ruleDescription(r)}` })),
);
export const FindingCodeEnum = keyEnum(
  'FindingCode',
  'What the parser says about a report it is unsure of.',
  Object.entries(FINDING_CODES).map(([key, v]) => ({ key, description: `${v.severity}: ${v.description}` })),
);
export const SeverityEnum = keyEnum(
  'Severity',
  'How much a finding matters.',
  ['error', 'warning', 'info'].map((key) => ({ key })),
);

export const DispositionCategory = keyEnum(
  'DispositionCategory',
  'Categories of handling outcomes (本年度办理结果).',
  DISPOSITION_CATEGORIES.map((c) => ({ key: c.key, description: `${c.label} · ${c.en}` })),
);

export const MetricKey = keyEnum(
  'MetricKey',
  'The catalogue of derived metrics (see the metrics query for formulas and formats).',
  metrics().map((m) => ({ key: m.key, description: `${m.label} · ${m.en}` })),
);
export const MetricStatusEnum = keyEnum(
  'MetricStatus',
  'Why a metric has no value on a report (or ok).',
  METRIC_STATUSES.map((key) => ({ key })),
);
export const GroupByEnum = keyEnum(
  'GroupBy',
  'Dimensions an aggregation can group its buckets by.',
  GROUP_BY.map((key) => ({ key })),
);
export const DispositionDetailEnum = keyEnum(
  'DispositionDetail',
  'Break handling outcomes down by category or by row.',
  DISPOSITION_DETAIL.map((key) => ({ key })),
);
export const BucketOrderEnum = keyEnum(
  'BucketOrder',
  'Order of buckets: by their keys, or largest count / share first (ties by key).',
  BUCKET_ORDER.map((key) => ({ key })),
);
