import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '../src/config.js';

/**
 * Real processes for the fault tests: a redis-server of the test's own on a spare port (never the
 * machine's shared one), and Workroom server processes run from the built entry exactly as in
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
      spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
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

  static async start(name: string, env: Record<string, string>): Promise<WorkroomProcess> {
    if (!existsSync(serverEntry)) throw new Error(`${serverEntry} is missing: run \`npm run build -w server\` first`);
    const child = new Child(
      name,
      spawn(process.execPath, [serverEntry], {
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

  async readyz(): Promise<Readiness> {
    const response = await fetch(`${this.url}/readyz`);
    return (await response.json()) as Readiness;
  }

  async graphql<T = Record<string, unknown>>(query: string, options: { variables?: Record<string, unknown>; token?: string } = {}): Promise<HttpGraphQLResult<T>> {
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
