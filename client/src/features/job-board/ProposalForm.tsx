import { CombinedGraphQLErrors } from '@apollo/client';
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatRate, rateUnitWords } from '../../ui/format';
import { errorMessage } from '../../ui/QueryState';
import { toasts } from '../../ui/toasts';
import { dollarsToCents } from '../employer/CreateMilestoneForm';
import { useSubmitProposal } from './use-submit-proposal';

export const ProposalForm_job = graphql(`
  fragment ProposalForm_job on Job {
    id
    title
    paymentType
    rate {
      amount
      currency
      formatted
    }
    budget {
      amount
      currency
      formatted
    }
    organization {
      id
      name
    }
  }
`);

/** The server's limit on a cover letter (SubmitProposalInput.coverLetter). */
const maxCoverLetter = 5_000;

type Field = 'coverLetter' | 'rateCents';

interface Problem {
  message: string;
  /** The input it is about, to mark and point at; none for refusals of the whole proposal. */
  field: Field | null;
  /** CONFLICT: the trainer already applied, so the way forward is their proposal. */
  alreadyApplied: boolean;
}

/** What the server said, kept apart by the input it names (BAD_USER_INPUT carries `field`). */
const problemOf = (error: unknown): Problem => {
  const first = CombinedGraphQLErrors.is(error) ? error.errors[0] : undefined;
  const field = first?.extensions?.field;
  return {
    message: errorMessage(error instanceof Error ? error : null),
    field: field === 'coverLetter' || field === 'rateCents' ? field : null,
    alreadyApplied: first?.extensions?.code === 'CONFLICT',
  };
};

/**
 * Apply to a job: a cover letter and a rate in the job's own unit (per hour, per label, or the
 * whole price), prefilled with what the job offers. Refusals are the server's words, shown next
 * to the form: already applied (CONFLICT), the job no longer open (INVALID_TRANSITION), or a bad
 * field, which is marked.
 */
export const ProposalForm = (props: { job: FragmentType<typeof ProposalForm_job> }) => {
  const job = getFragmentData(ProposalForm_job, props.job);
  const offered = job.paymentType === 'FIXED_PRICE' ? job.budget : job.rate;
  const currency = offered?.currency ?? 'USD';
  const [coverLetter, setCoverLetter] = useState('');
  const [rate, setRate] = useState(offered?.amount ?? '');
  const [problem, setProblem] = useState<Problem | null>(null);
  const { submit, loading } = useSubmitProposal();
  const ids = { letter: useId(), letterHint: useId(), rate: useId(), rateHint: useId(), problem: useId() };

  const rateLabel =
    job.paymentType === 'FIXED_PRICE' ? `Your price for the whole job (${currency})` : `Your rate (${currency} ${rateUnitWords(job.paymentType)})`;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const letter = coverLetter.trim();
    if (!letter) return setProblem({ message: 'Write a cover letter: why you are a good fit for this job.', field: 'coverLetter', alreadyApplied: false });
    const rateCents = dollarsToCents(rate);
    if (rateCents === null) {
      return setProblem({ message: `Enter your rate in ${currency}, such as 45 or 0.12.`, field: 'rateCents', alreadyApplied: false });
    }
    setProblem(null);
    try {
      await submit({ jobId: job.id, coverLetter: letter, rateCents });
      toasts.show({ message: `Proposal sent to ${job.organization.name} for "${job.title}".`, tone: 'success', href: '/proposals' });
    } catch (error) {
      setProblem(problemOf(error));
    }
  };

  const describe = (field: Field, hintId: string) => (problem?.field === field ? `${hintId} ${ids.problem}` : hintId);

  return (
    <form className="card proposal-form" onSubmit={onSubmit} noValidate aria-labelledby="proposal-form-title">
      <h2 id="proposal-form-title">Apply to this job</h2>
      <div className="field">
        <label htmlFor={ids.letter}>Cover letter</label>
        <textarea
          id={ids.letter}
          rows={6}
          maxLength={maxCoverLetter}
          value={coverLetter}
          onChange={(event) => setCoverLetter(event.target.value)}
          aria-invalid={problem?.field === 'coverLetter' || undefined}
          aria-describedby={describe('coverLetter', ids.letterHint)}
          required
        />
        <span id={ids.letterHint} className="field__hint">
          Why you are a good fit: relevant experience, tools, availability. Up to 5,000 characters.
        </span>
      </div>
      <div className="field">
        <label htmlFor={ids.rate}>{rateLabel}</label>
        <input
          id={ids.rate}
          inputMode="decimal"
          value={rate}
          onChange={(event) => setRate(event.target.value)}
          aria-invalid={problem?.field === 'rateCents' || undefined}
          aria-describedby={describe('rateCents', ids.rateHint)}
          required
        />
        <span id={ids.rateHint} className="field__hint">
          {offered ? `The job offers ${formatRate(job.paymentType, job.rate, job.budget)}.` : 'The job names no amount.'}
        </span>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={loading}>
          {loading ? 'Sending…' : 'Send proposal'}
        </button>
      </div>
      {problem && (
        <div id={ids.problem} className="form-error" role="alert">
          <p className="proposal-form__problem">{problem.message}</p>
          {problem.alreadyApplied && <Link to="/proposals">See your proposals</Link>}
        </div>
      )}
    </form>
  );
};
