import type { UserRole } from '../gql/graphql';

export interface NavItem {
  to: string;
  label: string;
  /** Active only on exactly this path. */
  end?: boolean;
}

/** The trainer dashboard's tabs (each a deep link). */
export const trainerNavigation: NavItem[] = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/jobs', label: 'My Jobs' },
  { to: '/finished', label: 'Finished' },
  { to: '/find-work', label: 'Find work' },
  { to: '/proposals', label: 'Proposals' },
  { to: '/messages', label: 'Messages' },
  { to: '/calendar', label: 'Calendar' },
  { to: '/reports', label: 'Reports' },
  { to: '/settings/payouts', label: 'Settings' },
];

/** Employers get the console home, their contracts (milestones, instructions), their organization's Reports plus the role-neutral screens. */
export const employerNavigation: NavItem[] = [
  { to: '/', label: 'Console', end: true },
  { to: '/jobs', label: 'Contracts' },
  { to: '/proposals', label: 'Proposals' },
  { to: '/messages', label: 'Messages' },
  { to: '/calendar', label: 'Calendar' },
  { to: '/reports', label: 'Reports' },
  { to: '/settings/webhooks', label: 'Webhooks' },
];

export const navigationFor = (role: UserRole): NavItem[] => (role === 'EMPLOYER' ? employerNavigation : trainerNavigation);
