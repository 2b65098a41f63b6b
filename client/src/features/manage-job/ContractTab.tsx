import { useQuery } from '@apollo/client/react';
import { useFirstFetchPolicy } from '../../app/first-fetch-policy';
import { useParams } from 'react-router';

import { graphql } from '../../gql';
import type { ContractStatus } from '../../gql/graphql';
import { formatDate, formatRate } from '../../ui/format';
import { DeferredMarkdown } from '../../ui/DeferredMarkdown';
import { EmptyState, QueryGate } from '../../ui/QueryState';
import { BillingSummary } from './BillingSummary';
import { MilestoneItem, type ContractBudget, type MilestoneActionsRenderer } from './MilestoneItem';
import { useRefetchOnLive } from '../live/live-refetch';

export const ContractTabQuery = graphql(`
  query ContractTab($contractId: ID!) {
    node(id: $contractId) {
      __typename
      id
      ... on Contract {
        title
        scope
        terms
        status
        paymentType
        startedAt
        endedAt
        rate {
          formatted
        }
        totalBudget {
          cents
          formatted
        }
        ...BillingSummary_contract
        billingSummary {
          paidOut {
            cents
          }
          activeAndFunded {
            cents
          }
          pendingApproval {
            cents
          }
          inDispute {
            cents
          }
        }
        milestones(first: 50) {
          totalCount
          edges {
            cursor
            node {
              id
              ...MilestoneItem_milestone
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

const budgetOf = (contract: {
  totalBudget: { cents: number; formatted: string };
  billingSummary?: { paidOut: { cents: number }; activeAndFunded: { cents: number }; pendingApproval: { cents: number }; inDispute: { cents: number } } | null;
}): ContractBudget | undefined => {
  const summary = contract.billingSummary;
  if (!summary) return undefined;
  return {
    totalBudget: contract.totalBudget,
    committedCents: summary.paidOut.cents + summary.activeAndFunded.cents + summary.pendingApproval.cents + summary.inDispute.cents,
  };
};

interface ContractTabProps {
  /** The employer console's milestone actions; without them, the trainer's. */
  renderMilestoneActions?: MilestoneActionsRenderer;
  /** Shown under the milestones (the employer's "Add a milestone"). */
  addMilestone?: React.ReactNode;
  /** The employer's pause / resume / end, shown under the billing summary. */
  renderContractActions?: (contract: { id: string; title: string; status: ContractStatus }) => React.ReactNode;
}

/** Contract: scope and terms, the billing summary, and the milestones with their history. */
export const ContractTab = ({ renderMilestoneActions, addMilestone, renderContractActions }: ContractTabProps = {}) => {
  const { contractId = '' } = useParams();
  const { data, error, refetch } = useQuery(ContractTabQuery, {
    variables: { contractId },
    ...useFirstFetchPolicy(ContractTabQuery, { contractId }),
    // A billing summary that failed (null, with an error) leaves the milestones and terms showing.
    errorPolicy: 'all',
  });
  useRefetchOnLive(
    [
      'MILESTONE_CREATED',
      'MILESTONE_UPDATED',
      'CONTRACT_STARTED',
      'CONTRACT_STATUS_CHANGED',
      // A dispute's steps arrive with the milestone; these refresh the contract's money around it too.
      'DISPUTE_SETTLED',
      'DISPUTE_RESOLVED',
      'DISPUTE_WITHDRAWN',
    ],
    refetch,
  );
  const contract = data?.node?.__typename === 'Contract' ? data.node : null;
  return (
    <QueryGate data={contract} error={error} refetch={refetch} loadingLabel="Loading the contract…">
      {(loaded) => (
        <div className="contract-tab">
          <BillingSummary contract={loaded} />
          {renderContractActions?.(loaded)}
          <section className="contract-tab__milestones" aria-labelledby="milestones-title">
            <h2 id="milestones-title">Milestones</h2>
            {loaded.milestones.edges.length === 0 ? (
              <EmptyState>{addMilestone ? 'No milestones yet.' : 'No milestones yet. The employer adds and funds them.'}</EmptyState>
            ) : (
              <ol className="milestones">
                {loaded.milestones.edges.map(({ node }) => (
                  <MilestoneItem
                    key={node.id}
                    milestone={node}
                    contractStatus={loaded.status}
                    budget={budgetOf(loaded)}
                    renderActions={renderMilestoneActions}
                  />
                ))}
              </ol>
            )}
            {/* An ended contract takes no new milestones (the server would refuse). */}
            {loaded.status !== 'ENDED' && addMilestone}
          </section>
          <section className="card contract-tab__terms" aria-labelledby="terms-title">
            <h2 id="terms-title">Scope and terms</h2>
            <dl className="contract-tab__facts">
              <div>
                <dt>Pay</dt>
                <dd>{formatRate(loaded.paymentType, loaded.rate, loaded.totalBudget)}</dd>
              </div>
              <div>
                <dt>Total budget</dt>
                <dd>{loaded.totalBudget.formatted}</dd>
              </div>
              <div>
                <dt>Started</dt>
                <dd>{formatDate(loaded.startedAt)}</dd>
              </div>
              {loaded.endedAt && (
                <div>
                  <dt>Ended</dt>
                  <dd>{formatDate(loaded.endedAt)}</dd>
                </div>
              )}
            </dl>
            <h3>Scope</h3>
            <p className="contract-tab__scope">{loaded.scope}</p>
            <h3>Terms</h3>
            <DeferredMarkdown>{loaded.terms}</DeferredMarkdown>
          </section>
        </div>
      )}
    </QueryGate>
  );
};
