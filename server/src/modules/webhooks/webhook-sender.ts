import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, isPrivateAddress, type AddressPolicy } from './webhook-address.js';

/** What the receiver's answer may be read up to; the rest is dropped (we keep only its start, for the log). */
export const maxResponseBytes = 64 * 1024;

export interface SendResult {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  /** Why it failed; null on success. */
  error: string | null;
  /** The attempt was cut short by shutdown: it says nothing about the endpoint. */
  aborted: boolean;
}

export interface SendOptions extends AddressPolicy {
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * One POST, as a webhook attempt: a 2xx is success; anything else (a redirect too: they are never
 * followed), a timeout over the whole exchange, or no connection is a failure. The address is
 * checked at connection time (a literal here, a name in the DNS lookup).
 */
export function sendWebhook(target: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(target);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !options.allowPrivateAddresses && isPrivateAddress(host)) {
    return Promise.resolve({ ok: false, status: null, latencyMs: 0, error: 'refused: a private address', aborted: false });
  }
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: Omit<SendResult, 'latencyMs' | 'aborted'> & { aborted?: boolean }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      resolve({ aborted: false, ...result, latencyMs: elapsed() });
    };
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Workroom-Webhooks/1' },
      lookup: guardedLookup(options),
      agent: false,
    });
    timer = setTimeout(() => {
      finish({ ok: false, status: null, error: `timed out after ${options.timeoutMs} ms` });
      request.destroy();
    }, options.timeoutMs);
    const onAbort = () => {
      finish({ ok: false, status: null, error: 'aborted', aborted: true });
      request.destroy();
    };
    if (options.signal.aborted) return onAbort();
    options.signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, status: null, error: error.code ? `${error.code}: ${error.message}` : error.message }),
    );
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > maxResponseBytes) response.destroy(); // bounded: the answer's body is not ours to store
      });
      const done = () => {
        const ok = status >= 200 && status < 300;
        finish({ ok, status, error: ok ? null : status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}` });
      };
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
    request.end(body);
  });
}
