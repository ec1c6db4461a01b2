/**
 * All the dashboard's traffic goes through here, and only to this server's public interfaces: the GraphQL API, the
 * CSV exports and the download of a report's original file (test/architecture.test.ts keeps it so).
 */
export const GRAPHQL_PATH = '/graphql';
export const EXPORT_PATH = '/export/';
const ORIGINALS_PATH = '/reports/';

export class ApiError extends Error {
  override name = 'ApiError';
}

export async function graphql<T = Record<string, any>>(query: string): Promise<T> {
  const res = await fetch(GRAPHQL_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new ApiError(body.errors.map((e) => e.message).join('; '));
  if (!res.ok || !body.data) throw new ApiError(`the API answered ${res.status}`);
  return body.data;
}

/** A dataset's CSV export with the given parameters; commas stay readable in lists. */
export function exportUrl(dataset: string, params: [string, string][]): string {
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ',')}`).join('&');
  return `${EXPORT_PATH}${dataset}.csv${query ? `?${query}` : ''}`;
}

export const originalUrl = (reportId: number) => `${ORIGINALS_PATH}${reportId}/original`;
