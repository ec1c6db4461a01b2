/** What ingest says about each file and about a whole run. */
export type Outcome = 'loaded' | 'replaced' | 'unchanged' | 'failed';

export interface FileResult {
  file: string;
  outcome: Outcome;
  reportId?: number;
  cells: number;
  findings: number;
  error?: string;
}

export interface Summary {
  loaded: number;
  replaced: number;
  unchanged: number;
  failed: number;
  cells: number;
  findings: number;
  /** The files that failed (the others are only counted, so memory stays flat however many files there are). */
  failures: FileResult[];
  /** What went wrong beyond the files (planner statistics not refreshed). */
  warnings: string[];
}
