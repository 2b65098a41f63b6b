import { useQuery } from '@apollo/client/react';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';

import { graphql } from '../../gql';
import type { ProposalStatus } from '../../gql/graphql';
import { LoadMore } from '../../ui/LoadMore';
import { EmptyState, QueryGate } from '../../ui/QueryState';
import { jobBoardPath } from '../job-board/paths';
import { useRefetchOnLive } from '../live/live-refetch';
import { ProposalRow } from './ProposalRow';

import './ProposalsPage.css';

const filters: Record<string, { label: string; status: ProposalStatus[] | null }> = {
  all: { label: 'All proposals', status: null },
  open: { label: 'Awaiting a decision', status: ['UNREVIEWED', 'SHORTLISTED'] },
  hired: { label: 'Hired', status: ['HIRED'] },
  closed: { label: 'Declined or withdrawn', status: ['DECLINED', 'WITHDRAWN'] },
};

export const ProposalsPageQuery = graphql(`
  query ProposalsPage($status: [ProposalStatus!], $after: String) {
    viewer {
      id
      proposals(first: 20, after: $after, status: $status) {
        totalCount
        edges {
          cursor
          node {
            id
            ...ProposalRow_proposal
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

export const ProposalsPage = () => {
  const [params, setParams] = useSearchParams();
  const filterKey = params.get('show') ?? 'all';
  const filter = filters[filterKey] ?? filters.all!;
  const selectId = useId();
  const { data, error, refetch, fetchMore, loading } = useQuery(ProposalsPageQuery, {
    variables: { status: filter.status },
    fetchPolicy: 'cache-and-network',
  });
  useRefetchOnLive(['CONTRACT_STARTED', 'PROPOSAL_SUBMITTED', 'PROPOSAL_STATUS_CHANGED'], refetch);
  return (
    <section aria-labelledby="proposals-title">
      <div className="page-header">
        <h1 id="proposals-title">Proposals</h1>
        <div className="field field--inline">
          <label htmlFor={selectId}>Show</label>
          <select
            id={selectId}
            value={filterKey in filters ? filterKey : 'all'}
            onChange={(event) => setParams(event.target.value === 'all' ? {} : { show: event.target.value })}
          >
            {Object.entries(filters).map(([key, { label }]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <QueryGate data={data?.viewer} error={error} refetch={refetch} loadingLabel="Loading proposals…">
        {(viewer) => {
          const connection = viewer.proposals;
          if (connection.edges.length === 0) {
            return (
              <EmptyState>
                No proposals here. <Link to={jobBoardPath}>Find work</Link> to apply to a job.
              </EmptyState>
            );
          }
          return (
            <>
              <ul className="proposals">
                {connection.edges.map(({ node }) => (
                  <ProposalRow key={node.id} proposal={node} />
                ))}
              </ul>
              <LoadMore pageInfo={connection.pageInfo} fetchMore={fetchMore} loading={loading} />
            </>
          );
        }}
      </QueryGate>
    </section>
  );
};
