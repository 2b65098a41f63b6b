import { useState, type ReactNode } from 'react';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { ContractStatus, MilestoneStatus } from '../../gql/graphql';
import { formatDate, formatDateTime, humanize } from '../../ui/format';
import { StatusBadge, statusLabel } from '../../ui/StatusBadge';
import { MilestoneSubmission } from '../employer/MilestoneSubmission';
import { DisputePanel } from './DisputePanel';
import { SubmitMilestoneForm } from './SubmitMilestoneForm';

export const MilestoneItem_milestone = graphql(`
  fragment MilestoneItem_milestone on Milestone {
    id
    number
    title
    description
    status
    dueAt
    version
    amount {
      cents
      currency
      formatted
    }
    released {
      cents
      formatted
    }
    refunded {
      cents
      formatted
    }
    # Inline, not a fragment spread: spreads count towards the server's depth limit (12), which the
    # contract tab's query (contract → milestones → dispute → proposal → amount) reaches.
    dispute {
      id
      status
      reason
      priorStatus
      response
      respondedAt
      escalatedBy
      escalatedAt
      closedAt
      resolutionNote
      openedAt
      held {
        cents
        currency
        formatted
      }
      released {
        cents
        formatted
      }
      refunded {
        cents
        formatted
      }
      openedBy {
        id
        name
      }
      proposal {
        proposedBy
        note
        proposedAt
        release {
          cents
          formatted
        }
        refund {
          cents
          formatted
        }
      }
    }
    history(first: 20) {
      edges {
        cursor
        node {
          id
          action
          fromStatus
          toStatus
          note
          at
          actor {
            id
            name
          }
          attachments {
            name
            url
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const SUBMITTABLE = new Set(['FUNDED', 'CHANGES_REQUESTED']);

interface MilestoneItemProps {
  milestone: FragmentType<typeof MilestoneItem_milestone>;
  contractStatus: ContractStatus;
  budget?: ContractBudget;
  /** The employer's actions (fund, approve, …), shown instead of the trainer's "Complete & Request Payout". */
  renderActions?: MilestoneActionsRenderer;
}

/** What the employer's actions know of a milestone: enough to act on it and to edit it. */
export interface MilestoneForActions {
  id: string;
  title: string;
  description: string;
  status: MilestoneStatus;
  dueAt?: string | null;
  amount: { cents: number; currency?: string; formatted?: string };
}

/** What the contract's money looks like, for a money move that wants to say so (funding past the budget). */
export interface ContractBudget {
  totalBudget: { cents: number; formatted: string };
  /** Funded so far and not refunded: paid out, active & funded, pending approval and in dispute. */
  committedCents: number;
}

export type MilestoneActionsRenderer = (milestone: MilestoneForActions, contractStatus: ContractStatus, budget?: ContractBudget) => ReactNode;

export const MilestoneItem = ({ milestone: milestoneRef, contractStatus, budget, renderActions }: MilestoneItemProps) => {
  const milestone = getFragmentData(MilestoneItem_milestone, milestoneRef);
  const [submitting, setSubmitting] = useState(false);
  const canSubmit = renderActions === undefined && SUBMITTABLE.has(milestone.status);
  const overdue =
    milestone.dueAt !== null &&
    milestone.dueAt !== undefined &&
    SUBMITTABLE.has(milestone.status) &&
    // eslint-disable-next-line react-hooks/purity -- "overdue" is read at render time on purpose; live updates re-render the row
    new Date(milestone.dueAt).getTime() < Date.now();
  const headingId = `milestone-${milestone.id}`;
  const history = milestone.history.edges.map((edge) => edge.node);
  const lastChangeRequest = [...history].reverse().find((step) => step.action === 'CHANGES_REQUESTED');
  // A withdrawn dispute is over and left nothing behind but its history; an open or settled one is shown.
  const dispute = milestone.dispute && milestone.dispute.status !== 'WITHDRAWN' ? milestone.dispute : null;
  const split = milestone.refunded.cents > 0 && milestone.status === 'PAID';

  return (
    <li className={`milestone milestone--${milestone.status.toLowerCase()}`} aria-labelledby={headingId}>
      <div className="milestone__top">
        <h3 className="milestone__title" id={headingId}>
          <span className="milestone__number">{milestone.number}.</span> {milestone.title}
        </h3>
        <StatusBadge status={milestone.status} />
      </div>
      <dl className="milestone__facts">
        <div>
          <dt>Amount</dt>
          <dd>{milestone.amount.formatted}</dd>
        </div>
        {split && (
          <div>
            <dt>Settled</dt>
            <dd>
              {milestone.released.formatted} released, {milestone.refunded.formatted} refunded
            </dd>
          </div>
        )}
        <div>
          <dt>Due</dt>
          <dd className={overdue ? 'milestone__overdue' : undefined}>
            {milestone.dueAt ? formatDate(milestone.dueAt) : 'No due date'}
            {overdue && ' (overdue)'}
          </dd>
        </div>
      </dl>
      {milestone.description && <p className="milestone__description">{milestone.description}</p>}

      {milestone.status === 'CHANGES_REQUESTED' && lastChangeRequest?.note && (
        <p className="milestone__changes">
          <strong>{lastChangeRequest.actor?.name ?? 'The employer'} asked for changes:</strong> {lastChangeRequest.note}
        </p>
      )}

      <MilestoneSubmission
        milestoneId={milestone.id}
        milestoneTitle={milestone.title}
        status={milestone.status}
        history={history}
        reviewing={renderActions !== undefined && contractStatus !== 'ENDED'}
      />
      {dispute && (
        <DisputePanel
          dispute={dispute}
          milestoneId={milestone.id}
          milestoneTitle={milestone.title}
          side={renderActions ? 'EMPLOYER' : 'TRAINER'}
          contractStatus={contractStatus}
        />
      )}
      {renderActions?.(milestone, contractStatus, budget)}
      {canSubmit && !submitting && (
        <div className="milestone__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => setSubmitting(true)}
            disabled={contractStatus !== 'ACTIVE'}
            aria-describedby={contractStatus !== 'ACTIVE' ? `${headingId}-paused` : undefined}
          >
            Complete &amp; Request Payout<span className="visually-hidden"> for {milestone.title}</span>
          </button>
          {contractStatus !== 'ACTIVE' && (
            <span id={`${headingId}-paused`} className="field__hint">
              The contract is {contractStatus.toLowerCase()}; work cannot be submitted now.
            </span>
          )}
        </div>
      )}
      {canSubmit && submitting && (
        <SubmitMilestoneForm
          milestoneId={milestone.id}
          milestoneTitle={milestone.title}
          onDone={() => setSubmitting(false)}
          onCancel={() => setSubmitting(false)}
        />
      )}

      {history.length > 0 && (
        <details className="milestone__history">
          <summary>History ({history.length})</summary>
          <ol>
            {history.map((step) => (
              <li key={step.id}>
                <span className="milestone__history-line">
                  <strong>{step.actor?.name ?? 'Workroom'}</strong> {humanize(step.action).toLowerCase()}
                  {step.fromStatus && step.fromStatus !== step.toStatus ? ` (${statusLabel(step.fromStatus)} → ${statusLabel(step.toStatus)})` : ''}
                  <time dateTime={step.at}> · {formatDateTime(step.at)}</time>
                </span>
                {step.note && <span className="milestone__history-note">“{step.note}”</span>}
                {step.attachments.length > 0 && (
                  <ul className="milestone__attachments">
                    {step.attachments.map((attachment) => (
                      <li key={attachment.url}>
                        <a href={attachment.url} target="_blank" rel="noreferrer">
                          {attachment.name}
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
};
