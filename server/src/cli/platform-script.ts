import { pathToFileURL } from 'node:url';
import type { DataSource } from 'typeorm';
import { createWorkroomDataSource } from '../composition.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { embeddedDatabaseUrl } from '../db/embedded.js';

/**
 * Runs one of the platform's command-line tools (the payout processor, the dispute resolver)
 * when its file is run as a script, not when a test imports it: against `DATABASE_URL`, or the
 * embedded database of `npm start`, with a small pool; the exit code is what `run` returns.
 */
export function runAsPlatformScript(
  moduleUrl: string,
  tool: { title: string; applicationName: string },
  run: (dataSource: DataSource, config: Config, args: string[]) => Promise<number>,
): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  const main = async (): Promise<number> => {
    const config = loadConfig();
    const where = config.database.url ? 'DATABASE_URL' : `the embedded database of \`npm start\` (port ${config.database.embedded.port})`;
    const dataSource = createWorkroomDataSource({
      url: config.database.url ?? embeddedDatabaseUrl(config.database.embedded.port),
      applicationName: tool.applicationName,
      poolSize: 2,
    });
    try {
      await dataSource.initialize();
    } catch (error) {
      console.error(
        `Cannot reach ${where} (${error instanceof Error ? error.message : String(error)}). Start Workroom with \`npm start\`, or set DATABASE_URL.`,
      );
      return 1;
    }
    try {
      return await run(dataSource, config, process.argv.slice(2));
    } finally {
      await dataSource.destroy();
    }
  };
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof ConfigError ? error.message : `${tool.title} failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
