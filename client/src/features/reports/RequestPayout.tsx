import { errorMessage } from '../../ui/QueryState';
import { useRequestPayout } from './use-request-payout';

/** "Request payout": one payout per organization and currency over every paid invoice not yet paid out. */
export const RequestPayout = () => {
  const { request, loading, error, payouts } = useRequestPayout();
  return (
    <section className="card request-payout" aria-labelledby="request-payout-title">
      <div>
        <h2 id="request-payout-title">Get paid</h2>
        <p className="request-payout__text">
          Request a payout of every paid milestone invoice that is not in a payout yet.
        </p>
      </div>
      <div className="request-payout__action">
        <button
          type="button"
          className="button button--primary"
          onClick={() => request().catch(() => undefined)}
          disabled={loading}
        >
          {loading ? 'Requesting…' : error ? 'Try again' : 'Request payout'}
        </button>
        <div aria-live="polite">
          {error && (
            <p className="form-error" role="alert">
              {errorMessage(error)}
            </p>
          )}
          {payouts && !error && (
            <p className="request-payout__result">
              {payouts.length === 0
                ? 'Nothing to pay out right now: every paid invoice is already in a payout.'
                : `Requested ${payouts.map((payout) => `${payout.amount.formatted} from ${payout.organization.name}`).join(' and ')}.`}
            </p>
          )}
        </div>
      </div>
    </section>
  );
};
