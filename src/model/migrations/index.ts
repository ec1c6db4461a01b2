import { Initial1764115200000 } from './1764115200000-initial';
import { SourceDocuments1764201600000 } from './1764201600000-source-documents';
import { SourcePaths1764374400000 } from './1764374400000-source-paths';

/** Every migration, oldest first. */
export const MIGRATIONS = [Initial1764115200000, SourceDocuments1764201600000, SourcePaths1764374400000];
