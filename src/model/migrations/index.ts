import { Initial1764115200000 } from './1764115200000-initial';
import { SourceDocuments1764201600000 } from './1764201600000-source-documents';
import { AgencyIdentities1764288000000 } from './1764288000000-agency-identities';

/** Every migration, oldest first. */
export const MIGRATIONS = [Initial1764115200000, SourceDocuments1764201600000, AgencyIdentities1764288000000];
