import { lazy, type ComponentType } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';

import { readToken, readViewer, sessionToken } from '../features/auth';
import { Loading } from '../ui/QueryState';
import { useAuth } from './auth-context';
import { NotFoundPage } from './NotFoundPage';
import { useCurrentViewer } from './viewer-context';

/**
 * Each screen is its own chunk, fetched when its route is first shown: the sign-in page does not
 * download the dashboard, a trainer never downloads the employer console, and only the screens
 * that show Markdown load the Markdown stack. `page(() => import(…), 'Name')` keeps one line per
 * screen; an eager `import { X } from …` works too (it just rides in the main chunk).
 */
const page = <M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string) =>
  Object.assign(
    lazy(() => load().then((module) => ({ default: module[name] as ComponentType }))),
    { preload: () => void load() },
  );

const loadSignedInShell = () => import('./SignedInShell');
// With a stored token the shell is needed next: fetch its chunk while the sign-in check runs.
if (readToken()) void loadSignedInShell();
const SignedInShell = lazy(() => loadSignedInShell().then((module) => ({ default: module.SignedInShell })));
const SignInPage = page(() => import('../features/auth/SignInPage'), 'SignInPage');
const CalendarPage = page(() => import('../features/calendar/CalendarPage'), 'CalendarPage');
const DashboardHome = page(() => import('../features/dashboard/DashboardHome'), 'DashboardHome');
const EmployerAccessTab = page(() => import('../features/employer/EmployerAccessTab'), 'EmployerAccessTab');
const EmployerContractTab = page(() => import('../features/employer/EmployerContractTab'), 'EmployerContractTab');
const EmployerHome = page(() => import('../features/employer/EmployerHome'), 'EmployerHome');
const EmployerInstructionsTab = page(() => import('../features/employer/EmployerInstructionsTab'), 'EmployerInstructionsTab');
const EmployerMessagesTab = page(() => import('../features/employer/EmployerMessagesTab'), 'EmployerMessagesTab');
const ReceivedProposalsPage = page(() => import('../features/employer/ReceivedProposalsPage'), 'ReceivedProposalsPage');
const JobBoardPage = page(() => import('../features/job-board/JobBoardPage'), 'JobBoardPage');
const JobPage = page(() => import('../features/job-board/JobPage'), 'JobPage');
const FinishedPage = page(() => import('../features/jobs/FinishedPage'), 'FinishedPage');
const MyJobsPage = page(() => import('../features/jobs/MyJobsPage'), 'MyJobsPage');
const AccessTab = page(() => import('../features/manage-job/AccessTab'), 'AccessTab');
const ContractMessagesTab = page(() => import('../features/manage-job/ContractMessagesTab'), 'ContractMessagesTab');
const ContractTab = page(() => import('../features/manage-job/ContractTab'), 'ContractTab');
const InstructionsTab = page(() => import('../features/manage-job/InstructionsTab'), 'InstructionsTab');
const JobPostingTab = page(() => import('../features/manage-job/JobPostingTab'), 'JobPostingTab');
const ManageJobLayout = page(() => import('../features/manage-job/ManageJobLayout'), 'ManageJobLayout');
const MessagesPage = page(() => import('../features/messages/MessagesPage'), 'MessagesPage');
const ThreadRoute = page(() => import('../features/messages/MessagesPage'), 'ThreadRoute');
const ProposalsPage = page(() => import('../features/proposals/ProposalsPage'), 'ProposalsPage');
const ReportsPage = page(() => import('../features/reports/ReportsPage'), 'ReportsPage');
const PayoutSettingsPage = page(() => import('../features/settings/PayoutSettingsPage'), 'PayoutSettingsPage');
const WebhooksPage = page(() => import('../features/webhooks/WebhooksPage'), 'WebhooksPage');

/**
 * A returning visit knows who is signed in (the remembered viewer), so the chunks of the page being
 * opened are fetched at once, beside the shell's, instead of after it has rendered. Only a head
 * start: a page missing here loads when its route renders, as every page does on navigation.
 */
const preloadFirstPage = () => {
  const role = readViewer()?.role;
  if (!readToken() || !role) return;
  const employer = role === 'EMPLOYER';
  const [, first = '', , section = 'messages'] = window.location.pathname.split('/');
  const byRole = (trainer: { preload: () => void }, other: { preload: () => void }) => (employer ? other : trainer).preload();
  if (first === '') byRole(DashboardHome, EmployerHome);
  else if (first === 'jobs' && window.location.pathname.split('/').length > 2) {
    ManageJobLayout.preload();
    if (section === 'messages') byRole(ContractMessagesTab, EmployerMessagesTab);
    else if (section === 'contract') byRole(ContractTab, EmployerContractTab);
    else if (section === 'instructions') byRole(InstructionsTab, EmployerInstructionsTab);
  } else if (first === 'jobs') MyJobsPage.preload();
  else if (first === 'calendar') CalendarPage.preload();
  else if (first === 'reports') ReportsPage.preload();
  else if (first === 'messages') MessagesPage.preload();
  else if (first === 'proposals') byRole(ProposalsPage, ReceivedProposalsPage);
  else if (first === 'find-work') JobBoardPage.preload();
};
preloadFirstPage();

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
