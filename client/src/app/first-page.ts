import { ACTIVE_CONTRACTS_PAGE, CONTRACT_CHANNELS_PAGE, CONVERSATIONS_PAGE, THREAD_PAGE } from './page-sizes';

/**
 * The screens a page needs, and the queries it sends first, by path and role, for a returning
 * visit's head start: the built `index.html` fetches the screens' chunks (and stylesheets) with
 * the shell's, and sends the queries, before any script has run (`preload-shell.ts` turns this
 * table into a few bytes of inline script; `first-answers.ts` hands the answers to Apollo Client
 * when the page asks). Without it a page's chunks are discovered only once the main chunk has
 * downloaded and run, a round trip later, and its queries leave only once all of them have run.
 *
 * Only a head start: a page missing here loads when its route renders, as every page does on
 * navigation, and a query missing here (or whose variables differ from what the screen sends) is
 * sent by the screen itself. Module paths are relative to `client/src`, as the bundler names them.
 */
export interface FirstPage {
  /** Tested against `location.pathname`; its named groups are the `{ param }` variables. */
  path: RegExp;
  trainer: readonly string[];
  /** The employer console's screens, where they differ from the trainer's. */
  employer?: readonly string[];
  /** The queries the page sends as it first renders (besides the shell's), by role. */
  queries?: { trainer: readonly FirstQuery[]; employer?: readonly FirstQuery[] };
}

/**
 * A variable's value: as it is, a named group of the page's path (URI-decoded), or one of the
 * values `loadTimeValues` computes in the browser as the page loads (the calendar's month).
 */
export type FirstVariable = string | number | boolean | null | { param: string } | { loadTime: keyof LoadTimeValues };

/** Values that depend on the browser's clock and time zone, so are computed as the page loads. */
export interface LoadTimeValues {
  /** The calendar's month view of today (features/calendar/dates.ts `visibleRange`): its first instant, ISO. */
  calendarFrom: string;
  /** …and the instant after its last day, ISO. */
  calendarTo: string;
}

/**
 * `LoadTimeValues` as index.html's inline script computes them: the source of a function of no
 * arguments, kept to plain JavaScript (it is written into the page as it is). The month view
 * shows whole weeks, Monday to Sunday, around today's month, from local midnight.
 */
export const loadTimeValuesSource =
  '()=>{const n=new Date(),w=(y,m,d)=>{const x=new Date(y,m,d);return new Date(y,m,d-(x.getDay()+6)%7)};' +
  'return{calendarFrom:w(n.getFullYear(),n.getMonth(),1).toISOString(),calendarTo:w(n.getFullYear(),n.getMonth()+1,7).toISOString()}}';

/** An operation by name (its trusted-document hash is looked up at build time) and its variables. */
export interface FirstQuery {
  operation: string;
  variables?: Readonly<Record<string, FirstVariable>>;
}

/** The shell's own query, sent on every signed-in page (AppShell.tsx). */
export const shellQueries: readonly FirstQuery[] = [{ operation: 'ShellViewer' }];

const job = 'features/manage-job/ManageJobLayout.tsx';
const contractId = { param: 'contractId' };
const manageJob: FirstQuery = { operation: 'ManageJob', variables: { contractId, channels: CONTRACT_CHANNELS_PAGE } };
const contractChannels: FirstQuery = {
  operation: 'ContractChannels',
  variables: { contractId, channels: CONTRACT_CHANNELS_PAGE, messages: THREAD_PAGE },
};
const contractTab: FirstQuery = { operation: 'ContractTab', variables: { contractId } };
// The calendar's month of today, as CalendarPage.tsx asks for it without ?view= or ?date=.
const calendarMonth: FirstQuery = { operation: 'CalendarPage', variables: { from: { loadTime: 'calendarFrom' }, to: { loadTime: 'calendarTo' } } };

export const firstPages: readonly FirstPage[] = [
  {
    path: /^\/$/,
    trainer: ['features/dashboard/DashboardHome.tsx'],
    employer: ['features/employer/EmployerHome.tsx'],
    queries: {
      trainer: [{ operation: 'DashboardHome', variables: { contracts: ACTIVE_CONTRACTS_PAGE, conversations: CONVERSATIONS_PAGE } }],
      employer: [{ operation: 'MyJobs', variables: { first: ACTIVE_CONTRACTS_PAGE } }],
    },
  },
  {
    path: /^\/jobs\/(?<contractId>[^/]+)(\/messages)?\/?$/,
    trainer: [job, 'features/manage-job/ContractMessagesTab.tsx'],
    employer: [job, 'features/employer/EmployerMessagesTab.tsx'],
    queries: { trainer: [manageJob, contractChannels] },
  },
  {
    path: /^\/jobs\/(?<contractId>[^/]+)\/contract\/?$/,
    trainer: [job, 'features/manage-job/ContractTab.tsx'],
    employer: [job, 'features/employer/EmployerContractTab.tsx'],
    queries: { trainer: [manageJob, contractTab] },
  },
  {
    path: /^\/jobs\/[^/]+\/instructions\/?$/,
    trainer: [job, 'features/manage-job/InstructionsTab.tsx'],
    employer: [job, 'features/employer/EmployerInstructionsTab.tsx'],
  },
  { path: /^\/jobs\/?$/, trainer: ['features/jobs/MyJobsPage.tsx'] },
  { path: /^\/calendar\/?$/, trainer: ['features/calendar/CalendarPage.tsx'], queries: { trainer: [calendarMonth] } },
  {
    path: /^\/reports\/?$/,
    trainer: ['features/reports/ReportsPage.tsx'],
    // The trainer's Reports without filters (first-page queries are sent only without a query string).
    queries: {
      trainer: [
        { operation: 'RequestPayoutPanel' },
        { operation: 'ReportsPayouts' },
        { operation: 'ReportsInvoices', variables: { status: null, issuedFrom: null, issuedTo: null } },
      ],
      employer: [],
    },
  },
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

/** The queries to send ahead for a path and role: the shell's, and the page's if it is in the table. */
export const firstPageQueries = (pathname: string, role: string): readonly FirstQuery[] => {
  const page = firstPages.find((candidate) => candidate.path.test(pathname));
  const queries = page?.queries;
  return [...shellQueries, ...((role === 'EMPLOYER' ? (queries?.employer ?? queries?.trainer) : queries?.trainer) ?? [])];
};
