/** What ingest says about each file and about a whole run. */

/**
 * loaded: a new report; replaced: a new version of a report, now current; worse: a new version kept but not made
 * current (clearly worse than the current one); unchanged: these bytes are stored already; failed: not stored.
 */
export type Outcome = 'loaded' | 'replaced' | 'worse' | 'unchanged' | 'failed';

/** Where a downloaded file came from (gongkai fetch, crawl): named by its URL, read in the charset its server sent. */
export interface Origin {
  url: string;
  /** The name a report keeps as its source_file (the last part of the URL's path). */
  name: string;
  /** The charset of the response's Content-Type, for a page that does not declare one itself. */
  charset?: string;
  /** Where the original is in the archive. */
  archivePath: string;
}

/** The version a file became, and the one that was current before it. */
export interface VersionNote {
  agencyId: number;
  agency: string;
  year: number;
  version: number;
  cells: number;
  findings: number;
  previous?: { file: string; cells: number; findings: number };
  /** The previous version was ingested by this same run (two files for one agency and year in one batch). */
  sameBatch?: boolean;
  /** Why it is worse than the version that was current: it was kept but not made current, unless forced. */
  worse?: string[];
  forced?: boolean;
}

export interface FileResult {
  file: string;
  outcome: Outcome;
  reportId?: number;
  cells: number;
  findings: number;
  error?: string;
  version?: VersionNote;
}

export interface Summary {
  loaded: number;
  replaced: number;
  worse: number;
  unchanged: number;
  failed: number;
  cells: number;
  findings: number;
  /** The files that failed (the others are only counted, so memory stays flat however many files there are). */
  failures: FileResult[];
  /** What went wrong beyond the files (planner statistics not refreshed). */
  warnings: string[];
}
