import { createHmac, randomBytes } from 'node:crypto';

/**
 * Signing as the Standard Webhooks specification has it (https://www.standardwebhooks.com): the
 * secret is `whsec_` and base64 of 32 random bytes; the signature is HMAC-SHA256, keyed with the
 * decoded secret, over `<webhook-id>.<webhook-timestamp>.<body>`, sent as `v1,<base64>`, several
 * separated by spaces (during a rotation's overlap, one per live secret). Receivers verify it
 * with any Standard Webhooks library (`standardwebhooks` on npm, …).
 */
export const secretPrefix = 'whsec_';

export function newWebhookSecret(): string {
  return `${secretPrefix}${randomBytes(32).toString('base64')}`;
}

export function signatureOf(secret: string, messageId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${messageId}.${timestamp}.${body}`).digest('base64')}`;
}

/** The `webhook-signature` header: one signature per secret, the current first. */
export function signatureHeader(secrets: readonly string[], messageId: string, timestamp: number, body: string): string {
  return secrets.map((secret) => signatureOf(secret, messageId, timestamp, body)).join(' ');
}

/** How the console names a secret without showing it: its last four characters. */
export function secretHint(secret: string): string {
  return `${secretPrefix}…${secret.slice(-4)}`;
}
