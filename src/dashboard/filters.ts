/**
 * The filter bar, from one declarative list. A filter's key is at once its GraphQL ReportFilterInput field, its export
 * parameter and its URL parameter, so a view is a link and its CSV has the same filter. A new filter is one more
 * entry here.
 */
import { bilingual, h, type Label, text } from './dom';
import { levelLabel } from './labels';
import { type Call, en, run, type Value } from './query';

export type Filter = Record<string, string | number[] | undefined>;

interface Option {
  value: string;
  label: string;
}

interface FilterField {
  key: string;
  label: Label;
  /** years: whole numbers; enum: a GraphQL enum value; string: a GraphQL string. */
  type: 'years' | 'enum' | 'string';
  /** checks: any of the options; choice: one of them or all; text: typed, the options suggested. */
  control: 'checks' | 'choice' | 'text';
  /** The values it can take: fixed, or the buckets of one dimension in the data. */
  options: Option[] | { call: Call; value(bucket: Record<string, any>): string | null; label?(v: string): string };
}

/** The values of one grouping dimension that occur in the data (each bucket of dataQuality is one). */
const occurring = (groupBy: string, field: string, label?: (v: string) => string) => ({
  call: { alias: `facet_${field}`, field: 'dataQuality', args: { groupBy: [en(groupBy)] }, select: field },
  value: (b: Record<string, any>) => (b[field] === null ? null : String(b[field])),
  label,
});

export const FILTERS: FilterField[] = [
  {
    key: 'years',
    label: { zh: '年份', en: 'Years' },
    type: 'years',
    control: 'checks',
    options: occurring('YEAR', 'year'),
  },
  // Where the agencies are: a province, city or county of the gazetteer, by name.
  {
    key: 'province',
    label: { zh: '省份', en: 'Province' },
    type: 'string',
    control: 'text',
    options: occurring('PROVINCE', 'provinceName'),
  },
  {
    key: 'city',
    label: { zh: '城市', en: 'City' },
    type: 'string',
    control: 'text',
    options: occurring('CITY', 'cityName'),
  },
  {
    key: 'county',
    label: { zh: '区县', en: 'County' },
    type: 'string',
    control: 'text',
    options: occurring('COUNTY', 'countyName'),
  },
  {
    key: 'level',
    label: { zh: '层级', en: 'Level' },
    type: 'enum',
    control: 'choice',
    options: occurring('LEVEL', 'level', (v) => text(levelLabel(v))),
  },
  {
    key: 'format',
    label: { zh: '格式', en: 'Format' },
    type: 'string',
    control: 'choice',
    options: [
      { value: '2019', label: '2019 试行格式 · trial format' },
      { value: '2021', label: '2021 新格式 · 2021 format' },
    ],
  },
];

/** Each filter's options, asked of the API in one query (unfiltered: what the data holds). */
export type Facets = Record<string, Option[]>;

export async function loadFacets(): Promise<Facets> {
  const asked = FILTERS.flatMap((f) => ('call' in f.options ? [f.options.call] : []));
  const data = asked.length ? await run(asked) : {};
  const facets: Facets = {};
  for (const f of FILTERS) {
    if (Array.isArray(f.options)) {
      facets[f.key] = f.options;
      continue;
    }
    const o = f.options;
    const values = new Set<string>();
    for (const b of data[o.call.alias!] as Record<string, any>[]) {
      const v = o.value(b);
      if (v !== null) values.add(v);
    }
    facets[f.key] = [...values].map((v) => ({ value: v, label: o.label ? o.label(v) : v }));
  }
  return facets;
}

export function filterFromUrl(params: URLSearchParams, keys: string[]): Filter {
  const filter: Filter = {};
  for (const f of FILTERS) {
    const raw = params.get(f.key);
    if (!keys.includes(f.key) || raw === null || raw === '') continue;
    if (f.type === 'years') {
      const years = raw
        .split(',')
        .filter((y) => /^\d{4}$/.test(y))
        .map(Number);
      if (years.length) filter[f.key] = years;
    } else filter[f.key] = raw;
  }
  return filter;
}

/** URL parameters of a filter (the same keys, lists comma-separated). */
export function filterParams(filter: Filter): Record<string, string | undefined> {
  return Object.fromEntries(
    FILTERS.map((f) => {
      const v = filter[f.key];
      return [f.key, v === undefined ? undefined : Array.isArray(v) ? v.join(',') : v];
    }),
  );
}

/** The filter as a GraphQL ReportFilterInput. */
export function filterArg(filter: Filter, extra: Record<string, Value> = {}): Record<string, Value> {
  const arg: Record<string, Value> = {};
  for (const f of FILTERS) {
    const v = filter[f.key];
    if (v !== undefined) arg[f.key] = f.type === 'enum' ? en(String(v)) : v;
  }
  return { ...arg, ...extra };
}

export function filterBar(filter: Filter, facets: Facets, keys: string[], onChange: (f: Filter) => void): HTMLElement {
  const set = (key: string, v: string | number[] | undefined) => onChange({ ...filter, [key]: v });
  const controls = FILTERS.filter((f) => keys.includes(f.key)).map((f) => {
    const options = facets[f.key] ?? [];
    const current = filter[f.key];
    let control: HTMLElement;
    if (f.control === 'checks') {
      const chosen = new Set((current as number[] | undefined) ?? []);
      control = h(
        'span',
        { class: 'checks' },
        options.map((o) =>
          h(
            'label',
            {},
            h('input', {
              type: 'checkbox',
              name: f.key,
              value: o.value,
              checked: chosen.has(Number(o.value)),
              onchange: (e: Event) => {
                const box = e.target as HTMLInputElement;
                const next = new Set(chosen);
                if (box.checked) next.add(Number(box.value));
                else next.delete(Number(box.value));
                set(f.key, next.size ? [...next].sort() : undefined);
              },
            }),
            o.label,
          ),
        ),
      );
    } else if (f.control === 'choice') {
      control = h(
        'select',
        { name: f.key, onchange: (e: Event) => set(f.key, (e.target as HTMLSelectElement).value || undefined) },
        h('option', { value: '' }, '全部 · all'),
        options.map((o) => h('option', { value: o.value, selected: current === o.value }, o.label)),
      );
    } else {
      const list = `options-${f.key}`;
      control = h(
        'span',
        {},
        h('input', {
          type: 'search',
          name: f.key,
          list,
          value: (current as string | undefined) ?? '',
          placeholder: '全部 · all',
          onchange: (e: Event) => set(f.key, (e.target as HTMLInputElement).value.trim() || undefined),
        }),
        h(
          'datalist',
          { id: list },
          options.slice(0, 500).map((o) => h('option', { value: o.value })),
        ),
      );
    }
    return h('div', { class: 'filter', 'data-filter': f.key }, bilingual(f.label), control);
  });
  return h(
    'form',
    { class: 'filters', onsubmit: (e: Event) => e.preventDefault() },
    controls,
    h('button', { type: 'button', class: 'link', onclick: () => onChange({}) }, '清除 · clear'),
  );
}
