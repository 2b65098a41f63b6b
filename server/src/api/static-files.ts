import { existsSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

/**
 * The dashboard's built files, sent as the build compressed them: Vite writes `x.js.br` and
 * `x.js.gz` beside `x.js` (client/vite.config.ts), and a browser that accepts Brotli or gzip gets
 * that copy with `Content-Encoding`, so serving costs no CPU per request. Every answer that could
 * have been encoded says `Vary: Accept-Encoding`, so a shared cache keeps one copy per encoding.
 */

/** The encodings the build writes, best first, with the suffix of their files. */
const encodings = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** Which precompressed copies exist, per file: asked once, as built files never change under a running server. */
const copies = new Map<string, Set<string>>();

function encodingsOf(file: string): Set<string> {
  let found = copies.get(file);
  if (!found) {
    found = new Set(encodings.filter(({ suffix }) => existsSync(file + suffix)).map(({ name }) => name));
    // Only remember files that exist: a build that lands after start is then still seen.
    if (existsSync(file)) copies.set(file, found);
  }
  return found;
}

/** `relative` (a URL path, still percent-encoded) under `root`, or undefined if it climbs out of it. */
export function inside(root: string, relative: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = normalize(join(root, decoded));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

interface SendOptions {
  /** `Cache-Control` for the answer. */
  cacheControl: string;
}

/**
 * Sends `file` (which must exist), or its Brotli or gzip copy if the request accepts it, with the
 * original's content type, `Vary: Accept-Encoding` and the given caching.
 */
export function sendBuilt(req: Request, res: Response, file: string, options: SendOptions, onError: (error: Error) => void): void {
  const available = encodingsOf(file);
  res.vary('Accept-Encoding');
  res.setHeader('cache-control', options.cacheControl);
  // The best encoding there is a copy of that the request accepts (Brotli first: browsers list
  // gzip first but accept both alike). No Accept-Encoding header: the file as it is (RFC 9110
  // would allow any coding, but plain tools like curl without --compressed cannot read it).
  const chosen = req.headers['accept-encoding'] ? encodings.find(({ name }) => available.has(name) && req.acceptsEncodings(name) === name) : undefined;
  // The content type of the original, not of `.br`/`.gz`; `send` keeps a type already set.
  res.type(extname(file) || 'application/octet-stream');
  if (chosen) res.setHeader('content-encoding', chosen.name);
  res.sendFile(chosen ? file + chosen.suffix : file, { cacheControl: false, dotfiles: 'deny' }, (error) => {
    if (error && !res.headersSent) onError(error);
  });
}

/**
 * `/assets/*`: hashed file names, so a year and `immutable` (a new build has new names). A name
 * that is not there is a 404, never index.html.
 */
export function builtAssets(assetsDir: string): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const file = inside(assetsDir, req.path);
    if (!file || file.endsWith('.br') || file.endsWith('.gz') || !existsSync(file)) {
      res.status(404).type('text/plain').send('No such asset (the dashboard may have been rebuilt: reload the page).');
      return;
    }
    sendBuilt(req, res, file, { cacheControl: 'public, max-age=31536000, immutable' }, next);
  };
}

/** The dashboard's HTML (never cached without asking: it names the current build's assets). */
export const htmlCaching: SendOptions = { cacheControl: 'no-cache' };

/**
 * GraphQL answers are compressed on the fly above `threshold` bytes (a small answer gains less
 * than the header costs). Brotli at quality 4 and gzip at level 6 take a few milliseconds for the
 * dashboard's largest answer; `compression` flushes per write, so incremental delivery still
 * streams. WebSocket upgrades never pass through Express, so graphql-ws is not affected.
 */
export function compressAnswers(threshold = 1024): RequestHandler {
  return compression({
    threshold,
    level: 6,
    // Only JSON answers (and the multipart of incremental delivery): the IDE's HTML has its own copies.
    filter: (req, res) => {
      const type = String(res.getHeader('content-type') ?? '');
      return (
        (type.startsWith('application/json') || type.startsWith('application/graphql-response+json') || type.startsWith('multipart/mixed')) &&
        compression.filter(req, res)
      );
    },
  });
}
