import { useQuery } from '@apollo/client/react';
import { useFirstFetchPolicy } from '../../app/first-fetch-policy';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';

import { graphql } from '../../gql';
import { errorMessage } from '../../ui/QueryState';
import { useRefetchOnLive } from '../live/live-refetch';
import { useRequestPayout } from './use-request-payout';

import './RequestPayout.css';

export const RequestPayoutPanelQuery = graphql(`
  query RequestPayoutPanel {
    viewer {
      id
      availableForPayout {
        cents
        currency
        formatted
      }
      payoutMethods {
        id
        label
        isDefault
      }
    }
  }
`);

/**
 * "Get paid": how much is ready and where it would go (the default payout method, or a link to
 * Settings → Payouts when there is none); Request payout asks first, showing the amount. Once
 * requested it shows "Requested" until new money is ready, instead of offering a request the
 * server would refuse.
 */
export const RequestPayout = () => {
  const panel = useQuery(RequestPayoutPanelQuery, useFirstFetchPolicy(RequestPayoutPanelQuery));
  // A new invoice, or a failed payout releasing its invoices, is new money.
  useRefetchOnLive(['INVOICE_ISSUED', 'PAYOUT_REQUESTED', 'PAYOUT_COMPLETED'], panel.refetch);
  const { request, loading, error, payouts, reset } = useRequestPayout();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);

  const viewer = panel.data?.viewer;
  const available = viewer?.availableForPayout ?? [];
  const method = viewer?.payoutMethods.find((candidate) => candidate.isDefault) ?? null;
  const amount = available.map((money) => money.formatted).join(' and ');
  const ready = available.length > 0;

  // New money after a request: the last request's note goes, the button is offered again.
  const availableKey = available.map((money) => `${money.currency}:${money.cents}`).join(',');
  const lastKey = useRef(availableKey);
  useEffect(() => {
    if (availableKey !== lastKey.current) {
      lastKey.current = availableKey;
      if (ready && payouts) reset();
    }
  }, [availableKey, ready, payouts, reset]);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const onConfirm = async () => {
    try {
      await request();
    } catch {
      // Shown below from the mutation's error.
    } finally {
      setConfirming(false);
    }
  };

  const requested = payouts !== null && payouts.length > 0 && !ready;

  let action: React.ReactNode;
  if (!viewer) {
    action = (
      <button type="button" className="button button--primary" disabled>
        Request payout
      </button>
    );
  } else if (!method) {
    action = (
      <Link className="button button--primary" to="/settings/payouts">
        Add a payout method
      </Link>
    );
  } else if (confirming) {
    action = (
      <div className="request-payout__confirm" role="group" aria-label="Confirm the payout">
        <p>
          Request a payout of <strong>{amount}</strong> to {method.label}?
        </p>
        <div className="form-actions">
          <button ref={confirmRef} type="button" className="button button--primary" onClick={() => void onConfirm()} disabled={loading}>
            {loading ? 'Requesting…' : `Request ${amount}`}
          </button>
          <button type="button" className="button button--quiet" onClick={() => setConfirming(false)} disabled={loading}>
            Cancel
          </button>
        </div>
      </div>
    );
  } else {
    action = (
      <button
        type="button"
        className="button button--primary"
        onClick={() => {
          reset();
          setConfirming(true);
        }}
        disabled={!ready}
      >
        {requested ? 'Requested' : error ? 'Try again…' : 'Request payout…'}
      </button>
    );
  }

  return (
    <section className="card request-payout" aria-labelledby="request-payout-title">
      <div>
        <h2 id="request-payout-title">Get paid</h2>
        <p className="request-payout__text">
          {!viewer
            ? 'Request a payout of every paid milestone invoice that is not in a payout yet.'
            : ready
              ? `${amount} is ready to pay out.`
              : 'Nothing to pay out right now: every paid invoice is already in a payout.'}
        </p>
        {viewer && (
          <p className="request-payout__text">
            {method ? (
              <>
                Payouts go to <strong>{method.label}</strong> (<Link to="/settings/payouts">change</Link>).
              </>
            ) : (
              <>
                You have no payout method yet: add one in <Link to="/settings/payouts">Settings → Payouts</Link> to get paid.
              </>
            )}
          </p>
        )}
      </div>
      <div className="request-payout__action">
        {action}
        <div aria-live="polite">
          {error && !confirming && (
            <p className="form-error" role="alert">
              {errorMessage(error)}
            </p>
          )}
          {payouts && !error && payouts.length > 0 && (
            <p className="request-payout__result">
              Requested {payouts.map((payout) => `${payout.amount.formatted} from ${payout.organization.name}`).join(' and ')}
              {payouts[0]?.method ? ` to ${payouts[0].method.label}` : ''}.
            </p>
          )}
        </div>
      </div>
    </section>
  );
};
