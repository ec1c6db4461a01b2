/**
 * Links of a page, and what each is to the crawler: a report (its text or URL looks like an annual report), the next
 * page of a list, or an attachment of a report page (PDF, Word).
 */
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { declaredCharset } from '../parser/documents';
import { decodeText } from '../parser/documents/encoding';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

export interface Link {
  url: string;
  /** The link's text (or its title), spaces squeezed. */
  text: string;
}

/** The links kept of one page: a list page of a column holds tens; a page with thousands is not one. */
const MAX_LINKS = 2000;

/** What an annual report's link says (text or URL), unless --match says otherwise. */
export const DEFAULT_MATCH = /年度报告|年报|nianbao|ndbg/i;

const attribute = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

/** The page's text, decoded as the parser would read it: its own charset, else the server's. */
export function pageText(bytes: Buffer, url: string, charset?: string): string {
  return decodeText(bytes, url, declaredCharset(bytes) ?? charset).text;
}

/** Every http(s) link of a page, resolved against its URL (or its <base href>), without fragments, each once. */
export function linksOf(html: string, pageUrl: string): Link[] {
  const anchors: Element[] = [];
  let base = pageUrl;
  const visit = (node: Node) => {
    if (anchors.length >= MAX_LINKS) return;
    if (node.nodeName === 'a') anchors.push(node as Element);
    if (node.nodeName === 'base') {
      const href = attribute(node as Element, 'href');
      if (href) base = resolve(href, pageUrl) ?? base;
    }
    if ('childNodes' in node) node.childNodes.forEach(visit);
    if (node.nodeName === 'template') visit((node as DefaultTreeAdapterMap['template']).content);
  };
  visit(parse(html));
  const seen = new Set<string>();
  const links: Link[] = [];
  for (const a of anchors) {
    const href = attribute(a, 'href');
    const url = href === undefined ? undefined : resolve(href, base);
    if (!url || seen.has(url)) continue;
    seen.add(url);
    const text = (textOf(a) || attribute(a, 'title') || '').replace(/\s+/g, ' ').trim();
    links.push({ url, text });
  }
  return links;
}

function resolve(href: string, base: string): string | undefined {
  try {
    const u = new URL(href.trim(), base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    u.hash = '';
    return u.toString();
  } catch {
    return undefined;
  }
}

const NEXT_PAGE = /^(下一页|下页|后页|next|›|»|>)$/i;
/** Static list pages as most government site systems write them: index.html, index_1.html, index_2.html… */
const NUMBERED_PAGE = /^index_\d+\.s?html?$/i;

/** A link to another page of the same list: 下一页, or a numbered page in the list's own folder. */
export function isNextPage(link: Link, listUrl: string): boolean {
  const u = new URL(link.url);
  const list = new URL(listUrl);
  if (u.host !== list.host) return false;
  if (NEXT_PAGE.test(link.text)) return true;
  const folder = (p: string) => p.slice(0, p.lastIndexOf('/') + 1);
  return folder(u.pathname) === folder(list.pathname) && NUMBERED_PAGE.test(u.pathname.split('/').pop() ?? '');
}

/**
 * Pages a list writes with a script instead of links, as TRS-built government sites do:
 * createPageHTML(pages, current, "index", "html") makes index.html, index_1.html … index_{pages-1}.html.
 */
export function scriptedPages(html: string, listUrl: string): string[] {
  const m = /createPageHTML\(\s*(\d+)\s*,\s*\d+\s*,\s*["'](\w+)["']\s*,\s*["'](\w+)["']/.exec(html);
  if (!m) return [];
  const [, count, name, ext] = m;
  return Array.from({ length: Math.min(Number(count), 1000) }, (_, i) =>
    new URL(i === 0 ? `${name}.${ext}` : `${name}_${i}.${ext}`, listUrl).toString(),
  );
}

const ATTACHMENT = /\.(pdf|docx?|wps)$/i;

/** A link to a file a report page attaches (the report itself when the page is only a wrapper). */
export function isAttachment(link: Link): boolean {
  return ATTACHMENT.test(new URL(link.url).pathname) || ATTACHMENT.test(link.text);
}

/** The report year a link names (2023年…), if it names one. */
export function yearOf(link: Link): number | undefined {
  const m =
    /((?:19|20)\d{2})\s*年/.exec(link.text) ?? /(?:^|\D)((?:19|20)\d{2})(?:\D|$)/.exec(new URL(link.url).pathname);
  return m ? Number(m[1]) : undefined;
}
