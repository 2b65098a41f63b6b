import { ACTIVE_CONTRACTS_PAGE } from '../../app/page-sizes';
import { useQuery } from '@apollo/client/react';
import { useFirstFetchPolicy } from '../../app/first-fetch-policy';

import { useCurrentViewer } from '../../app/viewer-context';
import { graphql } from '../../gql';
import { EmptyState, QueryGate } from '../../ui/QueryState';
import { LoadMore } from '../../ui/LoadMore';
import { ContractCard } from './ContractCard';
import { useRefetchOnLive } from '../live/live-refetch';

import './jobs.css';

export { ACTIVE_CONTRACTS_PAGE };

export const MyJobsQuery = graphql(`
  query MyJobs($first: Int!, $after: String) {
    viewer {
      id
      activeContracts(first: $first, after: $after) {
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
    }
  }
`);

/** `/jobs`: the trainer's "My Jobs"; for an employer, their organization's active contracts ("Contracts"). */
export const MyJobsPage = () => {
  const employer = useCurrentViewer().role === 'EMPLOYER';
  const { data, error, refetch, fetchMore, loading } = useQuery(MyJobsQuery, {
    variables: { first: ACTIVE_CONTRACTS_PAGE },
    ...useFirstFetchPolicy(MyJobsQuery, { first: ACTIVE_CONTRACTS_PAGE }),
  });
  useRefetchOnLive(['CONTRACT_STARTED', 'CONTRACT_STATUS_CHANGED', 'INSTRUCTIONS_PUBLISHED'], refetch);
  return (
    <section aria-labelledby="my-jobs-title">
      <h1 id="my-jobs-title">{employer ? 'Contracts' : 'My Jobs'}</h1>
      <QueryGate data={data?.viewer} error={error} refetch={refetch} loadingLabel={employer ? 'Loading contracts…' : 'Loading your jobs…'}>
        {(viewer) => {
          const connection = viewer.activeContracts;
          if (connection.edges.length === 0) {
            return (
              <EmptyState>
                {employer
                  ? 'No active contracts. Hire a trainer from a proposal to start one.'
                  : 'No active jobs. When an employer hires you, the contract shows up here.'}
              </EmptyState>
            );
          }
          return (
            <>
              <p className="page-lead">
                {connection.totalCount} active or paused {connection.totalCount === 1 ? 'contract' : 'contracts'}
              </p>
              <div className="card-grid">
                {connection.edges.map(({ node }) => (
                  <ContractCard key={node.id} contract={node} />
                ))}
              </div>
              <LoadMore pageInfo={connection.pageInfo} fetchMore={fetchMore} loading={loading} label={employer ? 'Show more contracts' : 'Show more jobs'} />
            </>
          );
        }}
      </QueryGate>
    </section>
  );
};
