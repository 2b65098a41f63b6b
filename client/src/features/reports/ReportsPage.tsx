import { useQuery } from '@apollo/client/react';
import { useFirstFetchPolicy } from '../../app/first-fetch-policy';
import { useCallback, useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router';

import { graphql } from '../../gql';
import type { InvoiceStatus } from '../../gql/graphql';
import { LoadMore } from '../../ui/LoadMore';
import { EmptyState, QueryGate } from '../../ui/QueryState';
import { addDays, parseDayKey } from '../calendar/dates';
import { useCurrentViewer } from '../../app/viewer-context';
import { EmployerReports } from './EmployerReports';
import { InvoiceRow } from './InvoiceRow';
import { PayoutRow } from './PayoutRow';
import { RequestPayout } from './RequestPayout';
import { useRefetchOnLive } from '../live/live-refetch';

import './ReportsPage.css';

export const ReportsInvoicesQuery = graphql(`
  query ReportsInvoices($status: [InvoiceStatus!], $issuedFrom: DateTime, $issuedTo: DateTime, $after: String) {
    viewer {
      id
      invoices(first: 20, after: $after, status: $status, issuedFrom: $issuedFrom, issuedTo: $issuedTo) {
        totalCount
        edges {
          cursor
          node {
            id
            ...InvoiceRow_invoice
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const ReportsPayoutsQuery = graphql(`
  query ReportsPayouts($after: String) {
    viewer {
      id
      payouts(first: 10, after: $after) {
        totalCount
        edges {
          cursor
          node {
            id
            ...PayoutRow_payout
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

const statusOptions: Array<{ value: string; label: string; status: InvoiceStatus[] | null }> = [
  { value: '', label: 'Any status', status: null },
  { value: 'ISSUED', label: 'Issued (not yet paid out)', status: ['ISSUED'] },
  { value: 'PAID', label: 'Paid out', status: ['PAID'] },
  { value: 'VOID', label: 'Void', status: ['VOID'] },
];

/** Reports: the employer's page for an employer (their organization's money), the trainer's otherwise. */
export const ReportsPage = () => {
  const { role } = useCurrentViewer();
  if (role === 'EMPLOYER') return <EmployerReports invoices={<InvoicesSection employer />} />;
  return <TrainerReports />;
};

/** A trainer's Reports: invoices (filtered by status and issue date), payouts, and requesting a payout. */
const TrainerReports = () => {
  const payouts = useQuery(ReportsPayoutsQuery, useFirstFetchPolicy(ReportsPayoutsQuery));
  useRefetchOnLive(['PAYOUT_REQUESTED', 'PAYOUT_COMPLETED'], payouts.refetch);
  // Both queries start at once, but payouts are drawn only once the invoices above them are: the
  // invoice table arriving second would otherwise push the payouts down (layout shift).
  const [invoicesShown, setInvoicesShown] = useState(false);
  const onInvoicesShown = useCallback(() => setInvoicesShown(true), []);

  return (
    <div className="reports">
      <h1>Reports</h1>
      <RequestPayout />

      <InvoicesSection onShown={onInvoicesShown} />

      {invoicesShown && (
        <section className="card" aria-labelledby="payouts-title">
          <h2 id="payouts-title">Payouts</h2>
          <QueryGate data={payouts.data?.viewer} error={payouts.error} refetch={payouts.refetch} loadingLabel="Loading payouts…">
            {(viewer) => {
              const connection = viewer.payouts;
              if (connection.edges.length === 0) return <EmptyState>No payouts yet.</EmptyState>;
              return (
                <>
                  <ul className="list">
                    {connection.edges.map(({ node }) => (
                      <PayoutRow key={node.id} payout={node} />
                    ))}
                  </ul>
                  <LoadMore pageInfo={connection.pageInfo} fetchMore={payouts.fetchMore} loading={payouts.loading} label="Show more payouts" />
                </>
              );
            }}
          </QueryGate>
        </section>
      )}
    </div>
  );
};

/** Invoices, filtered by status and issue date: the trainer's own, or all of an employer's organization. */
const InvoicesSection = ({ employer = false, onShown }: { employer?: boolean; onShown?: () => void }) => {
  const [params, setParams] = useSearchParams();
  const statusId = useId();
  const fromId = useId();
  const toId = useId();

  const statusValue = params.get('status') ?? '';
  const status = statusOptions.find((option) => option.value === statusValue)?.status ?? null;
  const fromDay = parseDayKey(params.get('from'));
  const toDay = parseDayKey(params.get('to'));
  const filtered = Boolean(status || fromDay || toDay);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const variables = {
    status,
    issuedFrom: fromDay ? fromDay.toISOString() : null,
    // "To" is inclusive for people: everything issued before the next midnight.
    issuedTo: toDay ? addDays(toDay, 1).toISOString() : null,
  };
  const invoices = useQuery(ReportsInvoicesQuery, { variables, ...useFirstFetchPolicy(ReportsInvoicesQuery, variables) });
  useRefetchOnLive(['INVOICE_ISSUED', 'PAYOUT_REQUESTED', 'PAYOUT_COMPLETED'], invoices.refetch);
  const shown = invoices.data?.viewer !== undefined || invoices.error !== undefined;
  useEffect(() => {
    if (shown) onShown?.();
  }, [shown, onShown]);

  return (
    <section className="card" aria-labelledby="invoices-title">
      <div className="section-header">
        <h2 id="invoices-title">{employer ? "Your organization's invoices" : 'Invoices'}</h2>
      </div>
      <form className="filters" onSubmit={(event) => event.preventDefault()} aria-label="Filter invoices">
        <div className="field">
          <label htmlFor={statusId}>Status</label>
          <select id={statusId} value={statusValue} onChange={(event) => setFilter('status', event.target.value)}>
            {statusOptions.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={fromId}>Issued from</label>
          <input
            id={fromId}
            type="date"
            value={params.get('from') ?? ''}
            max={params.get('to') ?? undefined}
            onChange={(event) => setFilter('from', event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={toId}>Issued to</label>
          <input
            id={toId}
            type="date"
            value={params.get('to') ?? ''}
            min={params.get('from') ?? undefined}
            onChange={(event) => setFilter('to', event.target.value)}
          />
        </div>
        {filtered && (
          <button type="button" className="button button--quiet" onClick={() => setParams({}, { replace: true })}>
            Clear filters
          </button>
        )}
      </form>
      <QueryGate data={invoices.data?.viewer} error={invoices.error} refetch={invoices.refetch} loadingLabel="Loading invoices…">
        {(viewer) => {
          const connection = viewer.invoices;
          if (connection.edges.length === 0) {
            return (
              <EmptyState>
                {filtered
                  ? 'No invoices match these filters.'
                  : employer
                    ? 'No invoices yet: one is issued to your organization for each milestone you pay.'
                    : 'No invoices yet: one is issued for each paid milestone.'}
              </EmptyState>
            );
          }
          return (
            <>
              <p className="reports__count">
                {connection.totalCount} {connection.totalCount === 1 ? 'invoice' : 'invoices'}
              </p>
              <div className="table-wrap">
                <table className="invoice-table">
                  <thead>
                    <tr>
                      <th scope="col">Invoice</th>
                      <th scope="col">Issued</th>
                      <th scope="col">Status</th>
                      <th scope="col" className="num">
                        Gross
                      </th>
                      <th scope="col" className="num">
                        Fee
                      </th>
                      <th scope="col" className="num">
                        Net
                      </th>
                      <th scope="col">
                        <span className="visually-hidden">Download</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {connection.edges.map(({ node }) => (
                      <InvoiceRow key={node.id} invoice={node} />
                    ))}
                  </tbody>
                </table>
              </div>
              <LoadMore pageInfo={connection.pageInfo} fetchMore={invoices.fetchMore} loading={invoices.loading} label="Show more invoices" />
            </>
          );
        }}
      </QueryGate>
    </section>
  );
};
