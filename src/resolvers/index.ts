import { AgencyResolver } from './agency';
import { AnalyticsResolver } from './analytics';
import { CONNECTION_RESOLVERS } from './connections';
import { DivisionResolver } from './divisions';
import { ReportResolver } from './report';
import { ReportScorecardResolver, ScorecardResolver } from './scorecard';

export const RESOLVERS = [
  AgencyResolver,
  ReportResolver,
  AnalyticsResolver,
  DivisionResolver,
  ReportScorecardResolver,
  ScorecardResolver,
  ...CONNECTION_RESOLVERS,
] as const;
export { createContext, type Context } from './context';
