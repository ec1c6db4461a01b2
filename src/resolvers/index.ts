import { AgencyResolver } from './agency';
import { AnalyticsResolver } from './analytics';
import { CONNECTION_RESOLVERS } from './connections';
import { ReportResolver } from './report';
import { ReportScorecardResolver, ScorecardResolver } from './scorecard';

export const RESOLVERS = [
  AgencyResolver,
  ReportResolver,
  AnalyticsResolver,
  ReportScorecardResolver,
  ScorecardResolver,
  ...CONNECTION_RESOLVERS,
] as const;
export { createContext, type Context } from './context';
