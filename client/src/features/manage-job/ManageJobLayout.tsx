import { CONTRACT_CHANNELS_PAGE } from '../../app/page-sizes';
import { useQuery } from '@apollo/client/react';
import { useFirstFetchPolicy } from '../../app/first-fetch-policy';
import { Link, NavLink, Outlet, useParams } from 'react-router';

import { useCurrentViewer } from '../../app/viewer-context';
import { graphql } from '../../gql';
import { CountBadge } from '../../ui/CountBadge';
import { ErrorState, Loading } from '../../ui/QueryState';
import { StatusBadge } from '../../ui/StatusBadge';
import { useRefetchOnLive } from '../live/live-refetch';

import './ManageJob.css';

export { CONTRACT_CHANNELS_PAGE };

const ManageJobQuery = graphql(`
  query ManageJob($contractId: ID!, $channels: Int!) {
    node(id: $contractId) {
      __typename
      id
      ... on Contract {
        title
        status
        organization {
          id
          name
        }
        trainer {
          id
          name
        }
        job {
          id
          title
        }
        instructions {
          id
          hasUnreadUpdate
        }
        channels(first: $channels) {
          edges {
            cursor
            node {
              id
              unreadCount
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

const tabs = [
  { path: 'messages', label: 'Messages' },
  { path: 'contract', label: 'Contract' },
  { path: 'instructions', label: 'Instructions' },
  { path: 'posting', label: 'Job posting' },
  { path: 'access', label: 'Access' },
] as const;

/** `/jobs/:contractId/*`: one contract, in tabs. */
export const ManageJobLayout = () => {
  const { contractId = '' } = useParams();
  const employer = useCurrentViewer().role === 'EMPLOYER';
  // `/jobs` is the trainer's "My Jobs" and the employer's "Contracts" (see app/navigation.ts).
  const backLabel = employer ? 'Contracts' : 'My Jobs';
  const variables = { contractId, channels: CONTRACT_CHANNELS_PAGE };
  const { data, error, refetch } = useQuery(ManageJobQuery, { variables, ...useFirstFetchPolicy(ManageJobQuery, variables) });
  const back = (
    <Link to="/jobs" className="back-link">
      <span aria-hidden="true">← </span>
      {backLabel}
    </Link>
  );
  useRefetchOnLive(['CONTRACT_STARTED', 'CONTRACT_STATUS_CHANGED', 'CHANNEL_CREATED', 'CHANNEL_MEMBERS_CHANGED', 'INSTRUCTIONS_PUBLISHED'], refetch);
  const contract = data?.node?.__typename === 'Contract' ? data.node : null;
  const failure = contract ? undefined : data !== undefined && !error ? new Error('This job does not exist, or it is not one of yours.') : error;
  const unread = contract?.channels.edges.reduce((sum, edge) => sum + edge.node.unreadCount, 0) ?? 0;
  const retry = () => void refetch().catch(() => undefined);

  // A job that cannot be opened: one error, and no tabs whose own queries would fail the same way.
  if (failure) {
    return (
      <div className="manage-job">
        {back}
        <ErrorState error={failure} onRetry={retry} title="This job could not be opened" />
      </div>
    );
  }

  // The tabs and the open tab render at once: the tab's query runs beside this one instead of
  // after it, and the header's space is held while it loads so nothing below moves.
  return (
    <div className="manage-job">
      {back}
      {error && <ErrorState error={error} onRetry={retry} title="Could not refresh" inline />}
      {contract ? (
        <header className="manage-job__header">
          <div>
            <h1 className="manage-job__title">
              {contract.job.title}
              {employer && <span className="visually-hidden">, with {contract.trainer.name}</span>}
            </h1>
            {/* The other party: an employer's contracts on one job differ only by their trainer. */}
            <p className="manage-job__employer">{employer ? `with ${contract.trainer.name}` : contract.organization.name}</p>
          </div>
          <StatusBadge status={contract.status} />
        </header>
      ) : (
        <div className="manage-job__header manage-job__header--loading">
          <Loading label="Loading the job…" />
        </div>
      )}
      <nav className="tabs" aria-label="Job sections">
        {tabs.map((tab) => (
          <NavLink key={tab.path} to={tab.path} className="tabs__tab">
            {tab.label}
            {tab.path === 'messages' && unread > 0 && <CountBadge count={unread} />}
            {tab.path === 'instructions' && contract?.instructions?.hasUnreadUpdate && (
              <>
                <span className="dot" aria-hidden="true" />
                <span className="visually-hidden">, updated since you last read</span>
              </>
            )}
          </NavLink>
        ))}
      </nav>
      <div className="manage-job__panel">
        <Outlet />
      </div>
    </div>
  );
};
