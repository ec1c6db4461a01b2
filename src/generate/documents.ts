/**
 * Synthetic reports as agencies publish them: a saved web page (tables with rowspan/colspan inside page chrome), a
 * Word file, and GBK text. Each table is first laid out as merged cells, which the HTML and Word renderers both print.
 */
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import iconv from 'iconv-lite';
import type { SyntheticReport } from './model';
import { printedReport, renderReport, type GridRow, type LayoutName, type PrintedReport } from './render';

export interface MergedCell {
  text: string;
  rowspan: number;
  colspan: number;
}

/**
 * A grid as merged cells: a category spans the rows of its run (rowspan), a row with fewer label cells than the table
 * has label columns widens its last label (colspan), and the last cell of a short row fills the width (colspan), as
 * 行政许可's one number does under the three columns of 规章.
 */
export function mergedRows(grid: GridRow[]): MergedCell[][] {
  const categoryColumn = (g: GridRow) => (g.category ? 1 : 0);
  const labelColumns = Math.max(
    0,
    ...grid.filter((g) => g.values.length > 0).map((g) => categoryColumn(g) + g.labels.length),
  );
  const width = Math.max(...grid.map((g) => (g.values.length > 0 ? labelColumns + g.values.length : g.labels.length)));
  const one = (text: string): MergedCell => ({ text, rowspan: 1, colspan: 1 });
  return grid.map((g, i) => {
    const row: MergedCell[] = [];
    if (g.category && grid[i - 1]?.category !== g.category) {
      let run = 1;
      while (grid[i + run]?.category === g.category) run++;
      row.push({ ...one(g.category), rowspan: run });
    }
    const labels = g.labels.map(one);
    if (g.values.length > 0 && labels.length > 0)
      labels[labels.length - 1].colspan += labelColumns - categoryColumn(g) - labels.length;
    row.push(...labels, ...g.values.map(one));
    // The category column is taken on every row of its run: by the category's own cell or by its rowspan.
    const occupied =
      categoryColumn(g) + [...labels, ...g.values].reduce((n, c) => n + (typeof c === 'string' ? 1 : c.colspan), 0);
    if (row.length > 0 && occupied < width) row[row.length - 1].colspan += width - occupied;
    return row;
  });
}

/**
 * The merged cells as a document prints them, with the variants of documents: every row one column wider than its
 * values (header_spans: a header spanning more columns than there are values), a header cell's text one character
 * per paragraph (char_per_paragraph).
 */
function documentRows(grid: GridRow[], r: SyntheticReport): { cell: MergedCell; paragraphs: string[] }[][] {
  const wider = r.variants.includes('header_spans');
  const perChar = r.variants.includes('char_per_paragraph');
  return mergedRows(grid).map((row, i) =>
    row.map((cell, j) => ({
      cell: wider && j === row.length - 1 ? { ...cell, colspan: cell.colspan + 1 } : cell,
      paragraphs: perChar && grid[i].values.length === 0 && cell.text ? [...cell.text] : [cell.text],
    })),
  );
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function htmlTable(grid: GridRow[], r: SyntheticReport): string {
  const rows = documentRows(grid, r).map(
    (row) =>
      `<tr>${row
        .map(
          ({ cell: c, paragraphs }) =>
            `<td${c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : ''}${c.colspan > 1 ? ` colspan="${c.colspan}"` : ''}>${paragraphs.map((t) => `<p>${escapeHtml(t)}</p>`).join('')}</td>`,
        )
        .join('')}</tr>`,
  );
  return `<table border="1" style="border-collapse:collapse"><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** A government site's article page: navigation, a breadcrumb with the title, the article, scripts and a footer. */
export function renderHtml(r: SyntheticReport, random: () => number): string {
  const p = printedReport(r, random);
  const body = p.sections.flatMap((s) => [
    `<p><strong>${escapeHtml(s.heading)}</strong></p>`,
    s.grid ? htmlTable(s.grid, r) : `<p>${escapeHtml(s.narrative!)}</p>`,
  ]);
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(p.title)}-${escapeHtml(r.agency.fullName)}</title>
<script>var siteId = "1"; if (a < b) { document.write("<p>不是正文</p>"); }</script><style>td { border: 1px solid #000 }</style></head>
<body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li>互动交流</li></ul></div>
<div class="crumb">当前位置：首页 &gt; 政府信息公开年报 &gt; ${escapeHtml(p.title)}</div>
<div class="article">
<h1>${escapeHtml(p.title)}</h1>
<div class="info">${r.publishedOn ? `发布时间：${escapeHtml(r.publishedOn)} ` : ''}浏览次数：${Math.floor(random() * 1000)} 字号：[大 中 小]</div>
<div class="content">
${body.join('\n')}
<p style="text-align:right">${escapeHtml(p.signature)}</p>
${p.date ? `<p style="text-align:right">${escapeHtml(p.date)}</p>` : ''}
</div>
</div>
<div class="footer"><p>主办单位：${escapeHtml(r.agency.fullName)}</p><p>网站标识码：3213220037 ICP备案号：苏ICP备05000000号</p></div>
<script>window.onload = function () {};</script>
</body></html>
`;
}

function docxTable(grid: GridRow[], r: SyntheticReport): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: documentRows(grid, r).map(
      (row) =>
        new TableRow({
          children: row.map(
            ({ cell: c, paragraphs }) =>
              new TableCell({
                rowSpan: c.rowspan,
                columnSpan: c.colspan,
                children: paragraphs.map((t) => new Paragraph({ children: [new TextRun(t)] })),
              }),
          ),
        }),
    ),
  });
}

export function renderDocx(r: SyntheticReport, random: () => number): Promise<Buffer> {
  const p: PrintedReport = printedReport(r, random);
  const paragraph = (text: string, alignment?: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
    new Paragraph({ alignment, children: [new TextRun(text)] });
  const doc = new Document({
    sections: [
      {
        children: [
          paragraph(p.title, AlignmentType.CENTER),
          ...p.sections.flatMap((s) => [paragraph(s.heading), s.grid ? docxTable(s.grid, r) : paragraph(s.narrative!)]),
          paragraph(p.signature, AlignmentType.RIGHT),
          ...(p.date ? [paragraph(p.date, AlignmentType.RIGHT)] : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** Text in GBK, as many agencies' systems still save it. */
export function renderGbk(r: SyntheticReport, layout: LayoutName, random: () => number): Buffer {
  return iconv.encode(renderReport(r, layout, random), 'gbk');
}
