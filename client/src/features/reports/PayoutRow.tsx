import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDate } from '../../ui/format';
import { StatusBadge } from '../../ui/StatusBadge';

export const PayoutRow_payout = graphql(`
  fragment PayoutRow_payout on Payout {
    id
    status
    requestedAt
    completedAt
    failureReason
    amount {
      formatted
    }
    organization {
      id
      name
    }
    method {
      id
      label
    }
    invoices(first: 20) {
      totalCount
      edges {
        cursor
        node {
          id
          number
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const PayoutRow = (props: { payout: FragmentType<typeof PayoutRow_payout> }) => {
  const payout = getFragmentData(PayoutRow_payout, props.payout);
  const numbers = payout.invoices.edges.map((edge) => edge.node.number);
  const more = payout.invoices.totalCount - numbers.length;
  return (
    <li className="payout list-row">
      <div className="list-row__main">
        <span className="list-row__title">
          {payout.amount.formatted} from {payout.organization.name} <StatusBadge status={payout.status} />
        </span>
        <span className="list-row__meta">
          Requested {formatDate(payout.requestedAt)}
          {payout.method && ` to ${payout.method.label}`}
          {payout.completedAt && ` · ${payout.status === 'PAID' ? 'paid' : 'closed'} ${formatDate(payout.completedAt)}`}
        </span>
        {payout.failureReason && <span className="form-error">{payout.failureReason}</span>}
      </div>
      <div className="list-row__side list-row__meta">
        {numbers.join(', ')}
        {more > 0 && ` and ${more} more`}
      </div>
    </li>
  );
};
