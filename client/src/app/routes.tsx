import { Navigate, Route, Routes, useLocation } from 'react-router';

import { SignInPage } from '../features/auth/SignInPage';
import { CalendarPage } from '../features/calendar/CalendarPage';
import { DashboardHome } from '../features/dashboard/DashboardHome';
import { EmployerAccessTab } from '../features/employer/EmployerAccessTab';
import { EmployerContractTab } from '../features/employer/EmployerContractTab';
import { EmployerHome } from '../features/employer/EmployerHome';
import { EmployerInstructionsTab } from '../features/employer/EmployerInstructionsTab';
import { EmployerMessagesTab } from '../features/employer/EmployerMessagesTab';
import { ReceivedProposalsPage } from '../features/employer/ReceivedProposalsPage';
import { JobBoardPage } from '../features/job-board/JobBoardPage';
import { JobPage } from '../features/job-board/JobPage';
import { FinishedPage } from '../features/jobs/FinishedPage';
import { MyJobsPage } from '../features/jobs/MyJobsPage';
import { AccessTab } from '../features/manage-job/AccessTab';
import { ContractMessagesTab } from '../features/manage-job/ContractMessagesTab';
import { ContractTab } from '../features/manage-job/ContractTab';
import { InstructionsTab } from '../features/manage-job/InstructionsTab';
import { JobPostingTab } from '../features/manage-job/JobPostingTab';
import { ManageJobLayout } from '../features/manage-job/ManageJobLayout';
import { MessagesPage, ThreadRoute } from '../features/messages/MessagesPage';
import { ProposalsPage } from '../features/proposals/ProposalsPage';
import { ReportsPage } from '../features/reports/ReportsPage';
import { PayoutSettingsPage } from '../features/settings/PayoutSettingsPage';
import { WebhooksPage } from '../features/webhooks/WebhooksPage';
import { sessionToken } from '../features/auth';
import { Loading } from '../ui/QueryState';
import { ApolloSessionProvider } from './ApolloSessionProvider';
import { AppShell } from './AppShell';
import { useAuth } from './auth-context';
import { NotFoundPage } from './NotFoundPage';
import { useCurrentViewer } from './viewer-context';

/** Everything behind sign-in: a deep link while signed out goes to /sign-in and comes back after. */
const SignedInApp = () => {
  const { session } = useAuth();
  const location = useLocation();
  const token = sessionToken(session);
  if (session.status === 'checking') return <Loading label="Signing you in…" />;
  if (!token) {
    // After "Sign out" the next person starts at home; otherwise come back to this deep link.
    const explicit = session.status === 'signed-out' && session.explicit === true;
    return (
      <Navigate to="/sign-in" replace state={explicit ? null : { from: `${location.pathname}${location.search}` }} />
    );
  }
  return (
    <ApolloSessionProvider token={token}>
      <AppShell />
    </ApolloSessionProvider>
  );
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
        <Route
          path="messages"
          element={<ByRole trainer={<ContractMessagesTab />} employer={<EmployerMessagesTab />} />}
        />
        <Route path="contract" element={<ByRole trainer={<ContractTab />} employer={<EmployerContractTab />} />} />
        <Route
          path="instructions"
          element={<ByRole trainer={<InstructionsTab />} employer={<EmployerInstructionsTab />} />}
        />
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
