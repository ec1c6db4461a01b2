/**
 * The two national report formats (../shared/FORMAT.md) as data: the 2019 trial format and the 2021 revision.
 * Keys are public interface (database, GraphQL enums, CSV) and must not be renamed.
 */
import type { CategoryDef, ColumnDef, FormatDef, RowDef, RuleDef, SectionDef, TableDef } from './model';

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
      /^(行政机关)?政府信息公开行政复议[、,与和及]?行政诉讼(的)?情况$/,
      /^因政府信息公开工作被申请行政复议[、,与和及]?提起行政诉讼(的)?情况$/,
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
  printedHeaders?: Record<string, string>;
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
  {
    key: 'fees',
    label: '行政事业性收费',
    en: 'Administrative fees',
    item: '八',
    printedHeaders: { amount_wan: '本年收费金额' },
  },
  {
    key: 'procurement',
    label: '政府集中采购',
    en: 'Government centralized procurement',
    item: '九',
    printedHeaders: { amount_wan: '采购总金额' },
  },
];

/** The proactive table of a format: the rows it prints with their columns, and the headers it prints differently. */
function proactiveTable(columnsByRow: Record<string, string[]>, printed: Record<string, string> = {}): TableDef {
  const rows = PROACTIVE_ROWS.filter((r) => columnsByRow[r.key]).map(
    (r): RowDef => ({
      key: r.key,
      label: r.label,
      en: r.en,
      aliases: [r.label, ...(r.aliases ?? [])],
      item: r.item,
      columns: columnsByRow[r.key],
      optional: r.optional,
      printedHeaders: r.printedHeaders,
    }),
  );
  const used = new Set(rows.flatMap((r) => r.columns));
  return {
    key: 'proactive',
    label: '主动公开政府信息情况',
    en: 'Proactive disclosure',
    rows,
    columns: PROACTIVE_COLUMNS.filter((c) => used.has(c.key)).map((c) =>
      printed[c.key] ? { ...c, printed: printed[c.key] } : c,
    ),
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
  [
    'received_new',
    '本年新收政府信息公开申请数量',
    'New requests received',
    undefined,
    [],
    { printed: '一、本年新收政府信息公开申请数量' },
  ],
  [
    'carried_over',
    '上年结转政府信息公开申请数量',
    'Carried over from last year',
    undefined,
    [],
    { printed: '二、上年结转政府信息公开申请数量' },
  ],
  ['granted', '予以公开', 'Granted', 'granted', [], { printed: '（一）予以公开' }],
  [
    'partially_granted',
    '部分公开（区分处理的，只计这一情形，不计其他情形）',
    'Partially granted',
    'partially_granted',
    ['部分公开'],
    { printed: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）' },
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
  ['total_handled', '总计', 'Total handled', undefined, [], { exactOnly: true, printed: '（七）总计' }],
  [
    'carried_forward',
    '结转下年度继续办理',
    'Carried forward to next year',
    undefined,
    [],
    { printed: '四、结转下年度继续办理' },
  ],
];

function applicationsTable(rows: AppRowSpec[]): TableDef {
  return {
    key: 'applications',
    label: '收到和处理政府信息公开申请情况',
    en: 'Requests received and handled',
    columns: [...APPLICANT_COLUMNS, APPLICATIONS_TOTAL_COLUMN],
    printedHeader: [
      ['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况'],
      ['自然人', '法人或其他组织', '总计'],
      ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'],
    ],
    printedHandlingBlock: '三、本年度办理结果',
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

const REVIEW_COLUMNS: ColumnDef[] = [
  col('upheld', '结果维持', 'Upheld'),
  col('corrected', '结果纠正', 'Corrected'),
  col('other', '其他结果', 'Other outcome'),
  col('pending', '尚未审结', 'Pending'),
  col('total', '总计', 'Total'),
];
const OUTCOMES = REVIEW_COLUMNS.map((c) => c.label);

const REVIEW_TABLE: TableDef = {
  key: 'review_litigation',
  label: '政府信息公开行政复议、行政诉讼情况',
  en: 'Administrative review and litigation',
  columns: REVIEW_COLUMNS,
  // As the form prints it: review, then litigation split in two, the outcomes under each.
  printedHeader: [
    ['行政复议', '行政诉讼'],
    [...OUTCOMES, '未经复议直接起诉', '复议后起诉'],
    [...OUTCOMES, ...OUTCOMES],
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

/** The rules both national formats share (FORMAT.md, "Consistency rules"). */
const RULES: RuleDef[] = [
  {
    key: 'balance',
    label: '收支平衡',
    table: 'applications',
    each: 'column',
    lhs: [{ row: 'received_new' }, { row: 'carried_over' }],
    rhs: [{ row: 'total_handled' }, { row: 'carried_forward' }],
  },
  {
    key: 'row_total',
    label: '行合计',
    table: 'applications',
    each: 'row',
    lhs: [{ column: 'total' }],
    rhs: [{ columnsExcept: ['total'] }],
  },
  {
    key: 'handled_sum',
    label: '办理结果合计',
    table: 'applications',
    each: 'column',
    lhs: [{ row: 'total_handled' }],
    rhs: [{ handlingRows: true }],
  },
  {
    key: 'review_total',
    label: '复议诉讼合计',
    table: 'review_litigation',
    each: 'row',
    lhs: [{ column: 'total' }],
    rhs: [{ columnsExcept: ['total'] }],
  },
  {
    key: 'carry_continuity',
    label: '结转连续',
    table: 'applications',
    each: 'column',
    lhs: [{ row: 'carried_forward', previousYear: true }],
    rhs: [{ row: 'carried_over' }],
  },
];

/**
 * Format 2021 counts documents as a stock: 现行有效件数 at the end of the year before, plus those issued, less those
 * repealed, is the stock at the end of this year (FORMAT.md). Weak: a document can also lapse (失效, a fixed term
 * running out) without being repealed, so an honest report can hold fewer in force than the equation says.
 */
const STOCK_FLOW: RuleDef = {
  key: 'stock_flow',
  label: '存量流量',
  table: 'proactive',
  each: 'row',
  severity: 'info',
  note: 'weak: documents can lapse without being repealed, so fewer in force than this is not necessarily an error',
  lhs: [{ column: 'in_force', previousYear: true }, { column: 'issued' }, { column: 'repealed', sign: -1 }],
  rhs: [{ column: 'in_force' }],
};

/** The national formats, oldest first. */
export const NATIONAL_FORMATS: FormatDef[] = [
  {
    key: '2019',
    label: '国办公开办函〔2019〕60号',
    en: 'Trial format of 2019 (General Office of the State Council, letter 2019 No. 60)',
    years: { from: 2019, to: 2020 },
    rules: RULES,
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
  {
    key: '2021',
    label: '国办公开办函〔2021〕30号',
    en: 'Revised format of 2021 (General Office of the State Council, letter 2021 No. 30)',
    years: { from: 2021 },
    rules: [...RULES, STOCK_FLOW],
    tellTales: [
      '本年制发件数',
      '本年废止件数',
      '现行有效件数',
      '本年处理决定数量',
      '本年收费金额',
      '申请人无正当理由逾期不补正',
    ],
    tables: {
      proactive: proactiveTable(
        {
          regulations: DOCS_2021,
          normative_documents: DOCS_2021,
          other_proactive_documents: DOCS_2021,
          licensing: ['decisions'],
          penalties: ['decisions'],
          enforcement: ['decisions'],
          fees: ['amount_wan'],
        },
        { decisions: '本年处理决定数量' },
      ),
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
];

/** The categories of handling outcomes (本年度办理结果): the `category` of each handling row. */
export const DISPOSITION_CATEGORIES: CategoryDef[] = [
  { key: 'granted', label: '予以公开', en: 'Granted', printed: '（一）予以公开' },
  { key: 'partially_granted', label: '部分公开', en: 'Partially granted', printed: '（二）部分公开' },
  { key: 'denied', label: '不予公开', en: 'Denied', printed: '（三）不予公开' },
  { key: 'unable', label: '无法提供', en: 'Unable to provide', printed: '（四）无法提供' },
  { key: 'not_processed', label: '不予处理', en: 'Not processed', printed: '（五）不予处理' },
  { key: 'other', label: '其他处理', en: 'Other handling', printed: '（六）其他处理' },
];

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
