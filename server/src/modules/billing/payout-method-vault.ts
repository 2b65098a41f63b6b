import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Payout account numbers and e-mails at rest: AES-256-GCM with a key derived (HKDF-SHA256) from
 * PAYOUT_METHODS_KEY, a fresh 96-bit IV each time, and the owner's id as associated data, so a
 * ciphertext copied onto another trainer's row does not decrypt. Stored as
 * `v1.<iv>.<tag>.<ciphertext>` (base64url). A keyed HMAC of the same secret (another derived key)
 * finds a trainer's duplicate without decrypting anything. Neither the clear text nor these ever
 * leave the server: the graph shows the masked form only, and nothing here logs.
 */
export class PayoutMethodVault {
  private readonly encryptionKey: Buffer;
  private readonly fingerprintKey: Buffer;

  constructor(secret: string) {
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, 'workroom-payout-methods', info, 32));
    this.encryptionKey = derive('encrypt v1');
    this.fingerprintKey = derive('fingerprint v1');
  }

  seal(plain: string, ownerId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    cipher.setAAD(Buffer.from(`payout-method:${ownerId}`));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** The clear text, for the payment processor; throws when the key or the owner is not the one it was sealed with. */
  open(sealed: string, ownerId: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('Not a sealed payout secret');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`payout-method:${ownerId}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The same for the same owner, kind and account; reveals nothing without the key. */
  fingerprint(kind: string, normalized: string, ownerId: string): string {
    return createHmac('sha256', this.fingerprintKey).update(`${ownerId}\n${kind}\n${normalized}`).digest('base64url');
  }
}

const vaults = new Map<string, PayoutMethodVault>();

/** One vault per secret (key derivation runs once). */
export function payoutMethodVault(secret: string): PayoutMethodVault {
  let vault = vaults.get(secret);
  if (!vault) vaults.set(secret, (vault = new PayoutMethodVault(secret)));
  return vault;
}

/** `•••• 6789`: the last four characters only. */
export const maskAccountNumber = (normalized: string) => `•••• ${normalized.slice(-4)}`;

/** `j•••@example.com`: the first character of the local part and the domain. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, 1)}•••${email.slice(at)}`;
}
