// The raw-SQL floor: a bare node:http server that answers the two workloads with JSON built by
// one prepared SQL statement each (lib/queries.mjs), through a `pg` pool of the same size as
// Workroom's (10). No GraphQL, no auth, no framework: what the same answers cost at the least.
//   POST /dashboard  {"trainerId": "…"}
//   POST /contract   {"contractId": "…", "trainerId": "…"}
//   POST /organization {"employerId": "…"}  (lib/workloads.mjs)
// Env: DATABASE_URL, PORT, HOST. Prints "raw-sql floor is running at <url>".
import { createServer } from 'node:http';
import pg from 'pg';
import { sqlContract, sqlDashboard } from './queries.mjs';
import { sqlOrganizationContracts } from './workloads.mjs';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.PG_POOL_MAX ?? 10) });
const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';

const routes = {
  '/dashboard': (input) => ({ name: 'bench_dashboard', text: sqlDashboard, values: [input.trainerId] }),
  '/contract': (input) => ({ name: 'bench_contract', text: sqlContract, values: [input.contractId, input.trainerId] }),
  '/organization': (input) => ({ name: 'bench_organization', text: sqlOrganizationContracts, values: [input.employerId] }),
};

const server = createServer((request, response) => {
  const route = routes[request.url];
  if (!route || request.method !== 'POST') {
    response.writeHead(404).end();
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    try {
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const { rows } = await pool.query(route(input));
      const body = rows[0]?.body ?? '{"data":null}';
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    } catch (error) {
      const body = JSON.stringify({ errors: [{ message: String(error?.message ?? error) }] });
      response.writeHead(500, { 'content-type': 'application/json' }).end(body);
    }
  });
});

server.listen(port, host, () => {
  console.log(`raw-sql floor is running at http://${host}:${server.address().port}`);
});

async function stop() {
  server.close();
  await pool.end().catch(() => undefined);
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
