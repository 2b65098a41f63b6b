import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request's id: the caller's `X-Request-Id` when it is a sane one, else a new UUID. */
    id: string;
    /** A logger whose lines carry the request's id (`reqId`). */
    log: Logger;
  }
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,100}$/;

const baseLogger = Symbol('baseLogger');
const requestLogger = Symbol('requestLogger');
type LoggedRequest = IncomingMessage & { [baseLogger]?: Logger; [requestLogger]?: Logger };

// `req.log` is made when something logs: a pino child logger per request (its bindings serialized
// as it is made) is a measurable share of a small query, and most requests never log a line.
// Defined once on the prototype; each request only points at its server's logger.
Object.defineProperty(IncomingMessage.prototype, 'log', {
  configurable: true,
  get(this: LoggedRequest): Logger {
    const base = this[baseLogger];
    if (!base) throw new Error('req.log is set by the requestLog middleware (api/request-log.ts), which has not run for this request');
    return (this[requestLogger] ??= base.child({ reqId: this.id }));
  },
  set(this: LoggedRequest, logger: Logger) {
    this[requestLogger] = logger;
  },
});

interface RequestLogOptions {
  /** Requests that get no access-log line (health probes). */
  quiet: (path: string) => boolean;
  /** The URL as it may be logged (capability URLs carry their secret). */
  loggedUrl: (url: string) => string;
}

/**
 * Gives each request its id (echoed in `X-Request-Id`) and a logger bound to it, and writes one
 * access-log line at `info` when the response is done, or is abandoned. This replaces pino-http,
 * which serialized and redacted every request's headers into two child loggers as each request
 * began, whether or not anything was ever logged: a measurable share of a small query's cost.
 * The line holds the method, the URL (secrets redacted), the status and the time taken; never the
 * headers, where the bearer token travels.
 */
export function requestLog(log: Logger, options: RequestLogOptions): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', id);
    req.id = id;
    (req as LoggedRequest)[baseLogger] = log;
    if (log.isLevelEnabled('info') && !options.quiet(req.path)) {
      const started = performance.now();
      const done = () => {
        res.off('finish', done);
        res.off('close', done);
        const line = {
          req: { method: req.method, url: options.loggedUrl(req.originalUrl), remoteAddress: req.socket.remoteAddress },
          res: { statusCode: res.statusCode },
          responseTime: Math.round(performance.now() - started),
        };
        if (!res.writableFinished) req.log.info(line, 'request aborted');
        else if (res.statusCode >= 500) req.log.info(line, 'request errored');
        else req.log.info(line, 'request completed');
      };
      res.on('finish', done);
      res.on('close', done);
    }
    next();
  };
}
