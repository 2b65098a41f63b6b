import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/config.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * What a browser on a slow line gets: the dashboard's files as the build compressed them, GraphQL
 * answers compressed above 1 KiB, with the headers caches need. Raw HTTP (node:http), because
 * `fetch` decodes bodies and adds its own Accept-Encoding. Needs the built client (`npm run build`,
 * which `npm test` runs first).
 */
let server: TestServer;
let token: string;
/** Outside Latin-1, so that answers are two-byte strings in V8 and their UTF-8 is longer than their text. */
const trainerName = 'Zoë Ōkawa — “Compressed” 🚀';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function raw(path: string, options: { headers?: Record<string, string>; method?: string; body?: string } = {}): Promise<RawAnswer> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const decode = (answer: RawAnswer): string => {
  const encoding = answer.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(answer.body).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(answer.body).toString('utf8');
  return answer.body.toString('utf8');
};

const dist = join(repoRoot, 'client', 'dist');
/** The entry script index.html loads (hashed name). */
const entryScript = () => /src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(join(dist, 'index.html'), 'utf8'))![1]!;

beforeAll(async () => {
  server = await startTestServer();
  await new Factory(server.workroom.dataSource).trainer({ email: 'compressed@test.example', name: trainerName });
  token = await server.signIn('compressed@test.example');
});

afterAll(async () => {
  await server?.stop();
});

describe('the dashboard files', () => {
  it('go out as the build compressed them, Brotli first, with Vary and a year of immutable caching', async () => {
    const path = entryScript();
    const original = readFileSync(join(dist, path));
    const br = await raw(path, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.body.length).toBeLessThan(original.length / 2);
    expect(decode(br)).toBe(original.toString('utf8'));

    const gzip = await raw(path, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.vary).toMatch(/Accept-Encoding/i);
    expect(decode(gzip)).toBe(original.toString('utf8'));

    // Different bytes, so different validators: a cache never answers one encoding with the other.
    expect(gzip.headers.etag).not.toBe(br.headers.etag);
  });

  it('go out as they are to a client that accepts no encoding', async () => {
    const path = entryScript();
    const plain = await raw(path);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    expect(plain.body.equals(readFileSync(join(dist, path)))).toBe(true);
    const identity = await raw(path, { headers: { 'accept-encoding': 'identity' } });
    expect(identity.headers['content-encoding']).toBeUndefined();
  });

  it('answers a missing asset with 404, not the page, and never serves the .br copy by name', async () => {
    expect((await raw('/assets/missing-123.js', { headers: { accept: 'text/html' } })).status).toBe(404);
    expect((await raw(`${entryScript()}.br`)).status).toBe(404);
    expect((await raw('/assets/..%2f..%2fpackage.json')).status).toBe(404);
  });

  it('serves index.html compressed, never cached without revalidation, on / and on deep links', async () => {
    for (const path of ['/', '/jobs/abc/messages']) {
      const page = await raw(path, { headers: { accept: 'text/html', 'accept-encoding': 'br' } });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers.vary).toMatch(/Accept-Encoding/i);
      expect(decode(page)).toContain('<div id="root">');
    }
  });

  it('has precompressed copies of every script and stylesheet the build wrote', () => {
    const files = readdirSync(join(dist, 'assets'));
    const texts = files.filter((name) => /\.(js|css)$/.test(name) && readFileSync(join(dist, 'assets', name)).length > 1024);
    expect(texts.length).toBeGreaterThan(5);
    for (const name of texts) {
      expect(files, name).toContain(`${name}.br`);
      expect(files, name).toContain(`${name}.gz`);
    }
  });
});

describe('GraphQL answers', () => {
  // A large answer without data to set up: the schema's type names (tens of KiB).
  const large = JSON.stringify({ query: '{ __schema { types { name description } } }' });

  it('are compressed above 1 KiB, as the request accepts, with Vary', async () => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const br = await raw('/graphql', { method: 'POST', body: large, headers: { ...headers, 'accept-encoding': 'br, gzip' } });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    const answer = JSON.parse(decode(br)) as { data: { __schema: { types: unknown[] } } };
    expect(answer.data.__schema.types.length).toBeGreaterThan(50);
    expect(br.body.length).toBeLessThan(Buffer.byteLength(decode(br)) / 3);

    const gzip = await raw('/graphql', { method: 'POST', body: large, headers: { ...headers, 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decode(gzip))).toEqual(answer);

    const plain = await raw('/graphql', { method: 'POST', body: large, headers });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString('utf8'))).toEqual(answer);
    expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
    expect(plain.body.toString('utf8')).toMatch(/\}\n$/);
  });

  it('are not compressed when small', async () => {
    const small = await raw('/graphql', {
      method: 'POST',
      body: JSON.stringify({ query: '{ viewer { id } }' }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'accept-encoding': 'br, gzip' },
    });
    expect(small.status).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString('utf8'))).toMatchObject({ data: { viewer: { id: expect.any(String) } } });
  });

  it('carry their length and no validator over POST; over GET an ETag, and 304 for a client that has the answer', async () => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const post = await raw('/graphql', { method: 'POST', body: JSON.stringify({ query: '{ viewer { id name } }' }), headers });
    expect(post.status).toBe(200);
    // Nothing could send a POST's validator back: it is not worth hashing the answer for.
    expect(post.headers.etag).toBeUndefined();
    expect(Number(post.headers['content-length'])).toBe(post.body.length);
    expect(post.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(post.body.toString('utf8'))).toMatchObject({ data: { viewer: { id: expect.any(String), name: trainerName } } });
    // As Apollo Server writes answers: the JSON text and one newline, which curl users rely on.
    expect(post.body.toString('utf8')).toMatch(/^\{"data":\{"viewer":\{[^\n]*\}\}\}\n$/);

    const path = `/graphql?query=${encodeURIComponent('{ viewer { id name } }')}`;
    const getHeaders = { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' };
    const get = await raw(path, { headers: getHeaders });
    expect(get.status).toBe(200);
    expect(get.body.toString('utf8')).toBe(post.body.toString('utf8'));
    expect(Number(get.headers['content-length'])).toBe(get.body.length);
    expect(get.headers.etag).toEqual(expect.any(String));
    const again = await raw(path, { headers: { ...getHeaders, 'if-none-match': String(get.headers.etag) } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('leave errors, /readyz and /healthz readable', async () => {
    const bad = await raw('/graphql', { method: 'POST', body: '{', headers: { 'content-type': 'application/json', 'accept-encoding': 'br' } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(decode(bad))).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    const ready = await raw('/readyz', { headers: { 'accept-encoding': 'br' } });
    expect(ready.status).toBe(200);
    expect(ready.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(ready.body.toString('utf8'))).toMatchObject({ status: 'ready', database: 'up' });
    const health = await raw('/healthz', { headers: { 'accept-encoding': 'br' } });
    expect(JSON.parse(health.body.toString('utf8'))).toEqual({ status: 'ok' });
  });
});
