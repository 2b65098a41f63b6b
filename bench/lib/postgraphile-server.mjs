// The PostGraphile 5 peer: the `amber` preset over Workroom's database, no auth, no plugins.
// Run on Node 22:  node bench/lib/postgraphile-server.mjs   (env: DATABASE_URL, PORT, HOST)
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';

const connectionString = process.env.DATABASE_URL;
const port = Number(process.env.PORT ?? 5678);
const host = process.env.HOST ?? '127.0.0.1';
if (!connectionString) throw new Error('DATABASE_URL is required');

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString, schemas: ['public'], poolConfig: { max: Number(process.env.PG_POOL_MAX ?? 10) } })],
  grafserv: { port, host, graphiqlOnGraphQLGET: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.once('listening', () => {
  console.log(`PostGraphile is running at http://${host}:${port}/graphql`);
});
serv.addTo(server).catch((error) => {
  console.error(error);
  process.exit(1);
});
server.listen(port, host);

async function stop() {
  server.close();
  await pgl.release().catch(() => undefined);
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
