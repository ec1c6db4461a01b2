import { Initial1764115200000 } from './1764115200000-initial';
import { SourceDocuments1764201600000 } from './1764201600000-source-documents';
import { Completeness1764460800000 } from './1764460800000-completeness';

/** Every migration, oldest first. */
export const MIGRATIONS = [Initial1764115200000, SourceDocuments1764201600000, Completeness1764460800000];
