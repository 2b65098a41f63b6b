import { Link } from 'react-router';

import { useCurrentViewer } from '../../app/viewer-context';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDate, formatRate } from '../../ui/format';
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
    trainer {
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

/**
 * An active or paused contract, on the trainer's dashboard and My Jobs and on the employer's
 * console and Contracts. It names the other party (the organization for a trainer, the trainer
 * for an employer: two contracts on one job differ only by that) and offers the viewer's next
 * move: a trainer starts working on an ACTIVE contract, opens a PAUSED one; an employer manages it.
 */
export const ContractCard = (props: { contract: FragmentType<typeof ContractCard_contract> }) => {
  const contract = getFragmentData(ContractCard_contract, props.contract);
  const employer = useCurrentViewer().role === 'EMPLOYER';
  const headingId = `contract-${contract.id}`;
  const title = contract.job.title;
  const otherParty = employer ? contract.trainer.name : contract.organization.name;
  // Said after the title to screen readers, so two contracts on one job are told apart in every link.
  const which = <span className="visually-hidden"> {employer ? `with ${otherParty}` : `for ${otherParty}`}</span>;
  const paused = contract.status === 'PAUSED';
  const base = `/jobs/${contract.id}`;
  return (
    <article className="contract-card card" aria-labelledby={headingId}>
      <div className="contract-card__top">
        <h3 className="contract-card__title" id={headingId}>
          {title}
          {employer && <span className="visually-hidden">, with {otherParty}</span>}
        </h3>
        <StatusBadge status={contract.status} />
      </div>
      <p className="contract-card__party">{employer ? <>with {otherParty}</> : otherParty}</p>
      <dl className="contract-card__facts">
        <div>
          <dt>Pay</dt>
          <dd>{formatRate(contract.paymentType, contract.rate, contract.totalBudget)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDate(contract.startedAt)}</dd>
        </div>
      </dl>
      {paused && (
        <p className="contract-card__notice">
          {employer
            ? 'Paused: resume it from the contract to fund milestones again.'
            : `Paused by ${contract.organization.name}: no funding or submissions until it resumes.`}
        </p>
      )}
      {!employer && contract.instructions?.hasUnreadUpdate && (
        <p className="contract-card__notice">
          <Link to={`${base}/instructions`}>Instructions updated since you last read them</Link>
        </p>
      )}
      <div className="contract-card__actions">
        {employer ? (
          <>
            <Link className="button button--primary" to={`${base}/contract`}>
              Manage contract<span className="visually-hidden"> {title}</span>
              {which}
            </Link>
            <Link className="button" to={`${base}/messages`}>
              Messages<span className="visually-hidden"> of {title}</span>
              {which}
            </Link>
          </>
        ) : (
          <>
            <Link className={`button${paused ? '' : ' button--primary'}`} to={`${base}/messages`}>
              {paused ? 'Open job' : 'Start working'}
              <span className="visually-hidden"> on {title}</span>
              {which}
            </Link>
            <Link className="button" to={`${base}/contract`}>
              Milestones<span className="visually-hidden"> of {title}</span>
              {which}
            </Link>
          </>
        )}
      </div>
    </article>
  );
};
