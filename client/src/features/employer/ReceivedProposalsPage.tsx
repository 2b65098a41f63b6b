import { useQuery } from '@apollo/client/react';

import { graphql } from '../../gql';
import { LoadMore } from '../../ui/LoadMore';
import { EmptyState, QueryGate } from '../../ui/QueryState';
import { useRefetchOnLive } from '../live/live-refetch';
import { ReceivedProposal } from './ReceivedProposal';

import './Employer.css';

const ReceivedProposalsQuery = graphql(`
  query ReceivedProposals($first: Int!, $after: String) {
    viewer {
      id
      proposals(first: $first, after: $after) {
        totalCount
        edges {
          cursor
          node {
            id
            ...ReceivedProposal_proposal
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

/** `/proposals` for employers: the proposals the organization received, newest first. */
export const ReceivedProposalsPage = () => {
  const { data, error, refetch, fetchMore, loading } = useQuery(ReceivedProposalsQuery, {
    variables: { first: 20 },
    fetchPolicy: 'cache-and-network',
  });
  // A trainer applying or withdrawing shows up here without a reload.
  useRefetchOnLive(['PROPOSAL_SUBMITTED', 'PROPOSAL_STATUS_CHANGED'], refetch);
  return (
    <section aria-labelledby="received-proposals-title">
      <h1 id="received-proposals-title">Proposals received</h1>
      <QueryGate data={data?.viewer} error={error} refetch={refetch} loadingLabel="Loading proposals…">
        {(viewer) => {
          const connection = viewer.proposals;
          if (connection.edges.length === 0) return <EmptyState>No proposals yet.</EmptyState>;
          return (
            <>
              <p className="page-lead">{connection.totalCount} proposals</p>
              <ol className="received-proposals">
                {connection.edges.map(({ node }) => (
                  <ReceivedProposal key={node.id} proposal={node} />
                ))}
              </ol>
              <LoadMore pageInfo={connection.pageInfo} fetchMore={fetchMore} loading={loading} label="Show more proposals" />
            </>
          );
        }}
      </QueryGate>
    </section>
  );
};
