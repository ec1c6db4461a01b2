/**
 * A table's digest (report_table.digest) is compared with digests stored by earlier ingests (a table copied from the
 * year before): it must stay what it was first computed as, whatever the code that computes it becomes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { loadFile } from '../src/ingest/load';
import { run } from '../src/model/bulk';
import { openDatabase } from '../src/model/data-source';

let ds: DataSource;
beforeAll(async () => {
  ds = await openDatabase(':memory:');
});
afterAll(() => ds.destroy());

it('digests of a seed report’s tables are those computed when digests were introduced', async () => {
  const r = await loadFile(ds, 'data/reports/000_e84b3c5531a46bee.txt');
  expect(r.outcome).toBe('loaded');
  const rows = await run(
    ds,
    'SELECT table_key, cells, reported, nonzero, digest FROM report_table WHERE report_id = ? ORDER BY id',
    [r.reportId],
  );
  expect(rows).toEqual([
    {
      table_key: 'proactive',
      cells: 22,
      reported: 22,
      nonzero: 2,
      digest: 'deb56b8042c6c22e479ee09b7e9cb89fe8cd42ae3e4931f9de87722bebb78311',
    },
    {
      table_key: 'applications',
      cells: 161,
      reported: 161,
      nonzero: 6,
      digest: '053872e38b991b5cae5ff5107baaa7ff5afc8d9766e77e637b7a75ac64c70da3',
    },
    {
      table_key: 'review_litigation',
      cells: 15,
      reported: 15,
      nonzero: 0,
      digest: 'ee02287acf4737fd86d224103c95f3b41333070b4e4b6b5ce9458fac71786a1b',
    },
  ]);
});
