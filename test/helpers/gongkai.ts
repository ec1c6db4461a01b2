/** The gongkai command from the TypeScript sources, for tests that run it as a process of its own (`GONGKAI_CLI`). */
import { main } from '../../src/cli/main';

main(process.argv).then((code) => {
  process.exitCode = code;
});
