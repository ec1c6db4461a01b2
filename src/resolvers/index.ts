import { AgencyResolver } from './agency';
import { AnalyticsResolver } from './analytics';
import { CONNECTION_RESOLVERS } from './connections';
import { ReportResolver } from './report';

export const RESOLVERS = [AgencyResolver, ReportResolver, AnalyticsResolver, ...CONNECTION_RESOLVERS] as const;
export { createContext, type Context } from './context';
