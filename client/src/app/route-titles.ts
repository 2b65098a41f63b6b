import { employerNavigation, trainerNavigation } from './navigation';

/** Screens with no entry in the navigation, by their path's first segment (or the whole path). */
const otherTitles: Record<string, string> = {
  '/sign-in': 'Sign in',
  '/job': 'Job',
  '/messages': 'Messages',
};

/** A job's sections (`/jobs/:contractId/<section>`). */
const jobSections: Record<string, string> = {
  messages: 'Messages',
  contract: 'Contract',
  instructions: 'Instructions',
  posting: 'Job posting',
  access: 'Access',
};

const app = 'Workroom';

/**
 * `document.title` for a path: what the page is, then the app, so tabs, history entries and a
 * screen reader's announcement tell pages apart. Navigation items give their own label, so a new
 * entry in navigation.ts titles its page with no change here.
 */
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- names the roles for the reader; any string is accepted
export function routeTitle(pathname: string, role?: 'TRAINER' | 'EMPLOYER' | string): string {
  const path = pathname.replace(/\/+$/, '') || '/';
  const job = /^\/jobs\/[^/]+(?:\/([^/]+))?$/.exec(path);
  if (job) return `${jobSections[job[1] ?? 'messages'] ?? 'Job'} · Job – ${app}`;
  if (path === '/') return `${role === 'EMPLOYER' ? 'Console' : 'Dashboard'} – ${app}`;
  const items = role === 'EMPLOYER' ? employerNavigation : trainerNavigation;
  const match = [...items, ...(role === 'EMPLOYER' ? trainerNavigation : employerNavigation)]
    .filter((item) => item.to !== '/' && (path === item.to || path.startsWith(`${item.to}/`)))
    .sort((a, b) => b.to.length - a.to.length)[0];
  if (match) return `${match.label} – ${app}`;
  const first = `/${path.split('/')[1] ?? ''}`;
  const other = otherTitles[path] ?? otherTitles[first];
  return other ? `${other} – ${app}` : `Page not found – ${app}`;
}
