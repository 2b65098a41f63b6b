import { UserRole, type User } from '../modules/accounts/user.entity.js';

/** The signed-in person, as every authorization decision sees them. */
export interface Viewer {
  readonly user: User;
  readonly id: string;
  readonly role: UserRole;
  /** Set for employers: the organization whose jobs and contracts they manage. */
  readonly organizationId: string | null;
}

export function viewerOf(user: User): Viewer {
  return { user, id: user.id, role: user.role, organizationId: user.role === UserRole.EMPLOYER ? user.organizationId : null };
}

export const isEmployer = (viewer: Viewer): viewer is Viewer & { organizationId: string } =>
  viewer.role === UserRole.EMPLOYER && viewer.organizationId !== null;
