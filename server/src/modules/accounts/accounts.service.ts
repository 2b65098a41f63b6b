import type { DataSource } from 'typeorm';
import { unusablePasswordHash, verifyPassword } from '../../auth/passwords.js';
import type { IssuedToken, TokenService } from '../../auth/tokens.js';
import { viewerOf, type Viewer } from '../../auth/viewer.js';
import { AppError, ErrorCode } from '../../graphql/errors.js';
import { User } from './user.entity.js';

export interface SignInResult extends IssuedToken {
  viewer: Viewer;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function signIn(
  dataSource: DataSource,
  tokens: TokenService,
  credentials: { email: string; password: string },
): Promise<SignInResult> {
  const user = await dataSource.getRepository(User).findOneBy({ email: normalizeEmail(credentials.email) });
  // Verify against a dummy hash for unknown emails too, so response time does not reveal accounts.
  const valid = await verifyPassword(credentials.password, user?.passwordHash ?? unusablePasswordHash);
  if (!user || !valid) {
    throw new AppError(ErrorCode.Unauthenticated, 'That email and password do not match an account.');
  }
  return { ...(await tokens.issue(user.id)), viewer: viewerOf(user) };
}
