import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request a receiver accepted (its signature verified). */
export interface Received {
  path: string;
  eventId: string;
  deliveryId: string;
  type: string;
  position: number;
  cursor: string;
  organizationId: string;
  payload: Record<string, unknown>;
  signatures: string;
}

/**
 * A real webhook receiver on 127.0.0.1, as an employer's tool would run one: it verifies each
 * request with the Standard Webhooks library (`standardwebhooks`) against the secret of the
 * endpoint its path names, and answers 400 to a bad signature, 503 while `failing`.
 */
export class Receiver {
  readonly received: Received[] = [];
  readonly rejected: string[] = [];
  /** Paths answering 503 (the receiver is failing for a while), or '*' for all. */
  readonly failing = new Set<string>();
  readonly secrets = new Map<string, string[]>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(
        (status) => response.writeHead(status).end(status === 204 ? undefined : 'no'),
        () => response.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  at(path: string): Received[] {
    return this.received.filter((entry) => entry.path === path);
  }

  private async handle(request: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = request.url ?? '/';
    if (this.failing.has(path) || this.failing.has('*')) return 503;
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
    const secrets = this.secrets.get(path) ?? [];
    // Verified with any of the endpoint's secrets the receiver knows (a rotation's old or new one).
    const verified = secrets.some((secret) => {
      try {
        new Webhook(secret).verify(body, headers);
        return true;
      } catch {
        return false;
      }
    });
    if (!verified) {
      this.rejected.push(path);
      return 400;
    }
    const payload = JSON.parse(body) as Record<string, unknown>;
    this.received.push({
      path,
      eventId: headers['webhook-id']!,
      deliveryId: headers['webhook-delivery-id']!,
      type: payload.type as string,
      position: payload.position as number,
      cursor: payload.cursor as string,
      organizationId: payload.organizationId as string,
      payload,
      signatures: headers['webhook-signature']!,
    });
    return 204;
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
