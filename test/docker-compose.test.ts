// Checks the compose file as Compose itself resolves it (anchors merged, variables interpolated,
// defaults filled in), not as written: a typo in the x-server extension or a lost merge key only
// shows up there. No Docker engine is needed; `config` never talks to one.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const SERVERS = ['server-a', 'server-b'] as const;

type Port = string | number | { target?: number | string; published?: number | string };
type Service = {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  environment?: Record<string, string | number | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  ports?: Port[];
};
type ComposeConfig = { services?: Record<string, Service> };

let cached: { config?: ComposeConfig; error?: Error } | undefined;

function composeConfig(): ComposeConfig {
  cached ??= runComposeConfig();
  if (cached.error) throw cached.error;
  return cached.config!;
}

function runComposeConfig(): { config?: ComposeConfig; error?: Error } {
  // Resolve against the file's own defaults, not whatever the developer or CI has exported.
  const env = { ...process.env };
  for (const name of ['JWT_SECRET', 'PAYOUT_METHODS_KEY', 'LOG_LEVEL', 'COMPOSE_FILE', 'COMPOSE_PROFILES', 'COMPOSE_PROJECT_NAME']) {
    delete env[name];
  }
  let stdout: string;
  try {
    stdout = execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { status?: number; stderr?: string };
    if (e.code === 'ENOENT') {
      return {
        error: new Error(
          'docker-compose is not installed; this test validates docker-compose.yml with it. ' +
            'Install it with `apt-get install docker-compose` (Debian/Ubuntu; .ci/run does this) ' +
            'or any Compose that provides a `docker-compose` command.',
        ),
      };
    }
    return {
      error: new Error(`\`docker-compose -f docker-compose.yml config\` rejected the file (exit ${e.status ?? e.code}):\n${e.stderr ?? e.message}`),
    };
  }
  return { config: parse(stdout) as ComposeConfig };
}

function service(name: string): Service {
  const svc = composeConfig().services?.[name];
  if (!svc) throw new Error(`service ${name} is missing from docker-compose.yml`);
  return svc;
}

/** Compose v1 prints a mapping; be tolerant of the list form too. */
function environmentOf(svc: Service): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const i = entry.indexOf('=');
        return i < 0 ? [entry, ''] : [entry.slice(0, i), entry.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v == null ? '' : String(v)]));
}

/**
 * Normalises a port entry to { host, container }. Compose v1 prints { published: 4001, target: 4000 },
 * v2 prints published as a string plus mode/protocol, and the short syntax may survive as a string.
 */
function portMapping(port: Port): { host: string | undefined; container: string } {
  if (typeof port === 'object') {
    return {
      host: port.published == null ? undefined : String(port.published),
      container: String(port.target),
    };
  }
  const parts = String(port)
    .replace(/\/(tcp|udp)$/, '')
    .split(':');
  const container = parts.pop()!;
  return { host: parts.pop(), container };
}

describe('docker-compose.yml', () => {
  it('is accepted by `docker-compose config`', () => {
    expect(composeConfig().services).toBeTypeOf('object');
  });

  it('defines postgres, redis and two server replicas', () => {
    const names = Object.keys(composeConfig().services ?? {});
    expect(names).toEqual(expect.arrayContaining(['postgres', 'redis', ...SERVERS]));
  });

  it.each(SERVERS)('%s waits for healthy postgres and redis', (name) => {
    const dependsOn = service(name).depends_on;
    // The list form carries no condition, which would let the server start before the database.
    expect(Array.isArray(dependsOn), 'depends_on must use the long form with conditions').toBe(false);
    const deps = dependsOn as Record<string, { condition?: string }>;
    expect(deps.postgres?.condition).toBe('service_healthy');
    expect(deps.redis?.condition).toBe('service_healthy');
  });

  it.each(SERVERS)('%s points DATABASE_URL and REDIS_URL at the compose services', (name) => {
    const env = environmentOf(service(name));
    const db = new URL(env.DATABASE_URL ?? '');
    expect(['postgres:', 'postgresql:']).toContain(db.protocol);
    expect(db.hostname).toBe('postgres');
    expect(db.port || '5432').toBe('5432');

    const redis = new URL(env.REDIS_URL ?? '');
    expect(redis.protocol).toBe('redis:');
    expect(redis.hostname).toBe('redis');
    expect(redis.port || '6379').toBe('6379');

    expect(env.HOST).toBe('0.0.0.0');
    // The server refuses to start with a shorter secret when DATABASE_URL is set, so the
    // development default has to meet the same bar.
    expect(env.JWT_SECRET?.length ?? 0).toBeGreaterThanOrEqual(32);
    // Likewise the payout-methods key (required in production with DATABASE_URL).
    expect(env.PAYOUT_METHODS_KEY?.length ?? 0).toBeGreaterThanOrEqual(32);
  });

  it.each(SERVERS)('%s has a readiness healthcheck', (name) => {
    const hc = service(name).healthcheck;
    expect(hc, `${name} needs a healthcheck`).toBeDefined();
    expect(hc!.disable ?? false).toBe(false);
    const test = Array.isArray(hc!.test) ? hc!.test : [hc!.test ?? ''];
    expect(test[0]).not.toBe('NONE');
    expect(test.join(' ')).toContain('/readyz');
  });

  it('publishes container port 4000 of each server on its own host port', () => {
    const hostPorts = SERVERS.map((name) => {
      const mappings = (service(name).ports ?? []).map(portMapping).filter((p) => p.container === '4000');
      expect(mappings, `${name} must publish container port 4000`).toHaveLength(1);
      expect(mappings[0]!.host, `${name} must pin a host port`).toMatch(/^\d+$/);
      return mappings[0]!.host;
    });
    expect(new Set(hostPorts).size).toBe(SERVERS.length);
  });

  it.each(SERVERS)('%s is built from the repository Dockerfile', (name) => {
    const build = service(name).build;
    expect(build, `${name} must be built, not pulled`).toBeDefined();
    const { context = '.', dockerfile = 'Dockerfile' } = typeof build === 'string' ? { context: build } : build!;
    const contextDir = path.resolve(repoRoot, context);
    expect(contextDir).toBe(path.resolve(repoRoot));
    const dockerfilePath = path.resolve(contextDir, dockerfile);
    expect(dockerfilePath).toBe(path.join(repoRoot, 'Dockerfile'));
    expect(existsSync(dockerfilePath)).toBe(true);
  });
});
