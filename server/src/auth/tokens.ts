import { errors, jwtVerify, SignJWT } from 'jose';

const issuer = 'workroom';
const audience = 'workroom-api';
const maxVerifiedTokens = 10_000;

export interface TokenClaims {
  userId: string;
  /** When the token stops being accepted: a socket signed in with it is closed then. */
  expiresAt: Date;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'expired' | 'invalid' };

/** Signs and verifies the bearer tokens that `signIn` returns (HS256 JWTs via jose). */
export class TokenService {
  private readonly key: Uint8Array;
  /**
   * Sign-in tokens already verified, by their exact text: a signature checked once stays valid,
   * so the same token only needs its expiry compared again. Least recently used dropped first.
   */
  private readonly verified = new Map<string, TokenClaims>();

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(userId: string, now = new Date()): Promise<IssuedToken> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + this.ttlSeconds;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  /**
   * A short-lived token for one thing, such as downloading one invoice from a link (a browser
   * cannot add a bearer header to a link). Its audience names the purpose, so it opens nothing
   * else and is never accepted as a sign-in.
   */
  async issueScoped(userId: string, purpose: string, ttlSeconds: number, now = new Date()): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(issuer)
      .setAudience(`${audience}:${purpose}`)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ttlSeconds)
      .sign(this.key);
  }

  async verifyScoped(token: string, purpose: string): Promise<TokenCheck> {
    return this.check(token, `${audience}:${purpose}`);
  }

  async verify(token: string): Promise<TokenCheck> {
    const known = this.verified.get(token);
    if (known) {
      // jose's rule: expired once now (in whole seconds) reaches `exp`.
      if (known.expiresAt.getTime() <= Date.now()) {
        this.verified.delete(token);
        return { ok: false, reason: 'expired' };
      }
      this.verified.delete(token);
      this.verified.set(token, known);
      return { ok: true, claims: known };
    }
    const check = await this.check(token, audience);
    if (check.ok) {
      if (this.verified.size >= maxVerifiedTokens) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, check.claims);
    }
    return check;
  }

  private async check(token: string, expectedAudience: string): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer, audience: expectedAudience, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return { ok: false, reason: 'invalid' };
      return { ok: true, claims: { userId: payload.sub, expiresAt: new Date(payload.exp * 1000) } };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
      return { ok: false, reason: 'invalid' };
    }
  }
}

/** The token of an `Authorization: Bearer …` header (or graphql-ws connection param). */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
