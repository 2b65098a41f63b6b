// The seeded demo world the browser benchmarks load (web.mjs, web-trace.mjs): the built Workroom
// server, on the Node that runs the benchmark, with the demo seeded into a database of its own; the
// demo trainer's and employer's sessions as the dashboard keeps them after signing in; and the
// pages both measure.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, graphqlData, productionNodeArgs, startProcess, stopProcess, workroomEnv } from './util.mjs';

/**
 * Starts the world; its `stop()` ends the server and drops the database (a world that fails to
 * start stops itself). `name` goes into the database's name, `workDir` holds the server's log.
 */
export async function startDemoWorld({ name, workDir, log }) {
  const postgresAdmin = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: postgresAdmin });
  await admin.connect();
  const databaseName = `workroom_bench_${name}_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE "${databaseName}"`);
  const databaseUrl = Object.assign(new URL(postgresAdmin), { pathname: `/${databaseName}` }).toString();
  const world = { server: undefined, origin: undefined, pages: [] };
  world.stop = async () => {
    await stopProcess(world.server).catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`).catch((error) => log(`could not drop ${databaseName}: ${error.message}`));
    await admin.end().catch(() => undefined);
  };
  try {
    await start(world, databaseUrl, workDir);
  } catch (error) {
    await world.stop();
    throw error;
  }
  return world;
}

async function start(world, databaseUrl, workDir) {
  const port = await freePort();
  world.server = startProcess({
    name: 'workroom',
    args: [...productionNodeArgs(), 'server/dist/main.js'],
    env: workroomEnv(
      { jwtSecret: randomBytes(32).toString('hex'), payoutMethodsKey: randomBytes(32).toString('hex') },
      { PORT: String(port), DATABASE_URL: databaseUrl, SEED_DEMO: 'always' },
    ),
    logFile: join(workDir, 'workroom.log'),
    ready: /Workroom is running at (http:\/\/\S+)/,
    timeoutMs: 90_000,
    command: process.execPath,
  });
  [, world.origin] = await world.server.ready;
  const graphqlUrl = `${world.origin}/graphql`;
  // A returning visit, as the dashboard leaves it after signing in: the token and who it is.
  const session = async (email) => {
    const { signIn } = await graphqlData(graphqlUrl, 'mutation ($input: SignInInput!) { signIn(input: $input) { token } }', {
      variables: { input: { email, password: 'workroom' } },
    });
    const { viewer } = await graphqlData(graphqlUrl, '{ viewer { id name email role } }', { token: signIn.token });
    return { token: signIn.token, viewer };
  };
  const trainer = await session('trainer@example.com');
  const employer = await session('employer@example.com');
  const contracts = await graphqlData(graphqlUrl, '{ viewer { activeContracts(first: 1) { edges { node { id } } } } }', { token: trainer.token });
  const contractId = encodeURIComponent(contracts.viewer.activeContracts.edges[0].node.id);
  // `name` as the tables print it, `slug` for file names and web-trace's --pages.
  world.pages = [
    { name: 'sign-in', slug: 'sign-in', path: '/sign-in', token: null },
    { name: 'trainer home', slug: 'home', path: '/', token: trainer },
    { name: 'job › Messages', slug: 'job-messages', path: `/jobs/${contractId}/messages`, token: trainer },
    { name: 'job › Contract', slug: 'job-contract', path: `/jobs/${contractId}/contract`, token: trainer },
    { name: 'Calendar', slug: 'calendar', path: '/calendar', token: trainer },
    { name: 'Reports', slug: 'reports', path: '/reports', token: trainer },
    { name: 'employer console', slug: 'employer', path: '/', token: employer },
  ];
}

/**
 * Leaves a tab as a returning visit finds the browser: the session the dashboard keeps in
 * localStorage (none for `session` null) and an empty HTTP cache. Returns the tab's CDP session.
 */
export async function asReturningVisit(tab, origin, session) {
  await tab.goto(`${origin}/sign-in`, { waitUntil: 'load' });
  await tab.evaluate((stored) => {
    localStorage.clear();
    if (stored) {
      localStorage.setItem('workroom.token', stored.token);
      localStorage.setItem('workroom.viewer', JSON.stringify(stored.viewer));
    }
  }, session);
  const cdp = await tab.createCDPSession();
  await cdp.send('Network.clearBrowserCache');
  return cdp;
}
