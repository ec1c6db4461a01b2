/**
 * Agencies as divisions and organs: an agency is (division, organ) of the gazetteer, with the codes of the province,
 * city, county and township it belongs to; a report keeps the names it printed and what the parser resolved them to,
 * so identities can change (data/agencies.csv, `gongkai agencies`) without parsing again. Reports stored before keep
 * their printed names (copied from their agency here) and are resolved at the next ingest. The region (the place
 * names printed before a name) goes: provinces, cities and counties replace it.
 */
import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { text, varchar } from './columns';

const AGENCY_DIVISION_COLUMNS = ['division_code', 'province_code', 'city_code', 'county_code', 'township_code'];
const AGENCY_INDEXED = ['division_code', 'province_code', 'city_code', 'county_code'];
const REPORT_COLUMNS = ['agency_name', 'agency_full_name', 'division_code', 'organ_kind', 'organ_name', 'candidates'];

export class AgencyIdentities1764720000000 implements MigrationInterface {
  name = 'AgencyIdentities1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('agency', 'ix_agency_region');
    await q.dropColumn('agency', 'region');
    await q.addColumns('agency', [
      ...AGENCY_DIVISION_COLUMNS.map((c) => new TableColumn(varchar(c, 12, true))),
      new TableColumn(varchar('organ_kind', 20, true)),
      new TableColumn(varchar('organ_name', 100, true)),
    ]);
    for (const c of AGENCY_INDEXED)
      await q.createIndex('agency', new TableIndex({ name: `ix_agency_${c.replace('_code', '')}`, columnNames: [c] }));
    await q.addColumns('report', [
      new TableColumn(varchar('agency_name', 200, true)),
      new TableColumn(varchar('agency_full_name', 200, true)),
      new TableColumn(varchar('division_code', 12, true)),
      new TableColumn(varchar('organ_kind', 20, true)),
      new TableColumn(varchar('organ_name', 100, true)),
      new TableColumn(text('candidates')),
    ]);
    await q.query(
      'UPDATE report SET agency_name = (SELECT a.name FROM agency a WHERE a.id = report.agency_id), agency_full_name = (SELECT a.full_name FROM agency a WHERE a.id = report.agency_id)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('report', REPORT_COLUMNS);
    for (const c of AGENCY_INDEXED) await q.dropIndex('agency', `ix_agency_${c.replace('_code', '')}`);
    await q.dropColumns('agency', [...AGENCY_DIVISION_COLUMNS, 'organ_kind', 'organ_name']);
    await q.addColumn('agency', new TableColumn(varchar('region', 100, true)));
    await q.createIndex('agency', new TableIndex({ name: 'ix_agency_region', columnNames: ['region'] }));
  }
}
