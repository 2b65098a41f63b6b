import { useQuery } from '@apollo/client/react';
import { useFirstFetchPolicy } from '../../app/first-fetch-policy';
import { Link } from 'react-router';

import { ACTIVE_CONTRACTS_PAGE, CONVERSATIONS_PAGE } from '../../app/page-sizes';
import { useCurrentViewer } from '../../app/viewer-context';
import { graphql } from '../../gql';
import { CountBadge } from '../../ui/CountBadge';
import { EmptyState, QueryGate } from '../../ui/QueryState';
import { ContractCard } from '../jobs/ContractCard';
import { byLastActivity, ConversationRow } from '../messages/ConversationRow';
import { jobBoardPath } from '../job-board/paths';
import { ActivityItem } from './ActivityItem';
import { RecommendedJob } from './RecommendedJob';
import { useRefetchOnLive } from '../live/live-refetch';

import './DashboardHome.css';

const DashboardHomeQuery = graphql(`
  query DashboardHome($contracts: Int!, $conversations: Int!) {
    viewer {
      id
      name
      unreadMessageCount
      activeContracts(first: $contracts) {
        totalCount
        edges {
          cursor
          node {
            id
            ...ContractCard_contract
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      conversations(first: $conversations) {
        edges {
          cursor
          node {
            id
            unreadCount
            lastMessageAt
            ...ConversationRow_channel
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      latestActivity(first: 12) {
        edges {
          cursor
          node {
            id
            ...ActivityItem_event
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      recommendedJobs(first: 4) {
        edges {
          cursor
          node {
            id
            ...RecommendedJob_job
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

const SHOWN_ACTIVITY = 12;

export const DashboardHome = () => {
  const me = useCurrentViewer();
  const variables = { contracts: ACTIVE_CONTRACTS_PAGE, conversations: CONVERSATIONS_PAGE };
  const { data, error, refetch } = useQuery(DashboardHomeQuery, { variables, ...useFirstFetchPolicy(DashboardHomeQuery, variables) });
  useRefetchOnLive(
    [
      'CONTRACT_STARTED',
      'CONTRACT_STATUS_CHANGED',
      'PROPOSAL_SUBMITTED',
      'PROPOSAL_STATUS_CHANGED',
      'CHANNEL_CREATED',
      'CHANNEL_MEMBERS_CHANGED',
      'INSTRUCTIONS_PUBLISHED',
    ],
    refetch,
  );
  return (
    <div className="dashboard">
      <h1 className="dashboard__greeting">Welcome back, {me.name.split(' ')[0]}</h1>
      <QueryGate data={data?.viewer} error={error} refetch={refetch} loadingLabel="Loading your dashboard…">
        {(viewer) => {
          const contracts = viewer.activeContracts.edges.map((edge) => edge.node);
          const unread = viewer.conversations.edges
            .map((edge) => edge.node)
            .filter((channel) => channel.unreadCount > 0)
            .sort(byLastActivity);
          const activity = viewer.latestActivity.edges.slice(0, SHOWN_ACTIVITY).map((edge) => edge.node);
          const jobs = viewer.recommendedJobs.edges.map((edge) => edge.node);
          return (
            <div className="dashboard__grid">
              <div className="dashboard__column">
                <section className="dashboard__jobs" aria-labelledby="active-jobs-title">
                  <div className="section-header">
                    <h2 id="active-jobs-title">Active jobs</h2>
                    <Link to="/jobs">All my jobs ({viewer.activeContracts.totalCount})</Link>
                  </div>
                  {contracts.length === 0 ? (
                    <EmptyState>No active jobs right now. Recommended jobs are below.</EmptyState>
                  ) : (
                    <div className="dashboard__cards">
                      {contracts.map((contract) => (
                        <ContractCard key={contract.id} contract={contract} />
                      ))}
                    </div>
                  )}
                </section>

                <section className="card dashboard__panel dashboard__recommended" aria-labelledby="recommended-title">
                  <div className="section-header">
                    <h2 id="recommended-title">Recommended jobs</h2>
                    <Link to={jobBoardPath}>Browse all open jobs</Link>
                  </div>
                  {jobs.length === 0 ? (
                    <EmptyState>No open jobs match your skills right now.</EmptyState>
                  ) : (
                    <ul className="recommended-list">
                      {jobs.map((job) => (
                        <RecommendedJob key={job.id} job={job} />
                      ))}
                    </ul>
                  )}
                </section>
              </div>

              <div className="dashboard__column">
                <section className="card dashboard__panel dashboard__unread" aria-labelledby="unread-title">
                  <div className="section-header">
                    <h2 id="unread-title">Unread job messages {viewer.unreadMessageCount > 0 && <CountBadge count={viewer.unreadMessageCount} />}</h2>
                    <Link to="/messages">All messages</Link>
                  </div>
                  {unread.length === 0 ? (
                    <EmptyState>You are all caught up.</EmptyState>
                  ) : (
                    <ul className="dashboard__conversations">
                      {unread.map((channel) => (
                        <ConversationRow key={channel.id} channel={channel} />
                      ))}
                    </ul>
                  )}
                </section>

                <section className="card dashboard__panel dashboard__activity" aria-labelledby="activity-title">
                  <h2 id="activity-title">Latest job activity</h2>
                  {activity.length === 0 ? (
                    <EmptyState>Nothing has happened yet.</EmptyState>
                  ) : (
                    <ul className="activity-list">
                      {activity.map((event) => (
                        <ActivityItem key={event.id} event={event} />
                      ))}
                    </ul>
                  )}
                </section>
              </div>
            </div>
          );
        }}
      </QueryGate>
    </div>
  );
};
