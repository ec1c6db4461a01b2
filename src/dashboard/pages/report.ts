/**
 * 报告: one report's three tables laid out as printed, every number with where it came from (file, page or line, the
 * text as printed) on hover and on click; cells a finding names are marked with its message. Without an id: a list
 * of the reports the filter selects.
 */
import { originalUrl } from '../api';
import { panel } from '../charts';
import type { Context, Page } from '../context';
import { h, num, text } from '../dom';
import { filterArg } from '../filters';
import { type Column, type Labels, levelLabel, type TableKey } from '../labels';
import { type Call, csvOf, en, run } from '../query';
import { ALL_FILTERS, table } from './common';

interface CellValue {
  value: number | null;
  raw: string;
  line: number;
  page: number | null;
  gridTable: number | null;
  gridRow: number | null;
  gridColumn: number | null;
  sourceFile: string;
}

type Row = {
  key: string;
  label: string;
  en: string;
  columns: string[];
  category?: string | null;
  item?: string | null;
} & Record<string, unknown>;

interface Finding {
  id: number;
  code: string;
  severity: string;
  message: string;
  line: number | null;
  tableKey: TableKey | null;
  rowKey: string | null;
  columnKey: string | null;
}

const CELL = 'value raw line page gridTable gridRow gridColumn sourceFile';

const TABLES: { key: TableKey; field: string; title: { zh: string; en: string } }[] = [
  { key: 'proactive', field: 'proactive', title: { zh: '二、主动公开政府信息情况', en: 'Proactive disclosure' } },
  {
    key: 'applications',
    field: 'applications',
    title: { zh: '三、收到和处理政府信息公开申请情况', en: 'Requests received and handled' },
  },
  {
    key: 'review_litigation',
    field: 'reviewLitigation',
    title: { zh: '四、政府信息公开行政复议、行政诉讼情况', en: 'Administrative review and litigation' },
  },
];

const tableCall = (id: number, t: (typeof TABLES)[number], labels: Labels): Call => ({
  alias: t.field,
  field: 'report',
  args: { id },
  select: `${t.field} {
    key label en columns${t.key === 'applications' ? ' category' : t.key === 'proactive' ? ' item' : ''}
    ${labels.columns[t.key].map((c) => `${c.key} { ${CELL} }`).join('\n')}
  }`,
});

const factsOf = (agencyId: number, year: number, t: TableKey): Call => ({
  field: 'facts',
  args: { table: en(t), filter: { agencyIds: [agencyId], years: [year] } },
  select: 'nodes { row column value raw sourceFile line page gridTable gridRow gridColumn }',
});

/** Where a number was printed, in words. */
export function provenance(c: CellValue): string[] {
  return [
    `文件 · file: ${c.sourceFile}`,
    c.page !== null ? `第 ${c.page} 页 · page ${c.page}` : '',
    `第 ${c.line} 行 · line ${c.line}`,
    c.gridTable !== null
      ? `表 ${c.gridTable} 第 ${c.gridRow} 行第 ${c.gridColumn} 列 · table ${c.gridTable}, row ${c.gridRow}, column ${c.gridColumn}`
      : '',
    `原文 · printed: “${c.raw}”`,
  ].filter(Boolean);
}

const CN_NUMERALS = '一二三四五六七八九十';

/** Findings by what they name: a cell, a whole row, a whole column, or a table. */
class FindingIndex {
  private readonly by = new Map<string, Finding[]>();
  constructor(findings: Finding[]) {
    for (const f of findings) {
      if (!f.tableKey) continue;
      const key = `${f.tableKey}/${f.rowKey ?? ''}/${f.columnKey ?? ''}`;
      this.by.set(key, [...(this.by.get(key) ?? []), f]);
    }
  }
  cell(t: TableKey, row: string, column: string): Finding[] {
    return [...(this.by.get(`${t}/${row}/${column}`) ?? []), ...(this.by.get(`${t}/${row}/`) ?? [])];
  }
  row = (t: TableKey, row: string) => this.by.get(`${t}/${row}/`) ?? [];
  column = (t: TableKey, column: string) => this.by.get(`${t}//${column}`) ?? [];
  table = (t: TableKey) => this.by.get(`${t}//`) ?? [];
}

interface Drawing {
  findings: FindingIndex;
  show(cell: HTMLElement): void;
  labels: Labels;
}

const flag = (el: HTMLElement, found: Finding[]) => {
  if (!found.length) return el;
  el.classList.add('flagged', ...found.map((f) => `sev-${f.severity}`));
  el.dataset.findings = found.map((f) => f.id).join(' ');
  el.title = [el.title, ...found.map((f) => `⚠ ${f.message}`)].filter(Boolean).join('\n');
  return el;
};

/** One number as a table cell: blank stays blank, a cell not found is marked, a column not printed is greyed. */
function cellTd(d: Drawing, t: TableKey, row: Row, column: Column): HTMLElement {
  const key = `${t}/${row.key}/${column.key}`;
  if (!row.columns.includes(column.key))
    return h('td', { class: 'na', title: '本行不印此列 · not printed for this row' });
  const c = row[column.key] as CellValue | null;
  const where = `${row.label} × ${column.label.zh}`;
  const td = c
    ? h(
        'td',
        {
          class: c.value === null ? 'n blank' : 'n',
          'data-cell': key,
          tabindex: 0,
          title: [where, c.value === null ? '空白（未填报）· printed blank' : '', ...provenance(c)]
            .filter(Boolean)
            .join('\n'),
        },
        num(c.value, 4),
      )
    : h('td', {
        class: 'missing',
        'data-cell': key,
        tabindex: 0,
        title: `${where}\n未在文本中找到 · not found in the text`,
      });
  td.addEventListener('click', () => d.show(td));
  td.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') d.show(td);
  });
  return flag(td, d.findings.cell(t, row.key, column.key));
}

function columnHead(d: Drawing, t: TableKey, c: Column, attrs: Record<string, number> = {}): HTMLElement {
  return flag(h('th', { ...attrs, title: c.label.en }, c.label.zh), d.findings.column(t, c.key));
}

const rowHead = (d: Drawing, t: TableKey, row: Row, label: string, attrs: Record<string, number> = {}) =>
  flag(h('th', { class: 'row', scope: 'row', title: row.en, ...attrs }, label), d.findings.row(t, row.key));

/** 二: one block per 第二十条 item, each with its own columns. */
function proactiveTable(d: Drawing, rows: Row[]): HTMLElement {
  const columns = d.labels.columns.proactive;
  const items = [...new Set(rows.map((r) => r.item ?? ''))];
  const width = Math.max(
    ...items.map((i) => new Set(rows.filter((r) => (r.item ?? '') === i).flatMap((r) => r.columns)).size),
  );
  const body = items.flatMap((item) => {
    const mine = rows.filter((r) => (r.item ?? '') === item);
    const cols = columns.filter((c) => mine.some((r) => r.columns.includes(c.key)));
    const pad = (n: number) => Array.from({ length: width - n }, () => h('td', { class: 'na' }));
    return [
      h('tr', { class: 'item' }, h('th', { colspan: width + 1 }, item ? `第二十条第（${item}）项` : '')),
      h(
        'tr',
        {},
        h('th', {}, '信息内容'),
        cols.map((c) => columnHead(d, 'proactive', c)),
        pad(cols.length),
      ),
      ...mine.map((r) =>
        h(
          'tr',
          {},
          rowHead(d, 'proactive', r, r.label),
          cols.map((c) => cellTd(d, 'proactive', r, c)),
          pad(cols.length),
        ),
      ),
    ];
  });
  return h('table', { class: 'printed', 'data-table': 'proactive' }, h('tbody', {}, body));
}

/** The applicant columns printed under 法人或其他组织. */
const ORGANISATIONS = ['commercial', 'research', 'social_welfare', 'legal_service', 'other_org'];

/** 三: numbered as printed, the outcomes grouped under 三、本年度办理结果 by category. */
function applicationsTable(d: Drawing, rows: Row[]): HTMLElement {
  const columns = d.labels.columns.applications;
  const person = columns.filter((c) => !ORGANISATIONS.includes(c.key) && c.key !== 'total');
  const orgs = columns.filter((c) => ORGANISATIONS.includes(c.key));
  const total = columns.filter((c) => c.key === 'total');
  const head = [
    h('tr', {}, h('th', { colspan: 3, rowspan: 3 }, '项目'), h('th', { colspan: columns.length }, '申请人情况')),
    h(
      'tr',
      {},
      person.map((c) => columnHead(d, 'applications', c, { rowspan: 2 })),
      orgs.length ? h('th', { colspan: orgs.length }, '法人或其他组织') : '',
      total.map((c) => columnHead(d, 'applications', c, { rowspan: 2 })),
    ),
    h(
      'tr',
      {},
      orgs.map((c) => columnHead(d, 'applications', c)),
    ),
  ];
  const ordered = [...person, ...orgs, ...total];
  const outcome = (r: Row) => Boolean(r.category) || r.key === 'total_handled';
  const outcomes = rows.filter(outcome);
  const body: HTMLElement[] = [];
  let top = 0;
  let sub = 0;
  let outcomesDrawn = false;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const cells = ordered.map((c) => cellTd(d, 'applications', r, c));
    if (!outcome(r)) {
      body.push(h('tr', {}, rowHead(d, 'applications', r, `${CN_NUMERALS[top++]}、${r.label}`, { colspan: 3 }), cells));
      continue;
    }
    const tr = h('tr', {});
    if (!outcomesDrawn) {
      tr.append(h('th', { class: 'row', rowspan: outcomes.length }, `${CN_NUMERALS[top++]}、本年度办理结果`));
      outcomesDrawn = true;
    }
    const group = r.category ? rows.filter((x) => x.category === r.category) : [r];
    const first = group[0] === r;
    if (group.length === 1)
      tr.append(rowHead(d, 'applications', r, `（${CN_NUMERALS[sub++]}）${r.label}`, { colspan: 2 }));
    else {
      if (first)
        tr.append(
          h(
            'th',
            { class: 'row', rowspan: group.length },
            `（${CN_NUMERALS[sub++]}）${d.labels.category[r.category!]?.zh ?? r.category}`,
          ),
        );
      tr.append(rowHead(d, 'applications', r, `${group.indexOf(r) + 1}. ${r.label}`));
    }
    tr.append(...cells);
    body.push(tr);
  }
  return h('table', { class: 'printed', 'data-table': 'applications' }, h('thead', {}, head), h('tbody', {}, body));
}

/** 四: one printed row of 3 × 5 numbers under a two-level header (行政复议 | 行政诉讼: 未经复议直接起诉, 复议后起诉). */
function reviewTable(d: Drawing, rows: Row[]): HTMLElement {
  const columns = d.labels.columns.review_litigation;
  const parts = rows.map((r) => {
    const [group, sub] = r.label.split('·');
    return { r, group, sub, cols: columns.filter((c) => r.columns.includes(c.key)) };
  });
  const groups = [...new Set(parts.map((p) => p.group))];
  const head = [
    h(
      'tr',
      {},
      groups.map((g) => {
        const mine = parts.filter((p) => p.group === g);
        const only = mine.length === 1 && !mine[0].sub ? mine[0].r : undefined;
        const th = h('th', { colspan: mine.reduce((n, p) => n + p.cols.length, 0) }, g);
        return only ? flag(th, d.findings.row('review_litigation', only.key)) : th;
      }),
    ),
    h(
      'tr',
      {},
      parts.map((p) =>
        p.sub
          ? rowHead(d, 'review_litigation', p.r, p.sub, { colspan: p.cols.length })
          : p.cols.map((c) => columnHead(d, 'review_litigation', c, { rowspan: 2 })),
      ),
    ),
    h(
      'tr',
      {},
      parts.filter((p) => p.sub).map((p) => p.cols.map((c) => columnHead(d, 'review_litigation', c))),
    ),
  ];
  const row = h(
    'tr',
    {},
    parts.map((p) => p.cols.map((c) => cellTd(d, 'review_litigation', p.r, c))),
  );
  return h('table', { class: 'printed', 'data-table': 'review_litigation' }, h('thead', {}, head), h('tbody', {}, row));
}

const DRAW: Record<TableKey, (d: Drawing, rows: Row[]) => HTMLElement> = {
  proactive: proactiveTable,
  applications: applicationsTable,
  review_litigation: reviewTable,
};

function provenanceBox(report: any): { box: HTMLElement; show(cell: HTMLElement): void } {
  const content = h('div', { class: 'content' }, '点击表中的数字查看来源 · click a number to see where it was printed');
  const box = h(
    'aside',
    { class: 'provenance', 'data-provenance': '' },
    h('h3', {}, '来源 · Provenance'),
    content,
    h('a', { href: originalUrl(report.id), download: '' }, `下载原始文件 · download ${report.sourceFile}`),
  );
  return {
    box,
    show(cell) {
      for (const el of document.querySelectorAll('.printed .selected')) el.classList.remove('selected');
      cell.classList.add('selected');
      content.replaceChildren(...(cell.title || '').split('\n').map((line) => h('div', {}, line)));
      content.dataset.cell = cell.dataset.cell ?? '';
    },
  };
}

async function showReport(root: HTMLElement, ctx: Context, id: number): Promise<void> {
  const header: Call = {
    alias: 'header',
    field: 'report',
    args: { id },
    select: `id year format formatLabel publishedOn sourceFile sourceUrl sourceKind encoding sha256 ingestedAt
      agency { id name fullName level county { name } reports { id year } }
      sections { overview problems other }
      findings { id code severity message line tableKey rowKey columnKey rule expected actual }`,
  };
  const calls = TABLES.map((t) => tableCall(id, t, ctx.labels));
  const d = await run([header, ...calls]);
  const r = d.header;
  if (!r) {
    root.append(h('p', { class: 'error' }, `没有编号为 ${id} 的报告 · no report ${id}`));
    return;
  }
  const findings = r.findings as Finding[];
  const prov = provenanceBox(r);
  const drawing: Drawing = { findings: new FindingIndex(findings), show: prov.show, labels: ctx.labels };
  root.append(
    h(
      'section',
      { class: 'report-head' },
      h('h2', {}, `${r.agency.fullName} ${r.year} 年政府信息公开工作年度报告`),
      h(
        'p',
        {},
        `${r.agency.county?.name ?? ''} ${text(levelLabel(r.agency.level))} · ${r.formatLabel}（${r.format}）`,
        r.publishedOn ? ` · 发布 published ${r.publishedOn}` : '',
      ),
      h(
        'p',
        { class: 'file' },
        `${r.sourceFile}（${r.sourceKind}${r.encoding ? `, ${r.encoding}` : ''}）sha256 ${r.sha256.slice(0, 12)}… · 入库 ingested ${r.ingestedAt.slice(0, 10)} · `,
        h('a', { href: originalUrl(r.id), download: '', 'data-original': '' }, '下载原始文件 · download the original'),
        // Only a link (nothing is loaded from it): where a downloaded report was published.
        r.sourceUrl && /^https?:\/\//.test(r.sourceUrl)
          ? [
              ' · ',
              h('a', { href: r.sourceUrl, rel: 'noopener noreferrer', target: '_blank' }, '原网址 · as published'),
            ]
          : '',
      ),
      h(
        'p',
        { class: 'years' },
        '本机关各年报告 · this agency’s reports: ',
        (r.agency.reports as { id: number; year: number }[]).map((x) =>
          x.id === r.id ? h('b', {}, ` ${x.year} `) : h('a', { href: ctx.href('report', { id: x.id }) }, ` ${x.year} `),
        ),
        ' · ',
        h('a', { href: ctx.href('compare', { agencies: r.agency.id }) }, '对比 · compare'),
      ),
    ),
  );
  const findingsPanel = panel(root, {
    id: 'findings',
    title: { zh: `解析发现（${findings.length}）`, en: 'What the parser found' },
    calls: [
      {
        ...header,
        select: 'findings { id code severity message line tableKey rowKey columnKey rule expected actual }',
      },
    ],
  });
  const locate = (f: Finding) => {
    // Its first cell, or (a finding about a column or a whole table) the heading it marks.
    const el =
      document.querySelector<HTMLElement>(`td[data-findings~="${f.id}"]`) ??
      document.querySelector<HTMLElement>(`[data-findings~="${f.id}"]`);
    el?.scrollIntoView({ block: 'center' });
    if (el?.dataset.cell) prov.show(el);
  };
  const items = findings.map((f) =>
    h(
      'li',
      { class: `sev-${f.severity}`, 'data-finding': f.id },
      h('b', {}, f.severity),
      ` ${f.code} `,
      f.line ? `（第 ${f.line} 行 · line ${f.line}）` : '',
      ` ${f.message}`,
      h('small', {}, ` ${ctx.labels.code[f.code] ?? ''}`),
      f.tableKey ? h('button', { type: 'button', class: 'link', onclick: () => locate(f) }, ' → 定位 · show') : '',
    ),
  );
  // A long list (a table that went wrong row by row) starts folded, so the tables stay in view.
  findingsPanel.append(
    findings.length
      ? h(
          'details',
          { open: findings.length <= 8 },
          h('summary', {}, `${findings.length} 条 · ${findings.length} findings`),
          h('ul', { class: 'findings' }, items),
        )
      : h('p', {}, '无 · none'),
  );
  await scorecardPanel(root, ctx, id);
  const layout = h('div', { class: 'report-body' });
  const tables = h('div', { class: 'tables' });
  layout.append(tables, prov.box);
  root.append(layout);
  for (const [i, t] of TABLES.entries()) {
    const body = panel(tables, {
      id: `table-${t.key}`,
      title: t.title,
      calls: [calls[i]],
      // The report's cells of this table: an agency has one report a year.
      csv: [{ label: 'CSV', url: csvOf(factsOf(r.agency.id, r.year, t.key))! }],
      wide: true,
    });
    const rows = (d[t.field]?.[t.field] ?? []) as Row[];
    body.append(
      rows.length
        ? flag(DRAW[t.key](drawing, rows), drawing.findings.table(t.key))
        : h('p', { class: 'missing' }, '未找到此表 · table not found'),
    );
  }
  const sections: [string, string][] = [
    ['overview', '一、总体情况 · Overview'],
    ['problems', '五、存在的主要问题及改进情况 · Problems and improvements'],
    ['other', '六、其他需要报告的事项 · Other matters'],
  ];
  tables.append(
    h(
      'section',
      { class: 'panel wide sections' },
      sections.map(([k, title]) =>
        h(
          'details',
          { open: k === 'overview' },
          h('summary', {}, title),
          r.sections[k]
            ? h('div', { class: 'section-text' }, r.sections[k])
            : h('p', { class: 'missing' }, '未找到 · not found'),
        ),
      ),
    ),
  );
}

const OUTCOME: Record<string, string> = {
  pass: '✓ 合格 · pass',
  fail: '✗ 不合格 · fail',
  unknown: '? 无法判断 · unknown',
};

/** The report's compliance scorecard: each item's outcome, in words, with its evidence (lines, pages, other reports). */
async function scorecardPanel(root: HTMLElement, ctx: Context, id: number): Promise<void> {
  const call: Call = {
    alias: 'scorecard',
    field: 'report',
    args: { id },
    select: `scorecard { itemsFailed itemsChecked items { key label outcome summary
      evidence { text line page cell otherReportId otherAgencyName otherYear similarity } } }`,
  };
  const card = (await run([call])).scorecard?.scorecard;
  const body = panel(root, {
    id: 'scorecard',
    title: { zh: `合规评分（${card ? `${card.itemsFailed} 项不合格` : '—'}）`, en: 'Compliance scorecard' },
    calls: [call],
    wide: true,
  });
  if (!card) return;
  body.append(
    h(
      'ul',
      { class: 'scorecard' },
      (card.items as any[]).map((i) =>
        h(
          'li',
          { class: `outcome-${i.outcome}`, 'data-item': i.key, 'data-outcome': i.outcome },
          h('b', {}, `${i.label} · ${i.key}`),
          ` ${OUTCOME[i.outcome] ?? i.outcome} — ${i.summary}`,
          i.evidence.length
            ? h(
                'ul',
                {},
                (i.evidence as any[]).map((e) =>
                  h(
                    'li',
                    {},
                    e.text,
                    e.line
                      ? `（第 ${e.line} 行 · line ${e.line}${e.page ? `, 第 ${e.page} 页 · page ${e.page}` : ''}）`
                      : '',
                    e.otherReportId
                      ? [
                          ' → ',
                          h(
                            'a',
                            { href: ctx.href('report', { id: e.otherReportId }) },
                            `${e.otherAgencyName} ${e.otherYear}`,
                          ),
                        ]
                      : '',
                  ),
                ),
              )
            : '',
        ),
      ),
    ),
  );
}

async function listReports(root: HTMLElement, ctx: Context): Promise<void> {
  const after = ctx.params.get('after') ?? undefined;
  const calls: Call[] = [
    {
      field: 'reports',
      args: { first: 50, after, filter: filterArg(ctx.filter) },
      select:
        'totalCount pageInfo { hasNextPage endCursor } nodes { id year format sourceFile agency { name county { name } level } }',
    },
  ];
  const body = panel(root, { id: 'reports', title: { zh: '报告', en: 'Reports' }, calls, wide: true });
  const d = await run(calls);
  body.append(
    h('p', {}, `共 ${num(d.reports.totalCount)} 份 · ${d.reports.totalCount} reports`),
    table(
      ['机关 · agency', '年份 · year', '区县 · county', '层级 · level', '格式 · format', '文件 · file'],
      d.reports.nodes.map((r: any) => [
        h('a', { href: ctx.href('report', { id: r.id }) }, r.agency.name),
        String(r.year),
        r.agency.county?.name,
        text(levelLabel(r.agency.level)),
        r.format,
        r.sourceFile,
      ]),
      { 'data-table': 'reports' },
    ),
    d.reports.pageInfo.hasNextPage
      ? h(
          'a',
          { class: 'next', href: `?${withParam(ctx.params, 'after', d.reports.pageInfo.endCursor)}` },
          '下一页 · next page →',
        )
      : '',
  );
}

function withParam(params: URLSearchParams, key: string, value: string): string {
  const next = new URLSearchParams(params);
  next.set(key, value);
  return next.toString();
}

export const reportPage: Page = {
  key: 'report',
  title: { zh: '报告', en: 'A report' },
  filters: ALL_FILTERS,
  filtersFor: (params) => (params.get('id') ? [] : ALL_FILTERS),
  async render(root, ctx) {
    const id = ctx.params.get('id');
    if (id && /^\d+$/.test(id)) await showReport(root, ctx, Number(id));
    else await listReports(root, ctx);
  },
};
