import type { DataSource } from 'typeorm';
import { unusablePasswordHash, verifyPassword } from '../../auth/passwords.js';
import { organizationMembersScope } from './accounts.policy.js';
import type { IssuedToken, TokenService } from '../../auth/tokens.js';
import { viewerOf, type Viewer } from '../../auth/viewer.js';
import type { SignedInContext } from '../../api/context.js';
import { unauthenticated } from '../../errors/domain-error.js';
import type { RateLimits } from '../../api/rate-limits.js';
import type { Connection, ConnectionArgs } from '../../graphql/pagination.js';
import { User } from './user.entity.js';

export interface SignInResult extends IssuedToken {
  viewer: Viewer;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * Exchanges credentials for a token. Failed attempts on one address slow down whatever IP they
 * come from (the rate limits' sign-in backoff), for unknown addresses exactly as for accounts.
 */
export async function signIn(
  dataSource: DataSource,
  tokens: TokenService,
  rateLimits: Pick<RateLimits, 'signInAttempt'>,
  credentials: { email: string; password: string },
): Promise<SignInResult> {
  const email = normalizeEmail(credentials.email);
  const user = await rateLimits.signInAttempt(email, async () => {
    const found = await dataSource.getRepository(User).findOneBy({ email });
    // Verify against a dummy hash for unknown emails too, so response time does not reveal accounts.
    const valid = await verifyPassword(credentials.password, found?.passwordHash ?? unusablePasswordHash);
    return found && valid ? found : null;
  });
  if (!user) {
    throw unauthenticated('That email and password do not match an account.');
  }
  return { ...(await tokens.issue(user.id)), viewer: viewerOf(user) };
}

/**
 * An organization's members by name, for every organization of the request in one statement.
 * Scoped like every list: a viewer outside the organization gets an empty page.
 */
export function membersOfOrganization(context: SignedInContext, organizationId: string, args: ConnectionArgs): Promise<Connection<User>> {
  return context.loaders
    .connection(User, 'organization.members', args, (organizationIds) => {
      const query = context.loaders.manager
        .getRepository(User)
        .createQueryBuilder('u')
        .where('u.organization_id IN (:...organizationIds)', { organizationIds });
      organizationMembersScope(query, context.viewer);
      return { query, partitionBy: 'u.organization_id', sort: [{ expression: 'lower(u.name)', direction: 'ASC' }] };
    })
    .load(organizationId);
}
