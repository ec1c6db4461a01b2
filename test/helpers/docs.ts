import { examplesMarkdown } from '../../scripts/readme-examples';
import { BUNDLED } from '../../src/cli/main';
import { apiOver } from './api';

/** The README examples section, run over a fresh database of exactly what `npm start` serves. */
export async function examplesOverBundledReports(): Promise<string> {
  const api = await apiOver(BUNDLED);
  try {
    return await examplesMarkdown((q) => api.data(q));
  } finally {
    await api.close();
  }
}
