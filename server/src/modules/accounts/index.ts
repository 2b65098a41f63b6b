import type { Area } from '../../api/area.js';
import './accounts.policy.js';
import './accounts.read-plan.js';
import { AccountsResolver, OrganizationResolver, UserResolver, ViewerIdentityResolver } from './accounts.resolver.js';
import { Organization } from './organization.entity.js';
import { User } from './user.entity.js';

/** Users, organizations, sign-in and the viewer's identity. */
export const accountsArea: Area = {
  name: 'accounts',
  entities: [Organization, User],
  resolvers: [AccountsResolver, ViewerIdentityResolver, UserResolver, OrganizationResolver],
};
