import { defineReadRule, defineReadScope, everyone, type PolicyQuery } from '../../policy/policy.js';
import { isEmployer, type Viewer } from '../../auth/viewer.js';
import { Organization } from './organization.entity.js';
import { User } from './user.entity.js';

// Organizations and user profiles (not e-mail addresses) are public to anyone signed in.
defineReadRule(Organization, () => true);
defineReadRule(User, () => true);
defineReadScope(Organization, everyone);
defineReadScope(User, everyone);

/** Users by organization: an employer sees their colleagues; to anyone else no one is listed. */
export function organizationMembersScope(query: PolicyQuery, viewer: Viewer, alias = query.alias): PolicyQuery {
  return isEmployer(viewer)
    ? query.andWhere(`${alias}.organization_id = :scopeOrganizationId`, { scopeOrganizationId: viewer.organizationId })
    : query.andWhere('FALSE');
}
