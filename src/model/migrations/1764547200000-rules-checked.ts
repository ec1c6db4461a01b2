/** The consistency rules that could be checked on each report: the denominator of data-quality shares. */
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from './columns';

export class RulesChecked1764547200000 implements MigrationInterface {
  name = 'RulesChecked1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('report', new TableColumn(varchar('rules_checked', 500, true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('report', 'rules_checked');
  }
}
