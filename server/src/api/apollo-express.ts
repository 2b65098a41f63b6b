import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';

/**
 * Apollo Server behind Express: what `@as-integrations/express5`'s `expressMiddleware` does, less
 * two costs every request paid for nothing. It parsed the URL with the legacy `url.parse` to find
 * the query string; and it answered through `res.send`, which hashes the whole answer for an
 * `ETag` (copying it into a Buffer first). A validator only serves a cache that can send it back
 * in `If-None-Match`, which means GET: a POST answer goes out as it is, with its length. GET
 * answers keep `res.send`, its `ETag` and its 304 for a client that has the answer already.
 */
export function apolloHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: (args: { req: Request; res: Response }) => Promise<TContext>,
): RequestHandler {
  server.assertStarted('apolloHandler()');
  return async (req, res) => {
    if (!('body' in req)) {
      res.status(500).send('`req.body` is not set; this probably means you forgot to set up the `json` middleware before the Apollo Server middleware.');
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: searchOf(req.url), body: req.body },
      context: () => context({ req, res }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status || 200;
    if (response.body.kind === 'complete') {
      const body = response.body.string;
      // An answer without a type (no GraphQL result) as Express sends it.
      if (!res.hasHeader('content-type')) {
        res.send(body);
        return;
      }
      // GET as Express sends it (ETag, 304).
      if (req.method !== 'POST') {
        res.send(encodeAnswer(body));
        return;
      }
      const bytes = encodeAnswer(body);
      res.setHeader('content-length', bytes.length);
      res.end(bytes);
      return;
    }
    for await (const chunk of response.body.asyncIterator) {
      res.write(chunk);
      // `compression` adds flush(): each part of an incremental answer leaves at once.
      (res as Response & { flush?: () => void }).flush?.();
    }
    res.end();
  };
}

/**
 * The URL's query string with its `?` (empty without one): the parameters `url.parse(url).search`
 * gives (which also escapes a few characters that `URLSearchParams` decodes alike).
 */
export function searchOf(url: string): string {
  const hash = url.indexOf('#');
  const path = hash < 0 ? url : url.slice(0, hash);
  const start = path.indexOf('?');
  return start < 0 ? '' : path.slice(start);
}

/**
 * An answer's bytes, ending with a newline as Apollo's own answers do: a result's text comes from
 * the server's `stringifyResult` without one (a flat string, cheap to measure and encode), while
 * Apollo's other answers (a request it refuses) bring theirs.
 */
export function encodeAnswer(body: string): Buffer {
  const newline = body.endsWith('\n') ? 0 : 1;
  const length = Buffer.byteLength(body);
  const bytes = Buffer.allocUnsafe(length + newline);
  bytes.write(body, 0, length, 'utf8');
  if (newline) bytes[length] = 0x0a;
  return bytes;
}
