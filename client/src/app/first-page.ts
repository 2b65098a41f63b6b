/**
 * The screens a page needs, by path and role, for a returning visit's head start: the built
 * `index.html` fetches their chunks (and stylesheets) with the shell's, before any script has run
 * (`preload-shell.ts` turns this table into a few bytes of inline script). Without it a page's
 * chunks are discovered only once the main chunk has downloaded and run, a round trip later.
 *
 * Only a head start: a page missing here loads when its route renders, as every page does on
 * navigation. Module paths are relative to `client/src`, as the bundler names them.
 */
export interface FirstPage {
  /** Tested against `location.pathname`. */
  path: RegExp;
  trainer: readonly string[];
  /** The employer console's screens, where they differ from the trainer's. */
  employer?: readonly string[];
}

const job = 'features/manage-job/ManageJobLayout.tsx';

export const firstPages: readonly FirstPage[] = [
  { path: /^\/$/, trainer: ['features/dashboard/DashboardHome.tsx'], employer: ['features/employer/EmployerHome.tsx'] },
  {
    path: /^\/jobs\/[^/]+(\/messages)?\/?$/,
    trainer: [job, 'features/manage-job/ContractMessagesTab.tsx'],
    employer: [job, 'features/employer/EmployerMessagesTab.tsx'],
  },
  { path: /^\/jobs\/[^/]+\/contract\/?$/, trainer: [job, 'features/manage-job/ContractTab.tsx'], employer: [job, 'features/employer/EmployerContractTab.tsx'] },
  {
    path: /^\/jobs\/[^/]+\/instructions\/?$/,
    trainer: [job, 'features/manage-job/InstructionsTab.tsx'],
    employer: [job, 'features/employer/EmployerInstructionsTab.tsx'],
  },
  { path: /^\/jobs\/?$/, trainer: ['features/jobs/MyJobsPage.tsx'] },
  { path: /^\/calendar\/?$/, trainer: ['features/calendar/CalendarPage.tsx'] },
  { path: /^\/reports\/?$/, trainer: ['features/reports/ReportsPage.tsx'] },
  { path: /^\/messages(\/|$)/, trainer: ['features/messages/MessagesPage.tsx'] },
  { path: /^\/proposals\/?$/, trainer: ['features/proposals/ProposalsPage.tsx'], employer: ['features/employer/ReceivedProposalsPage.tsx'] },
  { path: /^\/find-work\/?$/, trainer: ['features/job-board/JobBoardPage.tsx'] },
];

/** The screens to fetch ahead for a path and role (none for a page not in the table). */
export const firstPageModules = (pathname: string, role: string): readonly string[] => {
  const page = firstPages.find((candidate) => candidate.path.test(pathname));
  if (!page) return [];
  return role === 'EMPLOYER' ? (page.employer ?? page.trainer) : page.trainer;
};
