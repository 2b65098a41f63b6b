import { useId, useState } from 'react';
import { Link } from 'react-router';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDate, formatRate } from '../../ui/format';
import { errorMessage } from '../../ui/QueryState';
import { ConfirmDangerousAction } from '../../ui/ConfirmDangerousAction';
import { StatusBadge } from '../../ui/StatusBadge';
import { toasts } from '../../ui/toasts';
import { jobPath } from '../job-board/paths';
import { useWithdrawProposal } from './use-withdraw-proposal';

export const ProposalRow_proposal = graphql(`
  fragment ProposalRow_proposal on Proposal {
    id
    status
    createdAt
    updatedAt
    coverLetter
    rate {
      formatted
    }
    job {
      id
      title
      paymentType
      organization {
        id
        name
      }
    }
    thread {
      id
    }
    contract {
      id
    }
  }
`);

/** A trainer may take a proposal back until the employer decides (proposals.mutations.ts). */
const WITHDRAWABLE = new Set(['UNREVIEWED', 'SHORTLISTED']);

/**
 * One of the trainer's proposals: the job it is for (its posting), what was proposed, its
 * thread with the employer, and Withdraw, which asks first and shows the server's refusal if
 * the employer decided in the meantime.
 */
export const ProposalRow = (props: { proposal: FragmentType<typeof ProposalRow_proposal> }) => {
  const proposal = getFragmentData(ProposalRow_proposal, props.proposal);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { withdraw, loading } = useWithdrawProposal();
  const headingId = `proposal-${proposal.id}`;
  const problemId = useId();
  const title = proposal.job.title;

  const onWithdraw = async () => {
    setProblem(null);
    try {
      await withdraw(proposal.id);
      setConfirming(false);
      toasts.show({ message: `Withdrew your proposal for "${title}".`, tone: 'success' });
    } catch (error) {
      // Kept open next to its reason: typically the employer hired or declined meanwhile.
      setProblem(errorMessage(error instanceof Error ? error : null));
    }
  };

  return (
    <li className="proposal card" aria-labelledby={headingId}>
      <div className="proposal__top">
        <h2 className="proposal__title" id={headingId}>
          {title}
        </h2>
        <StatusBadge status={proposal.status} />
      </div>
      <p className="proposal__meta">
        {proposal.job.organization.name} · proposed {formatRate(proposal.job.paymentType, proposal.rate)} · sent {formatDate(proposal.createdAt)}
      </p>
      <details className="proposal__letter">
        <summary>Cover letter</summary>
        <p>{proposal.coverLetter}</p>
      </details>
      <div className="proposal__links">
        <Link to={jobPath(proposal.job.id)}>
          Job posting<span className="visually-hidden"> for {title}</span>
        </Link>
        {proposal.thread && (
          <Link to={`/messages/${proposal.thread.id}`}>
            Message thread<span className="visually-hidden"> about {title}</span>
          </Link>
        )}
        {proposal.contract && <Link to={`/jobs/${proposal.contract.id}/contract`}>Open the contract</Link>}
      </div>
      {WITHDRAWABLE.has(proposal.status) &&
        (!confirming ? (
          <div className="form-actions">
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                setProblem(null);
                setConfirming(true);
              }}
            >
              Withdraw…<span className="visually-hidden"> your proposal for {title}</span>
            </button>
          </div>
        ) : (
          <ConfirmDangerousAction
            className="proposal__confirm"
            label={`Withdraw your proposal for ${title}`}
            question={
              <>
                <strong>Withdraw your proposal for “{title}”?</strong> The employer can no longer hire you from it, and you cannot apply to this job again.
              </>
            }
            confirmLabel="Withdraw proposal"
            workingLabel="Withdrawing…"
            working={loading}
            busy={loading}
            describedBy={problem ? problemId : undefined}
            onConfirm={onWithdraw}
            onCancel={() => {
              setProblem(null);
              setConfirming(false);
            }}
          />
        ))}
      {problem && (
        <p id={problemId} className="form-error" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
};
