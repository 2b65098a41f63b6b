import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger as SqlLogger } from 'typeorm';
import { inject } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startWorkroom, type RunningWorkroom } from '../src/server.js';
import { withDatabase } from './global-setup.js';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `workroom_test_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('templateDatabase')}"`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(adminUrl, name),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export interface TestServer {
  url: string;
  workroom: RunningWorkroom;
  database: TestDatabase;
  /** POSTs a GraphQL operation, signed in with `token` when given. */
  graphql<T = Record<string, unknown>>(query: string, options?: { variables?: Record<string, unknown>; token?: string }): Promise<GraphQLResponse<T>>;
  signIn(email: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

export const testJwtSecret = 'test-secret-that-is-at-least-32-characters-long';

/** A real server on a random port over its own database, exactly as `npm start` runs it. */
export async function startTestServer(options: { env?: Record<string, string>; sqlLogger?: SqlLogger } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: database.url,
    JWT_SECRET: testJwtSecret,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'never',
    // Tests hammer one server from one address; the rate-limit tests set their own.
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    ...options.env,
  });
  const workroom = await startWorkroom(config, options.sqlLogger ? { sqlLogger: options.sqlLogger } : {});
  const graphql = async <T>(query: string, { variables, token }: { variables?: Record<string, unknown>; token?: string } = {}) => {
    const response = await fetch(`${workroom.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
    return { status: response.status, ...body };
  };
  return {
    url: workroom.url,
    workroom,
    database,
    graphql,
    async signIn(email, password = 'workroom') {
      const result = await graphql<{ signIn: { token: string } }>('mutation SignIn($input: SignInInput!) { signIn(input: $input) { token } }', {
        variables: { input: { email, password } },
      });
      if (!result.data?.signIn) throw new Error(`sign-in as ${email} failed: ${JSON.stringify(result.errors)}`);
      return result.data.signIn.token;
    },
    async stop() {
      await workroom.stop();
      await database.drop();
    },
  };
}

/** Counts SQL statements, to prove that a query's cost does not grow with the data. */
export class StatementCounter implements SqlLogger {
  count = 0;
  readonly statements: string[] = [];
  logQuery(query: string): void {
    this.count += 1;
    this.statements.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
  reset(): void {
    this.count = 0;
    this.statements.length = 0;
  }
}
