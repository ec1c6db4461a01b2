/** Once per test run: is PostgreSQL there? (test/helpers/databases.ts) */
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { postgresSkipReason } from './helpers/databases';

export default async function setup(project: TestProject): Promise<void> {
  project.provide('postgresSkip', await postgresSkipReason());
}
