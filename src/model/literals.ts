/** SQL text built from the format description (keys, formats, constant rows): never from user input, which is bound. */

/** An SQL string literal for a key from the format description. */
export function keyLiteral(key: string): string {
  if (!/^[a-z0-9_]+$/.test(key)) throw new Error(`not a format key: ${key}`);
  return `'${key}'`;
}

/** A format key as an SQL literal ("2019"): checked against the registry's shape, never user input. */
export function formatLiteral(f: string): string {
  if (!/^[0-9A-Za-z_]+$/.test(f)) throw new Error(`not a format key: ${f}`);
  return `'${f}'`;
}

/** A derived table of constant rows, the same SQL on both databases. */
export function constantRows(rows: Record<string, string | number>[]): string {
  return rows
    .map(
      (r) =>
        `SELECT ${Object.entries(r)
          .map(([k, v]) => `${typeof v === 'number' ? v : keyLiteral(v)} AS "${k}"`)
          .join(', ')}`,
    )
    .join(' UNION ALL ');
}
