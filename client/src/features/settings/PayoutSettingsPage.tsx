import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';

import { useCurrentViewer } from '../../app/viewer-context';
import { graphql } from '../../gql';
import { EmptyState, QueryGate } from '../../ui/QueryState';
import { AddPayoutMethodForm } from './AddPayoutMethodForm';
import { PayoutMethodItem } from './PayoutMethodItem';

import './Settings.css';

export const PayoutSettingsQuery = graphql(`
  query PayoutSettings {
    viewer {
      id
      name
      payoutMethods {
        id
        country
        ...PayoutMethodItem_method
      }
    }
    payoutMethodCountries {
      code
      name
      kinds
      ibanLength
    }
  }
`);

/** `/settings/payouts`: where the trainer's payouts go (list, default, remove) and adding a method. */
export const PayoutSettingsPage = () => {
  const viewer = useCurrentViewer();
  const { data, error, refetch } = useQuery(PayoutSettingsQuery, { fetchPolicy: 'cache-and-network', skip: viewer.role !== 'TRAINER' });

  if (viewer.role !== 'TRAINER') {
    return (
      <div className="settings">
        <h1>Payouts</h1>
        <EmptyState>Payout methods are for trainers: an organization pays by funding milestones.</EmptyState>
      </div>
    );
  }

  return (
    <div className="settings">
      <h1>Payouts</h1>
      <p className="settings__intro">
        Where Workroom sends your earnings when you <Link to="/reports">request a payout</Link>. Account numbers are stored encrypted; only their last four
        characters are shown.
      </p>
      <QueryGate
        data={data?.viewer ? { viewer: data.viewer, countries: data.payoutMethodCountries } : undefined}
        error={error}
        refetch={refetch}
        loadingLabel="Loading payout methods…"
      >
        {(loaded) => {
          const countryName = (code: string) => loaded.countries.find((country) => country.code === code)?.name ?? code;
          return (
            <>
              <section className="card" aria-labelledby="payout-methods-title">
                <h2 id="payout-methods-title">Your payout methods</h2>
                {loaded.viewer.payoutMethods.length === 0 ? (
                  <EmptyState>No payout method yet: add one below to request payouts.</EmptyState>
                ) : (
                  <ul className="list">
                    {loaded.viewer.payoutMethods.map((method) => (
                      <PayoutMethodItem key={method.id} method={method} countryName={countryName(method.country)} />
                    ))}
                  </ul>
                )}
              </section>
              <section className="card">
                <AddPayoutMethodForm countries={loaded.countries} hasMethods={loaded.viewer.payoutMethods.length > 0} holderName={loaded.viewer.name} />
              </section>
            </>
          );
        }}
      </QueryGate>
    </div>
  );
};
