import { Link } from 'react-router';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDate, formatRate } from '../../ui/format';
import { StatusBadge } from '../../ui/StatusBadge';

export const YourProposal_proposal = graphql(`
  fragment YourProposal_proposal on Proposal {
    id
    status
    createdAt
    rate {
      formatted
    }
    job {
      id
      paymentType
    }
    thread {
      id
    }
  }
`);

/** On a job the trainer already applied to, in place of the form: what they sent and where to follow it up. */
export const YourProposal = (props: { proposal: FragmentType<typeof YourProposal_proposal> }) => {
  const proposal = getFragmentData(YourProposal_proposal, props.proposal);
  return (
    <section className="card your-proposal" aria-labelledby="your-proposal-title">
      <div className="your-proposal__top">
        <h2 id="your-proposal-title">Your proposal</h2>
        <StatusBadge status={proposal.status} />
      </div>
      <p>
        You applied on {formatDate(proposal.createdAt)}, proposing <span className="job-page__rate">{formatRate(proposal.job.paymentType, proposal.rate)}</span>
        .
      </p>
      <div className="form-actions">
        <Link className="button" to="/proposals">
          See it on your Proposals tab
        </Link>
        {proposal.thread && (
          <Link className="button" to={`/messages/${proposal.thread.id}`}>
            Message the employer
          </Link>
        )}
      </div>
    </section>
  );
};
