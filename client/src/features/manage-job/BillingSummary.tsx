import { getFragmentData, graphql, type FragmentType } from '../../gql';

export const BillingSummary_contract = graphql(`
  fragment BillingSummary_contract on Contract {
    id
    billingSummary {
      paidOut {
        formatted
        cents
      }
      activeAndFunded {
        formatted
        cents
      }
      pendingApproval {
        formatted
        cents
      }
      inDispute {
        formatted
        cents
      }
      refunded {
        formatted
        cents
      }
      totalBudget {
        formatted
        cents
      }
    }
  }
`);

/**
 * Where the contract's money stands: Paid Out, Active & Funded, Pending approval, In dispute (held
 * until the dispute ends), Refunded (back to the employer), Total Budget; the bar shows each share.
 */
export const BillingSummary = (props: { contract: FragmentType<typeof BillingSummary_contract> }) => {
  const { billingSummary: summary } = getFragmentData(BillingSummary_contract, props.contract);
  // Null only when the server could not add the contract's money up exactly; the rest of the page stands.
  if (!summary) {
    return (
      <section className="billing card" aria-labelledby="billing-title">
        <h2 id="billing-title" className="visually-hidden">
          Billing summary
        </h2>
        <p role="status">The billing summary cannot be shown right now. The milestones below are up to date.</p>
      </section>
    );
  }
  const total = Math.max(summary.totalBudget.cents, 1);
  const share = (cents: number) => `${Math.min(100, (cents / total) * 100)}%`;
  const items = [
    { key: 'paid', label: 'Paid Out', money: summary.paidOut },
    { key: 'funded', label: 'Active & Funded', money: summary.activeAndFunded },
    { key: 'pending', label: 'Pending approval', money: summary.pendingApproval },
    ...(summary.inDispute.cents > 0 ? [{ key: 'dispute', label: 'In dispute', money: summary.inDispute }] : []),
    ...(summary.refunded.cents > 0 ? [{ key: 'refunded', label: 'Refunded', money: summary.refunded }] : []),
    { key: 'total', label: 'Total Budget', money: summary.totalBudget },
  ];
  return (
    <section className="billing card" aria-labelledby="billing-title">
      <h2 id="billing-title" className="visually-hidden">
        Billing summary
      </h2>
      <dl className="billing__figures">
        {items.map((item) => (
          <div key={item.key} className={`billing__figure billing__figure--${item.key}`}>
            <dt>{item.label}</dt>
            <dd>{item.money.formatted}</dd>
          </div>
        ))}
      </dl>
      <div className="billing__bar" aria-hidden="true">
        <span className="billing__bar-paid" style={{ width: share(summary.paidOut.cents) }} />
        <span className="billing__bar-pending" style={{ width: share(summary.pendingApproval.cents) }} />
        <span className="billing__bar-funded" style={{ width: share(summary.activeAndFunded.cents) }} />
        <span className="billing__bar-dispute" style={{ width: share(summary.inDispute.cents) }} />
      </div>
    </section>
  );
};
