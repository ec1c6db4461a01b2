import { Initial1764115200000 } from './1764115200000-initial';
import { SourceDocuments1764201600000 } from './1764201600000-source-documents';
import { VersionsAndCrawl1764316800000 } from './1764316800000-versions-and-crawl';
import { Completeness1764460800000 } from './1764460800000-completeness';
import { RulesChecked1764547200000 } from './1764547200000-rules-checked';
import { SourcePaths1764633600000 } from './1764633600000-source-paths';
import { AgencyIdentities1764720000000 } from './1764720000000-agency-identities';
import { Scorecard1764806400000 } from './1764806400000-scorecard';
import { Summaries1764892800000 } from './1764892800000-summaries';
import { DeferredIndexes1764894600000 } from './1764894600000-deferred-indexes';
import { Rollups1764979200000 } from './1764979200000-rollups';
import { SectionBytes1765065600000 } from './1765065600000-section-bytes';
import { CellReportTable1765069200000 } from './1765069200000-cell-report-table';
import { ReportYearCovering1765152000000 } from './1765152000000-report-year-covering';
import { ProcurementByProvince1765238400000 } from './1765238400000-procurement-by-province';
import { DispositionRows1765324800000 } from './1765324800000-disposition-rows';
import { ReportIngestedIndex1765328400000 } from './1765328400000-report-ingested-index';

/** Every migration, oldest first. */
export const MIGRATIONS = [
  Initial1764115200000,
  SourceDocuments1764201600000,
  VersionsAndCrawl1764316800000,
  Completeness1764460800000,
  RulesChecked1764547200000,
  SourcePaths1764633600000,
  AgencyIdentities1764720000000,
  Scorecard1764806400000,
  Summaries1764892800000,
  DeferredIndexes1764894600000,
  Rollups1764979200000,
  SectionBytes1765065600000,
  CellReportTable1765069200000,
  ReportYearCovering1765152000000,
  ProcurementByProvince1765238400000,
  DispositionRows1765324800000,
  ReportIngestedIndex1765328400000,
];
