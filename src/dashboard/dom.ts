/** A small element builder: text goes in as text nodes, never as HTML, so nothing a report prints can become markup. */
type Child = Node | string | number | null | undefined | false | Child[];
type Attr = string | number | boolean | null | undefined | ((e: Event) => void);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, Attr> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else if (c !== null && c !== undefined && c !== false) el.appendChild(document.createTextNode(String(c)));
  }
}

/** Chinese first, English beside. */
export interface Label {
  zh: string;
  en: string;
}

export const bilingual = (l: Label, tag: 'span' | 'h2' | 'h3' = 'span') =>
  h(tag, { class: 'bi' }, l.zh, l.en && l.en !== l.zh ? h('small', { lang: 'en' }, l.en) : null);

export const text = (l: Label) => (l.en && l.en !== l.zh ? `${l.zh} · ${l.en}` : l.zh);

/** A count or amount as printed in Chinese reports; null (a printed blank) stays blank, never 0. */
export function num(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined) return '';
  return v.toLocaleString('zh-CN', { maximumFractionDigits: digits });
}

export function percent(v: number | null | undefined): string {
  if (v === null || v === undefined) return '';
  return `${(v * 100).toLocaleString('zh-CN', { maximumFractionDigits: 1 })}%`;
}
