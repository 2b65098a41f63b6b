import { Link } from 'react-router';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDate, payLabel } from '../../ui/format';
import { StatusBadge } from '../../ui/StatusBadge';

import './ContractCard.css';

export const ContractCard_contract = graphql(`
  fragment ContractCard_contract on Contract {
    id
    title
    status
    paymentType
    startedAt
    rate {
      formatted
    }
    totalBudget {
      formatted
    }
    organization {
      id
      name
    }
    job {
      id
      title
    }
    instructions {
      id
      hasUnreadUpdate
    }
  }
`);

/** An active job on the dashboard and in My Jobs, with the way into its manage view. */
export const ContractCard = (props: { contract: FragmentType<typeof ContractCard_contract> }) => {
  const contract = getFragmentData(ContractCard_contract, props.contract);
  const headingId = `contract-${contract.id}`;
  return (
    <article className="contract-card card" aria-labelledby={headingId}>
      <div className="contract-card__top">
        <h3 className="contract-card__title" id={headingId}>
          {contract.job.title}
        </h3>
        <StatusBadge status={contract.status} />
      </div>
      <p className="contract-card__employer">{contract.organization.name}</p>
      <dl className="contract-card__facts">
        <div>
          <dt>Pay</dt>
          <dd>{payLabel(contract.paymentType, contract.rate, contract.totalBudget)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDate(contract.startedAt)}</dd>
        </div>
      </dl>
      {contract.instructions?.hasUnreadUpdate && (
        <p className="contract-card__notice">
          <Link to={`/jobs/${contract.id}/instructions`}>Instructions updated since you last read them</Link>
        </p>
      )}
      <div className="contract-card__actions">
        <Link className="button button--primary" to={`/jobs/${contract.id}/messages`}>
          Start working<span className="visually-hidden"> on {contract.job.title}</span>
        </Link>
        <Link className="button" to={`/jobs/${contract.id}/contract`}>
          Milestones<span className="visually-hidden"> of {contract.job.title}</span>
        </Link>
      </div>
    </article>
  );
};
