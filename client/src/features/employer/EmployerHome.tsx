import { useQuery } from '@apollo/client/react';
import { useFirstFetchPolicy } from '../../app/first-fetch-policy';

import { useCurrentViewer } from '../../app/viewer-context';
import { ContractCard } from '../jobs/ContractCard';
import { ACTIVE_CONTRACTS_PAGE, MyJobsQuery } from '../jobs/MyJobsPage';
import { LoadMore } from '../../ui/LoadMore';
import { EmptyState, QueryGate } from '../../ui/QueryState';

import '../jobs/jobs.css';
import './Employer.css';

/**
 * The employer console's home: the organization's active and paused contracts, each opening its
 * messages, contract (milestones to fund and approve) and instructions (the editor).
 */
export const EmployerHome = () => {
  const viewer = useCurrentViewer();
  const { data, error, refetch, fetchMore, loading } = useQuery(MyJobsQuery, {
    variables: { first: ACTIVE_CONTRACTS_PAGE },
    ...useFirstFetchPolicy(MyJobsQuery, { first: ACTIVE_CONTRACTS_PAGE }),
  });
  return (
    <section className="employer-home" aria-labelledby="employer-home-title">
      <h1 id="employer-home-title">Employer console</h1>
      <p className="page-lead">Hello {viewer.name}. Fund and approve milestones from a contract, and publish its job's instructions.</p>
      <QueryGate data={data?.viewer} error={error} refetch={refetch} loadingLabel="Loading contracts…">
        {(loaded) => {
          const connection = loaded.activeContracts;
          if (connection.edges.length === 0) {
            return <EmptyState>No active contracts. Hire a trainer from a proposal to start one.</EmptyState>;
          }
          return (
            <>
              <h2>Active contracts ({connection.totalCount})</h2>
              <div className="card-grid">
                {connection.edges.map(({ node }) => (
                  <ContractCard key={node.id} contract={node} />
                ))}
              </div>
              <LoadMore pageInfo={connection.pageInfo} fetchMore={fetchMore} loading={loading} />
            </>
          );
        }}
      </QueryGate>
    </section>
  );
};
