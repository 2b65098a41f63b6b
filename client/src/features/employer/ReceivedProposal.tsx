import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { PaymentType } from '../../gql/graphql';
import { formatDate, formatRate } from '../../ui/format';
import { errorMessage } from '../../ui/QueryState';
import { StatusBadge } from '../../ui/StatusBadge';
import { toasts } from '../../ui/toasts';
import { jobPath } from '../job-board/paths';
import { dollarsToCents } from './CreateMilestoneForm';
import { useDeclineProposal } from './use-decline-proposal';
import { useHireProposal } from './use-hire-proposal';
import { useShortlistProposal } from './use-shortlist-proposal';

export const ReceivedProposal_proposal = graphql(`
  fragment ReceivedProposal_proposal on Proposal {
    id
    status
    createdAt
    coverLetter
    rate {
      formatted
      cents
    }
    trainer {
      id
      name
      skills
    }
    job {
      id
      title
      paymentType
    }
    thread {
      id
    }
    contract {
      id
    }
  }
`);

type Mode = 'idle' | 'decline' | 'hire';
const OPEN = new Set(['UNREVIEWED', 'SHORTLISTED']);

/** One proposal the organization received: shortlist, decline (with a reason) or hire. */
export const ReceivedProposal = (props: { proposal: FragmentType<typeof ReceivedProposal_proposal> }) => {
  const proposal = getFragmentData(ReceivedProposal_proposal, props.proposal);
  const [mode, setMode] = useState<Mode>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState('');
  const [terms, setTerms] = useState('Net 7 after approval.');
  const [budget, setBudget] = useState('');
  const [milestoneTitle, setMilestoneTitle] = useState('');
  const [milestoneAmount, setMilestoneAmount] = useState('');
  const { shortlist, loading: shortlisting } = useShortlistProposal();
  const { decline, loading: declining } = useDeclineProposal();
  const { hire, loading: hiring } = useHireProposal();
  const busy = shortlisting || declining || hiring;
  const ids = { reason: useId(), scope: useId(), terms: useId(), budget: useId(), mTitle: useId(), mAmount: useId() };
  const headingId = `proposal-${proposal.id}`;
  const paymentType: PaymentType = proposal.job.paymentType;
  const named = <span className="visually-hidden"> {proposal.trainer.name}</span>;

  const run = async (action: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await action();
      setMode('idle');
    } catch (error) {
      setProblem(errorMessage(error instanceof Error ? error : null));
    }
  };

  const onDecline = (event: FormEvent) => {
    event.preventDefault();
    return run(() => decline(proposal.id, reason.trim()));
  };

  const onHire = (event: FormEvent) => {
    event.preventDefault();
    const totalBudgetCents = dollarsToCents(budget);
    if (!scope.trim() || !terms.trim()) return setProblem('Write the scope and the terms.');
    if (totalBudgetCents === null) return setProblem('Enter the total budget in dollars.');
    let firstMilestone = null;
    if (milestoneTitle.trim()) {
      const amountCents = dollarsToCents(milestoneAmount);
      if (amountCents === null) return setProblem('Enter the first milestone’s amount in dollars.');
      firstMilestone = { title: milestoneTitle.trim(), amountCents };
    }
    return run(async () => {
      const contract = await hire({
        proposalId: proposal.id,
        paymentType,
        rateCents: paymentType === 'FIXED_PRICE' ? null : proposal.rate.cents,
        scope: scope.trim(),
        terms: terms.trim(),
        totalBudgetCents,
        firstMilestone,
      });
      toasts.show({ message: `Hired ${proposal.trainer.name}${contract ? ` for "${contract.title}"` : ''}.`, tone: 'success' });
    });
  };

  return (
    <li className="card received-proposal" aria-labelledby={headingId}>
      <div className="milestone__top">
        <h3 id={headingId}>
          {proposal.trainer.name} · {proposal.job.title}
        </h3>
        <StatusBadge status={proposal.status} />
      </div>
      <p className="field__hint">
        {proposal.trainer.name} proposed {formatRate(paymentType, proposal.rate)} · {formatDate(proposal.createdAt)}
        {proposal.trainer.skills.length > 0 && ` · ${proposal.trainer.skills.join(', ')}`}
      </p>
      <p className="received-proposal__letter">{proposal.coverLetter}</p>
      <p className="received-proposal__links">
        <Link to={jobPath(proposal.job.id)}>
          Job posting<span className="visually-hidden"> for {proposal.job.title}</span>
        </Link>
        {proposal.thread && <Link to={`/messages/${proposal.thread.id}`}>Message {proposal.trainer.name}</Link>}
        {proposal.contract && <Link to={`/jobs/${proposal.contract.id}/contract`}>Open the contract</Link>}
      </p>
      {OPEN.has(proposal.status) && mode === 'idle' && (
        <div className="milestone__actions">
          <button type="button" className="button button--primary" onClick={() => setMode('hire')} disabled={busy}>
            Hire{named}
          </button>
          {proposal.status === 'UNREVIEWED' && (
            <button type="button" className="button" onClick={() => run(() => shortlist(proposal.id))} disabled={busy}>
              {shortlisting ? 'Shortlisting…' : 'Shortlist'}
              {named}
            </button>
          )}
          <button type="button" className="button button--quiet" onClick={() => setMode('decline')} disabled={busy}>
            Decline{named}
          </button>
        </div>
      )}
      {mode === 'decline' && (
        <form className="submit-milestone" onSubmit={onDecline} noValidate>
          <div className="field">
            <label htmlFor={ids.reason}>Reason (optional, shown to the trainer)</label>
            <textarea id={ids.reason} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {declining ? 'Declining…' : 'Decline proposal'}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setMode('idle')} disabled={busy}>
              Back
            </button>
          </div>
        </form>
      )}
      {mode === 'hire' && (
        <form className="submit-milestone" onSubmit={onHire} noValidate aria-label={`Hire ${proposal.trainer.name}`}>
          <div className="field">
            <label htmlFor={ids.scope}>Scope</label>
            <textarea id={ids.scope} rows={2} value={scope} onChange={(event) => setScope(event.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor={ids.terms}>Terms (Markdown)</label>
            <textarea id={ids.terms} rows={2} value={terms} onChange={(event) => setTerms(event.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor={ids.budget}>Total budget (USD)</label>
            <input id={ids.budget} inputMode="decimal" value={budget} onChange={(event) => setBudget(event.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor={ids.mTitle}>First milestone title (optional)</label>
            <input id={ids.mTitle} value={milestoneTitle} onChange={(event) => setMilestoneTitle(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.mAmount}>First milestone amount (USD)</label>
            <input id={ids.mAmount} inputMode="decimal" value={milestoneAmount} onChange={(event) => setMilestoneAmount(event.target.value)} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {hiring ? 'Hiring…' : 'Hire and start the contract'}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setMode('idle')} disabled={busy}>
              Back
            </button>
          </div>
        </form>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
};
