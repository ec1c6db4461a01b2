/** What every page is given, and what it gives back. */
import type { Label } from './dom';
import type { Facets, Filter } from './filters';
import type { Labels } from './labels';

export interface Context {
  params: URLSearchParams;
  /** The filter bar's selection, for the filters this page takes. */
  filter: Filter;
  facets: Facets;
  labels: Labels;
  /** Sets URL parameters (undefined removes one) and shows the result; `replace` keeps it out of the history. */
  go(changes: Record<string, string | undefined>, replace?: boolean): void;
  /** A link to a view of the dashboard. */
  href(view: string, params?: Record<string, string | number | undefined>): string;
  /** False once the user has moved on: a page stops drawing. */
  alive(): boolean;
}

export interface Page {
  key: string;
  title: Label;
  /** The filters of the filter bar this page honours (keys of FILTERS). */
  filters: string[];
  /** When the filters depend on the view's other parameters (a single report takes none). */
  filtersFor?(params: URLSearchParams): string[];
  render(root: HTMLElement, ctx: Context): Promise<void>;
}
