import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';

import { useCurrentViewer } from '../../app/viewer-context';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDate } from '../../ui/format';
import { LoadMore } from '../../ui/LoadMore';
import { EmptyState, QueryGate } from '../../ui/QueryState';
import { useRefetchOnLive } from '../live/live-refetch';

import './jobs.css';
import './FinishedPage.css';

export const FinishedContractRow_contract = graphql(`
  fragment FinishedContractRow_contract on Contract {
    id
    title
    startedAt
    endedAt
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
    billingSummary {
      paidOut {
        formatted
      }
      totalBudget {
        formatted
      }
    }
  }
`);

const FinishedContractRow = (props: { contract: FragmentType<typeof FinishedContractRow_contract> }) => {
  const contract = getFragmentData(FinishedContractRow_contract, props.contract);
  const employer = useCurrentViewer().role === 'EMPLOYER';
  return (
    <li className="list-row">
      <div className="list-row__main">
        <Link to={`/jobs/${contract.id}/contract`} className="list-row__title">
          {contract.job.title}
        </Link>
        <span className="list-row__meta">
          {employer ? `with ${contract.trainer.name}` : contract.organization.name} · {formatDate(contract.startedAt)} –{' '}
          {contract.endedAt ? formatDate(contract.endedAt) : 'now'}
        </span>
      </div>
      <div className="list-row__side">
        {contract.billingSummary && (
          <>
            <span className="finished__caption">Paid out</span>
            <span className="finished__amount">{contract.billingSummary.paidOut.formatted}</span>
            <span className="list-row__meta">of {contract.billingSummary.totalBudget.formatted}</span>
          </>
        )}
      </div>
    </li>
  );
};

const FinishedContractsQuery = graphql(`
  query FinishedContracts($after: String) {
    viewer {
      id
      finishedContracts(first: 20, after: $after) {
        totalCount
        edges {
          cursor
          node {
            id
            ...FinishedContractRow_contract
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

export const FinishedPage = () => {
  const { data, error, refetch, fetchMore, loading } = useQuery(FinishedContractsQuery, {
    fetchPolicy: 'cache-and-network',
    // A contract whose billing summary failed still lists, with the others (the error shows above).
    errorPolicy: 'all',
  });
  useRefetchOnLive(['CONTRACT_STARTED', 'CONTRACT_STATUS_CHANGED'], refetch);
  return (
    <section aria-labelledby="finished-title">
      <h1 id="finished-title">Finished</h1>
      <QueryGate data={data?.viewer} error={error} refetch={refetch} loadingLabel="Loading finished contracts…">
        {(viewer) => {
          const connection = viewer.finishedContracts;
          if (connection.edges.length === 0) return <EmptyState>No finished contracts yet.</EmptyState>;
          return (
            <>
              <ul className="list card finished-list">
                {connection.edges.map(({ node }) => (
                  <FinishedContractRow key={node.id} contract={node} />
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
