/** How tests start the gongkai command as a process of its own, from the TypeScript sources. */
export const GONGKAI_CLI = [process.execPath, '--import', 'tsx', 'test/helpers/gongkai.ts'];
