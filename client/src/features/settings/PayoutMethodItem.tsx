import { useState } from 'react';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { ConfirmDangerousAction } from '../../ui/ConfirmDangerousAction';
import { useRowActions } from '../../ui/use-row-actions';
import { useRemovePayoutMethod, useSetDefaultPayoutMethod } from './use-payout-methods';

export const PayoutMethodItem_method = graphql(`
  fragment PayoutMethodItem_method on PayoutMethod {
    id
    kind
    label
    country
    accountHolder
    isDefault
  }
`);

/** One payout method, masked: Make default, and Remove after a confirmation. */
export const PayoutMethodItem = (props: { method: FragmentType<typeof PayoutMethodItem_method>; countryName: string }) => {
  const method = getFragmentData(PayoutMethodItem_method, props.method);
  const { setDefault, loading: settingDefault } = useSetDefaultPayoutMethod();
  const { remove, loading: removing } = useRemovePayoutMethod();
  const [confirming, setConfirming] = useState(false);
  const { problem, problemId, run, clearProblem } = useRowActions();
  const busy = settingDefault || removing;

  return (
    <li className="list-row payout-method">
      <div className="list-row__main">
        <span className="list-row__title">
          {method.label} {method.isDefault && <span className="payout-method__default">Default</span>}
        </span>
        <span className="list-row__meta">{[method.accountHolder, props.countryName].filter(Boolean).join(' · ')}</span>
        {problem && (
          <p className="form-error" role="alert" id={problemId}>
            {problem}
          </p>
        )}
      </div>
      <div className="list-row__side">
        {confirming ? (
          <ConfirmDangerousAction
            label={`Remove ${method.label}`}
            question={
              method.isDefault
                ? `Remove ${method.label}? It is your default: new payouts will go to your oldest other method, if you have one.`
                : `Remove ${method.label}?`
            }
            confirmLabel="Remove"
            workingLabel="Removing…"
            working={removing}
            busy={busy}
            describedBy={problem ? problemId : undefined}
            className="payout-method__confirm"
            onConfirm={() => void run(() => remove(method.id), `Removed ${method.label}.`).then(() => setConfirming(false))}
            onCancel={() => {
              setConfirming(false);
              clearProblem();
            }}
          />
        ) : (
          <div className="form-actions">
            {!method.isDefault && (
              <button
                type="button"
                className="button button--small"
                aria-label={`Make ${method.label} the default`}
                disabled={busy}
                onClick={() => void run(() => setDefault(method.id), `New payouts go to ${method.label}.`)}
              >
                {settingDefault ? 'Saving…' : 'Make default'}
              </button>
            )}
            <button
              type="button"
              className="button button--small button--quiet"
              aria-label={`Remove ${method.label}…`}
              disabled={busy}
              onClick={() => setConfirming(true)}
            >
              Remove…
            </button>
          </div>
        )}
      </div>
    </li>
  );
};
