import { Initial1764115200000 } from './1764115200000-initial';

/** Every migration, oldest first. */
export const MIGRATIONS = [Initial1764115200000];
