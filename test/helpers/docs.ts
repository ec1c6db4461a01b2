import { examplesMarkdown } from '../../scripts/readme-examples';
import { apiOver } from './api';

/** The README examples section, run over a fresh database of the bundled reports. */
export async function examplesOverBundledReports(): Promise<string> {
  const api = await apiOver(['data/reports']);
  try {
    return await examplesMarkdown((q) => api.data(q));
  } finally {
    await api.close();
  }
}
