/**
 * The one declarative description of the two national report formats (../shared/FORMAT.md).
 * The parser, the database dimensions, the validation rules, the generator and (later) the GraphQL enums
 * all read from here; keys are public interface and must not be renamed.
 */

export const FORMAT_KEYS = ['2019', '2021'] as const;
export type FormatKey = (typeof FORMAT_KEYS)[number];

export const TABLE_KEYS = ['proactive', 'applications', 'review_litigation'] as const;
export type TableKey = (typeof TABLE_KEYS)[number];

export const SECTION_KEYS = [
  'overview',
  'proactive',
  'applications',
  'review_litigation',
  'problems',
  'other',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const LEVEL_KEYS = ['province', 'city', 'county', 'township', 'department', 'zone'] as const;
export type LevelKey = (typeof LEVEL_KEYS)[number];

export interface ColumnDef {
  key: string;
  label: string;
  en: string;
  /** Header spellings seen in reports, compared after label cleaning. */
  aliases: string[];
  /** Money column: values are stored in 万元. */
  money?: boolean;
  /** Signed change ("+19", "-417"). */
  signed?: boolean;
}

export interface RowDef {
  key: string;
  label: string;
  en: string;
  /** Spellings matched against the printed label (after cleaning); the first is the canonical one. */
  aliases: string[];
  /** Aliases that are only trusted on an exact match, because they are contained in other labels. */
  exactOnly?: boolean;
  category?: string;
  /** Proactive table: the 第二十条 item whose block holds the row. */
  item?: string;
  /** Column keys of this row, in printed order. */
  columns: string[];
  /** A row that some reports leave out without anything being missing (a local variant, or one of two alternatives). */
  optional?: boolean;
  /** Rows printed either as this one row or as the rows of another set: the handled_sum rule takes whichever is present. */
  alternativeTo?: string[];
}

export interface TableDef {
  key: TableKey;
  label: string;
  en: string;
  rows: RowDef[];
  columns: ColumnDef[];
}

export interface FormatDef {
  key: FormatKey;
  label: string;
  /** Labels that only this generation prints: the parser detects the generation from these, never from the year. */
  tellTales: string[];
  tables: Record<TableKey, TableDef>;
}

export interface SectionDef {
  key: SectionKey;
  label: string;
  en: string;
  /** Heading patterns, tested against the cleaned heading with its numbering removed. */
  headings: RegExp[];
}

export const SECTIONS: SectionDef[] = [
  {
    key: 'overview',
    label: '总体情况',
    en: 'Overview',
    headings: [/^(行政机关)?(政府信息公开工作)?总体情况$/, /^概述$/],
  },
  {
    key: 'proactive',
    label: '主动公开政府信息情况',
    en: 'Proactive disclosure',
    headings: [/^(行政机关)?主动公开政府信息(的)?情况$/],
  },
  {
    key: 'applications',
    label: '收到和处理政府信息公开申请情况',
    en: 'Requests received and handled',
    headings: [/^(行政机关)?收到和处理政府信息公开申请(的)?情况$/],
  },
  {
    key: 'review_litigation',
    label: '政府信息公开行政复议、行政诉讼情况',
    en: 'Administrative review and litigation',
    headings: [
      /^(行政机关)?政府信息公开行政复议[、,]?行政诉讼(的)?情况$/,
      /^因政府信息公开工作被申请行政复议[、,]?提起行政诉讼(的)?情况$/,
    ],
  },
  {
    key: 'problems',
    label: '存在的主要问题及改进情况',
    en: 'Problems and improvements',
    headings: [/^(行政机关)?(政府信息公开工作)?存在的主要问题(及|和)(改进|整改)(情况|措施)$/],
  },
  { key: 'other', label: '其他需要报告的事项', en: 'Other matters', headings: [/^其他需要报告的事项$/] },
];

const col = (
  key: string,
  label: string,
  en: string,
  aliases: string[] = [],
  extra: Partial<ColumnDef> = {},
): ColumnDef => ({
  key,
  label,
  en,
  aliases: [label, ...aliases],
  ...extra,
});

// Proactive columns of both generations.
const PROACTIVE_COLUMNS: ColumnDef[] = [
  col('made', '本年新制作数量', 'Made this year'),
  col('published', '本年新公开数量', 'Published this year'),
  col('total_public', '对外公开总数量', 'Total public'),
  col('items_last_year', '上一年项目数量', 'Items last year'),
  col('items_change', '本年增/减', 'Change this year', ['本年增减'], { signed: true }),
  col('decisions', '处理决定数量', 'Decisions', ['本年处理决定数量']),
  col('issued', '本年制发件数', 'Issued this year'),
  col('repealed', '本年废止件数', 'Repealed this year'),
  col('in_force', '现行有效件数', 'In force'),
  col('projects', '采购项目数量', 'Procurement projects'),
  col(
    'amount_wan',
    '金额（万元）',
    'Amount (10,000 yuan)',
    ['采购总金额', '本年收费金额', '本年收费金额（单位：万元）'],
    { money: true },
  ),
];

type ProactiveRowSpec = {
  key: string;
  label: string;
  en: string;
  aliases?: string[];
  item: string;
  optional?: boolean;
};

const PROACTIVE_ROWS: ProactiveRowSpec[] = [
  { key: 'regulations', label: '规章', en: 'Regulations', item: '一' },
  {
    key: 'normative_documents',
    label: '规范性文件',
    en: 'Normative documents',
    aliases: ['行政规范性文件'],
    item: '一',
  },
  {
    key: 'other_proactive_documents',
    label: '其他主动公开文件',
    en: 'Other proactive documents',
    item: '一',
    optional: true,
  },
  { key: 'licensing', label: '行政许可', en: 'Administrative licensing', item: '五' },
  { key: 'other_services', label: '其他对外管理服务事项', en: 'Other external management services', item: '五' },
  { key: 'penalties', label: '行政处罚', en: 'Administrative penalties', item: '六' },
  { key: 'enforcement', label: '行政强制', en: 'Administrative enforcement', item: '六' },
  { key: 'fees', label: '行政事业性收费', en: 'Administrative fees', item: '八' },
  { key: 'procurement', label: '政府集中采购', en: 'Government centralized procurement', item: '九' },
];

function proactiveTable(columnsByRow: Record<string, string[]>): TableDef {
  const rows = PROACTIVE_ROWS.filter((r) => columnsByRow[r.key]).map(
    (r): RowDef => ({
      key: r.key,
      label: r.label,
      en: r.en,
      aliases: [r.label, ...(r.aliases ?? [])],
      item: r.item,
      columns: columnsByRow[r.key],
      optional: r.optional,
    }),
  );
  const used = new Set(rows.flatMap((r) => r.columns));
  return {
    key: 'proactive',
    label: '主动公开政府信息情况',
    en: 'Proactive disclosure',
    rows,
    columns: PROACTIVE_COLUMNS.filter((c) => used.has(c.key)),
  };
}

const DOCS_2019 = ['made', 'published', 'total_public'];
const ITEMS_2019 = ['items_last_year', 'items_change', 'decisions'];
const DOCS_2021 = ['issued', 'repealed', 'in_force'];

export const APPLICANT_COLUMNS: ColumnDef[] = [
  col('natural_person', '自然人', 'Natural persons'),
  col('commercial', '商业企业', 'Commercial enterprises'),
  col('research', '科研机构', 'Research institutions'),
  col('social_welfare', '社会公益组织', 'Social welfare organizations'),
  col('legal_service', '法律服务机构', 'Legal service institutions'),
  col('other_org', '其他', 'Other organizations'),
];
export const APPLICATIONS_TOTAL_COLUMN = col('total', '总计', 'Total');
const APPLICATION_COLUMN_KEYS = [...APPLICANT_COLUMNS, APPLICATIONS_TOTAL_COLUMN].map((c) => c.key);

type AppRowSpec = [
  key: string,
  label: string,
  en: string,
  category: string | undefined,
  aliases?: string[],
  extra?: Partial<RowDef>,
];

const APP_ROWS_HEAD: AppRowSpec[] = [
  ['received_new', '本年新收政府信息公开申请数量', 'New requests received', undefined],
  ['carried_over', '上年结转政府信息公开申请数量', 'Carried over from last year', undefined],
  ['granted', '予以公开', 'Granted', 'granted'],
  [
    'partially_granted',
    '部分公开（区分处理的，只计这一情形，不计其他情形）',
    'Partially granted',
    'partially_granted',
    ['部分公开'],
  ],
  ['denied_state_secret', '属于国家秘密', 'Denied: state secret', 'denied'],
  [
    'denied_prohibited_by_law',
    '其他法律行政法规禁止公开',
    'Denied: prohibited by other laws',
    'denied',
    ['其他法律法规禁止公开', '其他法律行政止公开'],
  ],
  ['denied_security_stability', '危及“三安全一稳定”', 'Denied: endangers security and stability', 'denied'],
  ['denied_third_party', '保护第三方合法权益', 'Denied: third-party rights', 'denied'],
  ['denied_internal_affairs', '属于三类内部事务信息', 'Denied: internal affairs', 'denied', ['属于第三类内部事务信息']],
  ['denied_process_info', '属于四类过程性信息', 'Denied: process information', 'denied', ['属于第四类过程性信息']],
  ['denied_enforcement_file', '属于行政执法案卷', 'Denied: enforcement file', 'denied'],
  ['denied_query_matter', '属于行政查询事项', 'Denied: query matter', 'denied'],
  ['unable_not_held', '本机关不掌握相关政府信息', 'Unable: not held', 'unable'],
  ['unable_needs_creation', '没有现成信息需要另行制作', 'Unable: would need creating', 'unable'],
  ['unable_unclear', '补正后申请内容仍不明确', 'Unable: still unclear after correction', 'unable'],
  [
    'not_processed_petition',
    '信访举报投诉类申请',
    'Not processed: petition or complaint',
    'not_processed',
    ['信访举报类申请'],
  ],
  ['not_processed_duplicate', '重复申请', 'Not processed: duplicate', 'not_processed'],
  ['not_processed_publication', '要求提供公开出版物', 'Not processed: publication requested', 'not_processed'],
  ['not_processed_excessive', '无正当理由大量反复申请', 'Not processed: excessive', 'not_processed'],
  [
    'not_processed_confirmation',
    '要求行政机关确认或重新出具已获取信息',
    'Not processed: confirmation of held information',
    'not_processed',
  ],
];
const OTHER_SPLIT = ['other_no_correction', 'other_no_fee', 'other_other'];
const OTHER_HANDLING: AppRowSpec = ['other_handling', '其他处理', 'Other handling', 'other'];
const APP_ROWS_2021_OTHER: AppRowSpec[] = [
  [
    'other_no_correction',
    '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    'Other: no correction in time',
    'other',
    [],
    { alternativeTo: ['other_handling'] },
  ],
  [
    'other_no_fee',
    '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    'Other: fee not paid',
    'other',
    [],
    { alternativeTo: ['other_handling'] },
  ],
  ['other_other', '其他', 'Other: other', 'other', [], { exactOnly: true, alternativeTo: ['other_handling'] }],
];
const APP_ROWS_TAIL: AppRowSpec[] = [
  ['total_handled', '总计', 'Total handled', undefined, [], { exactOnly: true }],
  ['carried_forward', '结转下年度继续办理', 'Carried forward to next year', undefined],
];

function applicationsTable(rows: AppRowSpec[]): TableDef {
  return {
    key: 'applications',
    label: '收到和处理政府信息公开申请情况',
    en: 'Requests received and handled',
    columns: [...APPLICANT_COLUMNS, APPLICATIONS_TOTAL_COLUMN],
    rows: rows.map(([key, label, en, category, aliases = [], extra = {}]) => ({
      key,
      label,
      en,
      category,
      aliases: [label, ...aliases],
      columns: APPLICATION_COLUMN_KEYS,
      ...extra,
    })),
  };
}

const REVIEW_TABLE: TableDef = {
  key: 'review_litigation',
  label: '政府信息公开行政复议、行政诉讼情况',
  en: 'Administrative review and litigation',
  columns: [
    col('upheld', '结果维持', 'Upheld'),
    col('corrected', '结果纠正', 'Corrected'),
    col('other', '其他结果', 'Other outcome'),
    col('pending', '尚未审结', 'Pending'),
    col('total', '总计', 'Total'),
  ],
  rows: [
    { key: 'review', label: '行政复议', en: 'Administrative review', aliases: ['行政复议'], columns: [] },
    {
      key: 'litigation_direct',
      label: '行政诉讼·未经复议直接起诉',
      en: 'Litigation without prior review',
      aliases: ['未经复议直接起诉'],
      columns: [],
    },
    {
      key: 'litigation_after_review',
      label: '行政诉讼·复议后起诉',
      en: 'Litigation after review',
      aliases: ['复议后起诉'],
      columns: [],
    },
  ].map((r) => ({ ...r, columns: ['upheld', 'corrected', 'other', 'pending', 'total'] })),
};

export const FORMATS: Record<FormatKey, FormatDef> = {
  '2019': {
    key: '2019',
    label: '国办公开办函〔2019〕60号',
    tellTales: ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '采购项目数量', '采购总金额'],
    tables: {
      proactive: proactiveTable({
        regulations: DOCS_2019,
        normative_documents: DOCS_2019,
        other_proactive_documents: DOCS_2019,
        licensing: ITEMS_2019,
        other_services: ITEMS_2019,
        penalties: ITEMS_2019,
        enforcement: ITEMS_2019,
        fees: ['items_last_year', 'items_change'],
        procurement: ['projects', 'amount_wan'],
      }),
      applications: applicationsTable([...APP_ROWS_HEAD, OTHER_HANDLING, ...APP_ROWS_TAIL]),
      review_litigation: REVIEW_TABLE,
    },
  },
  '2021': {
    key: '2021',
    label: '国办公开办函〔2021〕30号',
    tellTales: [
      '本年制发件数',
      '本年废止件数',
      '现行有效件数',
      '本年处理决定数量',
      '本年收费金额',
      '申请人无正当理由逾期不补正',
    ],
    tables: {
      proactive: proactiveTable({
        regulations: DOCS_2021,
        normative_documents: DOCS_2021,
        other_proactive_documents: DOCS_2021,
        licensing: ['decisions'],
        penalties: ['decisions'],
        enforcement: ['decisions'],
        fees: ['amount_wan'],
      }),
      applications: applicationsTable([
        ...APP_ROWS_HEAD,
        [
          OTHER_HANDLING[0],
          OTHER_HANDLING[1],
          OTHER_HANDLING[2],
          OTHER_HANDLING[3],
          [],
          { alternativeTo: OTHER_SPLIT },
        ],
        ...APP_ROWS_2021_OTHER,
        ...APP_ROWS_TAIL,
      ]),
      review_litigation: REVIEW_TABLE,
    },
  },
};

/** The categories of handling outcomes (本年度办理结果): the `category` of each handling row. */
export const DISPOSITION_CATEGORIES = [
  { key: 'granted', label: '予以公开', en: 'Granted' },
  { key: 'partially_granted', label: '部分公开', en: 'Partially granted' },
  { key: 'denied', label: '不予公开', en: 'Denied' },
  { key: 'unable', label: '无法提供', en: 'Unable to provide' },
  { key: 'not_processed', label: '不予处理', en: 'Not processed' },
  { key: 'other', label: '其他处理', en: 'Other handling' },
] as const;

/** Category labels of the applications table: printed above or beside rows, never rows themselves. */
export const APPLICATION_CATEGORY_LABELS = [
  '本年度办理结果',
  '不予公开',
  '无法提供',
  '不予处理',
  '其他处理',
  '申请人情况',
  '法人或其他组织',
];

export interface RuleDef {
  key: string;
  label: string;
  description: string;
  scope: 'report' | 'across_reports';
}

export const RULES: RuleDef[] = [
  {
    key: 'balance',
    label: '收支平衡',
    description: 'per applications column: received_new + carried_over = total_handled + carried_forward',
    scope: 'report',
  },
  {
    key: 'row_total',
    label: '行合计',
    description: 'per applications row: total = sum of the six applicant columns',
    scope: 'report',
  },
  {
    key: 'handled_sum',
    label: '办理结果合计',
    description: 'per applications column: total_handled = sum of every handling row',
    scope: 'report',
  },
  {
    key: 'review_total',
    label: '复议诉讼合计',
    description: 'per review_litigation row: total = upheld + corrected + other + pending',
    scope: 'report',
  },
  {
    key: 'carry_continuity',
    label: '结转连续',
    description: 'carried_over (year N) = carried_forward (year N-1) of the same agency',
    scope: 'across_reports',
  },
];

/** Applications rows that count as handling outcomes (the handled_sum rule and the disposition breakdowns). */
export function handlingRows(format: FormatKey): RowDef[] {
  return FORMATS[format].tables.applications.rows.filter((r) => r.category !== undefined);
}

export interface Dimension {
  table: TableKey;
  kind: 'row' | 'column';
  key: string;
  label: string;
  en: string;
  category: string | null;
  order: number;
  formats: FormatKey[];
}

// The order users see: the printed order, with each generation's own rows in the place the form prints them.
function canonicalOrder(table: TableKey, kind: 'row' | 'column', key: string): number {
  const keys =
    table === 'proactive'
      ? (kind === 'row' ? PROACTIVE_ROWS : PROACTIVE_COLUMNS).map((d) => d.key)
      : FORMATS['2021'].tables[table][kind === 'row' ? 'rows' : 'columns'].map((d) => d.key);
  return keys.indexOf(key);
}

/** Row and column dimensions of every table, merged over both generations (seeded into the database). */
export function dimensions(): Dimension[] {
  const out = new Map<string, Dimension>();
  for (const f of FORMAT_KEYS) {
    for (const t of TABLE_KEYS) {
      const table = FORMATS[f].tables[t];
      const add = (
        kind: 'row' | 'column',
        d: { key: string; label: string; en: string; category?: string },
        order: number,
      ) => {
        const id = `${t}/${kind}/${d.key}`;
        const seen = out.get(id);
        if (seen) seen.formats.push(f);
        else
          out.set(id, {
            table: t,
            kind,
            key: d.key,
            label: d.label,
            en: d.en,
            category: d.category ?? null,
            order,
            formats: [f],
          });
      };
      table.rows.forEach((r) => add('row', r, canonicalOrder(t, 'row', r.key)));
      table.columns.forEach((c) => add('column', c, canonicalOrder(t, 'column', c.key)));
    }
  }
  return [...out.values()];
}
