/** What a signed-in person is on the marketplace; every authorization decision starts from it. */
export enum UserRole {
  TRAINER = 'TRAINER',
  EMPLOYER = 'EMPLOYER',
}

/**
 * The signed-in person's account as the kernel needs it. The accounts area widens it to its User
 * entity (declaration merging in `modules/accounts/user.entity.ts`), so areas read the whole
 * profile from `viewer.user` while nothing below `modules/` imports that area.
 */
export interface ViewerAccount {
  id: string;
  role: UserRole;
  organizationId: string | null;
}

/** The signed-in person, as every authorization decision sees them. */
export interface Viewer {
  readonly user: ViewerAccount;
  readonly id: string;
  readonly role: UserRole;
  /** Set for employers: the organization whose jobs and contracts they manage. */
  readonly organizationId: string | null;
}

export function viewerOf(user: ViewerAccount): Viewer {
  return { user, id: user.id, role: user.role, organizationId: user.role === UserRole.EMPLOYER ? user.organizationId : null };
}

export const isEmployer = (viewer: Viewer): viewer is Viewer & { organizationId: string } =>
  viewer.role === UserRole.EMPLOYER && viewer.organizationId !== null;
