import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Webhook signing secrets at rest: AES-256-GCM under a key derived (HKDF-SHA256, its own salt)
 * from the server's at-rest secret, PAYOUT_METHODS_KEY, with the endpoint's organization as
 * associated data, so a sealed secret copied onto another organization's endpoint does not open.
 * Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url). The clear secret leaves the server once, in
 * the answer of the mutation that made it; the worker opens it to sign.
 */
export class WebhookSecretVault {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'workroom-webhook-secrets', 'encrypt v1', 32));
  }

  seal(plain: string, organizationId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`webhook-endpoint:${organizationId}`));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  open(sealed: string, organizationId: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('Not a sealed webhook secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`webhook-endpoint:${organizationId}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}

const vaults = new Map<string, WebhookSecretVault>();

/** One vault per key (the derivation runs once). */
export function webhookSecretVault(secret: string): WebhookSecretVault {
  let vault = vaults.get(secret);
  if (!vault) vaults.set(secret, (vault = new WebhookSecretVault(secret)));
  return vault;
}
