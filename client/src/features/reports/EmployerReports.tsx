import { useQuery } from '@apollo/client/react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { graphql } from '../../gql';
import type { EmployerFinancesQuery } from '../../gql/graphql';
import { formatDate, humanize } from '../../ui/format';
import { LoadMore } from '../../ui/LoadMore';
import { EmptyState, QueryGate } from '../../ui/QueryState';
import { useRefetchOnLive } from '../live/live-refetch';

/** How many calendar months (UTC) the spend chart covers, ending with the current one. */
export const SPEND_MONTHS = 12;
export const CONTRACTS_PAGE = 20;

export const EmployerFinancesQueryDocument = graphql(`
  query EmployerFinances($months: Int!, $first: Int!, $after: String) {
    viewer {
      id
      organization {
        id
        name
        finances {
          spent {
            cents
            currency
            formatted
          }
          marketplaceFees {
            cents
            currency
            formatted
          }
          inEscrow {
            cents
            currency
            formatted
          }
          funded {
            cents
            currency
            formatted
          }
          spendByMonth(months: $months) {
            month
            startsAt
            invoiceCount
            spent {
              cents
              currency
              formatted
            }
          }
          spendByContract(first: $first, after: $after) {
            totalCount
            edges {
              cursor
              node {
                invoiceCount
                contract {
                  id
                  title
                  status
                  startedAt
                  trainer {
                    id
                    name
                  }
                }
                spent {
                  formatted
                }
                marketplaceFees {
                  formatted
                }
                inEscrow {
                  formatted
                }
                funded {
                  formatted
                }
              }
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      }
    }
  }
`);

type Finances = NonNullable<NonNullable<EmployerFinancesQuery['viewer']>['organization']>['finances'];
type Amount = { cents: number; currency: string; formatted: string };

const monthLabel = (startsAt: string) => new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(startsAt));

/** The currencies the organization has money in, in the server's order (by code). */
const currenciesOf = (finances: NonNullable<Finances>) => finances.funded.map((amount) => amount.currency);

const inCurrency = (amounts: Amount[], currency: string) => amounts.find((amount) => amount.currency === currency);

export const FeeExplainer = () => (
  <p className="finances__fee-note">
    <strong>Who pays the fee:</strong> you pay each milestone's amount and nothing on top. Workroom's marketplace fee is borne by the trainer: it is withheld
    from the amount you paid before the trainer is paid out. The fee figures show how much of your spend went to Workroom.
  </p>
);

const Totals = ({ finances }: { finances: NonNullable<Finances> }) => {
  const currencies = currenciesOf(finances);
  if (currencies.length === 0) return <EmptyState>No money moved yet: fund a milestone to see it here.</EmptyState>;
  return (
    <div className="finances__totals">
      {currencies.map((currency) => (
        <section key={currency} className="finances__currency" aria-label={`Totals in ${currency}`}>
          <h3>{currency}</h3>
          <dl>
            <div>
              <dt>Funded</dt>
              <dd>{inCurrency(finances.funded, currency)?.formatted}</dd>
            </div>
            <div>
              <dt>In escrow</dt>
              <dd>{inCurrency(finances.inEscrow, currency)?.formatted}</dd>
            </div>
            <div>
              <dt>Paid to trainers</dt>
              <dd>{inCurrency(finances.spent, currency)?.formatted}</dd>
            </div>
            <div>
              <dt>Of which marketplace fee</dt>
              <dd>{inCurrency(finances.marketplaceFees, currency)?.formatted}</dd>
            </div>
          </dl>
        </section>
      ))}
    </div>
  );
};

/** Spend per month as a table (readable by everyone) with a bar per currency, scaled per currency. */
const SpendByMonth = ({ finances }: { finances: NonNullable<Finances> }) => {
  const currencies = currenciesOf(finances);
  const months = finances.spendByMonth;
  const highest = new Map(currencies.map((currency) => [currency, Math.max(0, ...months.map((month) => inCurrency(month.spent, currency)?.cents ?? 0))]));
  return (
    // Focusable, so that keyboard users can scroll it sideways on a narrow screen.
    <div className="table-wrap" tabIndex={0} role="group" aria-label="Spend by month, scrollable">
      <table className="finances__months">
        <caption className="visually-hidden">Spend by calendar month (UTC), by invoice issue date</caption>
        <thead>
          <tr>
            <th scope="col">Month (UTC)</th>
            {currencies.map((currency) => (
              <th scope="col" key={currency}>
                Spent ({currency})
              </th>
            ))}
            <th scope="col" className="num">
              Invoices
            </th>
          </tr>
        </thead>
        <tbody>
          {months.map((month) => (
            <tr key={month.month}>
              <th scope="row">{monthLabel(month.startsAt)}</th>
              {currencies.map((currency) => {
                const amount = inCurrency(month.spent, currency);
                const top = highest.get(currency) ?? 0;
                const width = amount && top > 0 ? Math.max(2, Math.round((amount.cents / top) * 100)) : 0;
                return (
                  <td key={currency}>
                    <div className="finances__bar-cell">
                      <span className="finances__bar" style={{ width: `${width * 0.6}%` }} aria-hidden="true" />
                      <span className="finances__bar-value">{amount?.formatted ?? '—'}</span>
                    </div>
                  </td>
                );
              })}
              <td className="num">{month.invoiceCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

/** The employer's Reports: their organization's money, per currency, per month and per contract. */
export const EmployerReports = ({ invoices }: { invoices: ReactNode }) => {
  const { data, error, refetch, fetchMore, loading } = useQuery(EmployerFinancesQueryDocument, {
    variables: { months: SPEND_MONTHS, first: CONTRACTS_PAGE },
    fetchPolicy: 'cache-and-network',
  });
  useRefetchOnLive(['INVOICE_ISSUED', 'MILESTONE_STATUS_CHANGED', 'PAYOUT_COMPLETED'], refetch);
  return (
    <div className="reports">
      <h1>Reports</h1>
      <QueryGate data={data?.viewer} error={error} refetch={refetch} loadingLabel="Loading your organization's finances…">
        {(viewer) => {
          const finances = viewer.organization?.finances;
          if (!finances) return <EmptyState>Your account has no organization, so there are no finances to show.</EmptyState>;
          const connection = finances.spendByContract;
          return (
            <>
              <section className="card" aria-labelledby="finances-title">
                <h2 id="finances-title">{viewer.organization?.name}: money on Workroom</h2>
                <p className="reports__count">Funded = paid to trainers + in escrow. Amounts in different currencies are never added together.</p>
                <Totals finances={finances} />
                <FeeExplainer />
              </section>

              <section className="card" aria-labelledby="months-title">
                <h2 id="months-title">Spend by month</h2>
                <p className="reports__count">
                  The last {SPEND_MONTHS} calendar months in UTC, by the date each invoice was issued (when a milestone was paid).
                </p>
                <SpendByMonth finances={finances} />
              </section>

              <section className="card" aria-labelledby="contracts-title">
                <h2 id="contracts-title">Spend by contract</h2>
                {connection.edges.length === 0 ? (
                  <EmptyState>No contracts yet.</EmptyState>
                ) : (
                  <>
                    <p className="reports__count">
                      {connection.totalCount} {connection.totalCount === 1 ? 'contract' : 'contracts'}, most recently started first
                    </p>
                    <div className="table-wrap">
                      <table className="invoice-table">
                        <thead>
                          <tr>
                            <th scope="col">Contract</th>
                            <th scope="col" className="num">
                              Funded
                            </th>
                            <th scope="col" className="num">
                              In escrow
                            </th>
                            <th scope="col" className="num">
                              Paid
                            </th>
                            <th scope="col" className="num">
                              Fee
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          {connection.edges.map(({ node }) => (
                            <tr key={node.contract.id}>
                              <th scope="row">
                                <Link to={`/jobs/${node.contract.id}/contract`}>{node.contract.title}</Link>
                                <span className="invoice__what">
                                  with {node.contract.trainer.name} · {humanize(node.contract.status)} · started {formatDate(node.contract.startedAt)} ·{' '}
                                  {node.invoiceCount} {node.invoiceCount === 1 ? 'invoice' : 'invoices'}
                                </span>
                              </th>
                              <td data-label="Funded" className="num">
                                {node.funded.formatted}
                              </td>
                              <td data-label="In escrow" className="num">
                                {node.inEscrow.formatted}
                              </td>
                              <td data-label="Paid" className="num">
                                {node.spent.formatted}
                              </td>
                              <td data-label="Fee" className="num">
                                {node.marketplaceFees.formatted}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                    <LoadMore pageInfo={connection.pageInfo} fetchMore={fetchMore} loading={loading} label="Show more contracts" />
                  </>
                )}
              </section>
            </>
          );
        }}
      </QueryGate>
      {invoices}
    </div>
  );
};
