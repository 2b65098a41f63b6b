import { lazy, useState, type ComponentType } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';

import { readToken, readViewer, sessionToken } from '../features/auth';
import { Loading } from '../ui/QueryState';
import { useAuth } from './auth-context';
import { awaitFirstAnswers } from './first-answers-arrival';
import { firstPageModules } from './first-page';
import { NotFoundPage } from './NotFoundPage';
import { useCurrentViewer } from './viewer-context';

/**
 * Each screen is its own chunk, fetched when its route is first shown: the sign-in page does not
 * download the dashboard, a trainer never downloads the employer console, and only the screens
 * that show Markdown load the Markdown stack. `page(module, () => import(…), 'Name')` keeps one
 * line per screen (`module` as first-page.ts names it); an eager `import { X } from …` works too
 * (it just rides in the main chunk).
 *
 * Once a screen's module has arrived (`preload`), it renders at once instead of suspending: a
 * suspended screen shows its fallback and React then holds the reveal of the loaded screen for up
 * to 300 ms (its fallback throttle), once per nested screen, and the page's query leaves only
 * when it is revealed.
 */
const screen = <P extends object>(load: () => Promise<ComponentType<P>>) => {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () =>
    (loading ??= load().then((component) => {
      loaded = component;
      return component;
    }));
  const Lazy = lazy(() => preload().then((component) => ({ default: component })));
  const Screen = (props: P) => {
    // Chosen once per mount: switching from Lazy to the loaded component later would remount it.
    const [Component] = useState<ComponentType<P>>(() => loaded ?? Lazy);
    return <Component {...props} />;
  };
  return Object.assign(Screen, { preload });
};

/** The screens by module (one module may hold several, as MessagesPage.tsx does). */
const screens = new Map<string, Array<{ preload: () => Promise<unknown> }>>();
const page = <M extends Record<string, unknown>>(module: string, load: () => Promise<M>, name: keyof M & string) => {
  const registered = screen(() => load().then((loaded) => loaded[name] as ComponentType));
  screens.set(module, [...(screens.get(module) ?? []), registered]);
  return registered;
};

const SignedInShell = screen(() => import('./SignedInShell').then((module) => module.SignedInShell));
const SignInPage = page('features/auth/SignInPage.tsx', () => import('../features/auth/SignInPage'), 'SignInPage');
const CalendarPage = page('features/calendar/CalendarPage.tsx', () => import('../features/calendar/CalendarPage'), 'CalendarPage');
const DashboardHome = page('features/dashboard/DashboardHome.tsx', () => import('../features/dashboard/DashboardHome'), 'DashboardHome');
const EmployerAccessTab = page('features/employer/EmployerAccessTab.tsx', () => import('../features/employer/EmployerAccessTab'), 'EmployerAccessTab');
const EmployerContractTab = page('features/employer/EmployerContractTab.tsx', () => import('../features/employer/EmployerContractTab'), 'EmployerContractTab');
const EmployerHome = page('features/employer/EmployerHome.tsx', () => import('../features/employer/EmployerHome'), 'EmployerHome');
const EmployerInstructionsTab = page(
  'features/employer/EmployerInstructionsTab.tsx',
  () => import('../features/employer/EmployerInstructionsTab'),
  'EmployerInstructionsTab',
);
const EmployerMessagesTab = page('features/employer/EmployerMessagesTab.tsx', () => import('../features/employer/EmployerMessagesTab'), 'EmployerMessagesTab');
const ReceivedProposalsPage = page(
  'features/employer/ReceivedProposalsPage.tsx',
  () => import('../features/employer/ReceivedProposalsPage'),
  'ReceivedProposalsPage',
);
const JobBoardPage = page('features/job-board/JobBoardPage.tsx', () => import('../features/job-board/JobBoardPage'), 'JobBoardPage');
const JobPage = page('features/job-board/JobPage.tsx', () => import('../features/job-board/JobPage'), 'JobPage');
const FinishedPage = page('features/jobs/FinishedPage.tsx', () => import('../features/jobs/FinishedPage'), 'FinishedPage');
const MyJobsPage = page('features/jobs/MyJobsPage.tsx', () => import('../features/jobs/MyJobsPage'), 'MyJobsPage');
const AccessTab = page('features/manage-job/AccessTab.tsx', () => import('../features/manage-job/AccessTab'), 'AccessTab');
const ContractMessagesTab = page(
  'features/manage-job/ContractMessagesTab.tsx',
  () => import('../features/manage-job/ContractMessagesTab'),
  'ContractMessagesTab',
);
const ContractTab = page('features/manage-job/ContractTab.tsx', () => import('../features/manage-job/ContractTab'), 'ContractTab');
const InstructionsTab = page('features/manage-job/InstructionsTab.tsx', () => import('../features/manage-job/InstructionsTab'), 'InstructionsTab');
const JobPostingTab = page('features/manage-job/JobPostingTab.tsx', () => import('../features/manage-job/JobPostingTab'), 'JobPostingTab');
const ManageJobLayout = page('features/manage-job/ManageJobLayout.tsx', () => import('../features/manage-job/ManageJobLayout'), 'ManageJobLayout');
const MessagesPage = page('features/messages/MessagesPage.tsx', () => import('../features/messages/MessagesPage'), 'MessagesPage');
const ThreadRoute = page('features/messages/MessagesPage.tsx', () => import('../features/messages/MessagesPage'), 'ThreadRoute');
const ProposalsPage = page('features/proposals/ProposalsPage.tsx', () => import('../features/proposals/ProposalsPage'), 'ProposalsPage');
const ReportsPage = page('features/reports/ReportsPage.tsx', () => import('../features/reports/ReportsPage'), 'ReportsPage');
const PayoutSettingsPage = page('features/settings/PayoutSettingsPage.tsx', () => import('../features/settings/PayoutSettingsPage'), 'PayoutSettingsPage');
const WebhooksPage = page('features/webhooks/WebhooksPage.tsx', () => import('../features/webhooks/WebhooksPage'), 'WebhooksPage');

/**
 * How long the app's first render waits for index.html's answers once its scripts are here. They
 * are a few kilobytes sent beside the scripts, so they are usually here first; the cap only keeps
 * a slow server from holding the shell back (the screens then take their answers as they come).
 */
const FIRST_ANSWERS_WAIT_MS = 2_000;

/**
 * On a returning visit, the shell and the screens of the page being opened (first-page.ts), which
 * index.html has started to fetch, and the answers to the page's first queries it has sent:
 * main.tsx renders the app once they are here, so the first render of the app is the page itself
 * drawn from its data (first-answers.ts writes them into the cache first), in one pass. Never
 * rejects.
 */
export const preloadFirstPage = (): Promise<unknown> => {
  if (!readToken()) return Promise.resolve();
  const role = readViewer()?.role;
  const modules = role ? firstPageModules(window.location.pathname, role) : [];
  const first = modules.flatMap((module) => screens.get(module) ?? []);
  return Promise.allSettled([SignedInShell.preload(), ...first.map((registered) => registered.preload())]).then(() => awaitFirstAnswers(FIRST_ANSWERS_WAIT_MS));
};

/** Everything behind sign-in: a deep link while signed out goes to /sign-in and comes back after. */
const SignedInApp = () => {
  const { session } = useAuth();
  const location = useLocation();
  const token = sessionToken(session);
  if (session.status === 'checking') return <Loading label="Signing you in…" />;
  if (!token) {
    // After "Sign out" the next person starts at home; otherwise come back to this deep link.
    const explicit = session.status === 'signed-out' && session.explicit === true;
    return <Navigate to="/sign-in" replace state={explicit ? null : { from: `${location.pathname}${location.search}` }} />;
  }
  return <SignedInShell token={token} />;
};

/** One route, a screen per role (the employer console adds its actions to the trainer's screens). */
const ByRole = ({ trainer, employer }: { trainer: React.ReactNode; employer: React.ReactNode }) => (
  <>{useCurrentViewer().role === 'EMPLOYER' ? employer : trainer}</>
);

/** `/`: the trainer dashboard, or the employer console's home. */
const Home = () => (useCurrentViewer().role === 'EMPLOYER' ? <EmployerHome /> : <DashboardHome />);

export const AppRoutes = () => (
  <Routes>
    <Route path="/sign-in" element={<SignInPage />} />
    <Route element={<SignedInApp />}>
      <Route index element={<Home />} />
      <Route path="jobs" element={<MyJobsPage />} />
      <Route path="jobs/:contractId" element={<ManageJobLayout />}>
        <Route index element={<Navigate to="messages" replace />} />
        <Route path="messages" element={<ByRole trainer={<ContractMessagesTab />} employer={<EmployerMessagesTab />} />} />
        <Route path="contract" element={<ByRole trainer={<ContractTab />} employer={<EmployerContractTab />} />} />
        <Route path="instructions" element={<ByRole trainer={<InstructionsTab />} employer={<EmployerInstructionsTab />} />} />
        <Route path="posting" element={<JobPostingTab />} />
        <Route path="access" element={<ByRole trainer={<AccessTab />} employer={<EmployerAccessTab />} />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
      {/* The job board and a job's own page; `job/` (singular) because `jobs/:contractId` is a contract. */}
      <Route path="find-work" element={<JobBoardPage />} />
      <Route path="job/:jobId" element={<JobPage />} />
      <Route path="finished" element={<FinishedPage />} />
      <Route path="proposals" element={<ByRole trainer={<ProposalsPage />} employer={<ReceivedProposalsPage />} />} />
      <Route path="messages" element={<MessagesPage />}>
        <Route path=":channelId" element={<ThreadRoute />} />
      </Route>
      <Route path="calendar" element={<CalendarPage />} />
      <Route path="reports" element={<ReportsPage />} />
      <Route path="settings" element={<Navigate to="/settings/payouts" replace />} />
      <Route path="settings/payouts" element={<PayoutSettingsPage />} />
      <Route path="settings/webhooks" element={<WebhooksPage />} />
      {/* The employer console's routes go here (see features/employer). */}
      <Route path="*" element={<NotFoundPage />} />
    </Route>
  </Routes>
);
