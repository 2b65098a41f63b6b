import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderWithApp, testEmployer, testViewer } from '../../test/render';
import { CONTRACTS_PAGE, EmployerFinancesQueryDocument, SPEND_MONTHS } from './EmployerReports';
import { ReportsInvoicesQuery, ReportsPage, ReportsPayoutsQuery } from './ReportsPage';

const amount = (cents: number, currency: string) => ({
  __typename: 'Money' as const,
  cents,
  currency,
  formatted: new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100),
});

const month = (key: string, spent: ReturnType<typeof amount>[], invoiceCount: number) => ({
  __typename: 'MonthSpend' as const,
  month: key,
  startsAt: `${key}-01T00:00:00.000Z`,
  invoiceCount,
  spent,
});

const finances = {
  data: {
    viewer: {
      __typename: 'Viewer',
      id: testEmployer.id,
      organization: {
        __typename: 'Organization',
        id: 'O1',
        name: 'Northwind AI',
        finances: {
          __typename: 'OrganizationFinances',
          spent: [amount(40_000, 'EUR'), amount(130_000, 'USD')],
          marketplaceFees: [amount(4_000, 'EUR'), amount(13_000, 'USD')],
          inEscrow: [amount(15_000, 'EUR'), amount(75_000, 'USD')],
          funded: [amount(55_000, 'EUR'), amount(205_000, 'USD')],
          spendByMonth: [
            month('2026-10', [amount(30_000, 'USD')], 1),
            month('2026-11', [amount(40_000, 'EUR')], 1),
            month('2026-12', [amount(100_000, 'USD')], 1),
          ],
          spendByContract: {
            __typename: 'ContractSpendConnection',
            totalCount: 1,
            edges: [
              {
                __typename: 'ContractSpendEdge',
                cursor: 'c1',
                node: {
                  __typename: 'ContractSpend',
                  invoiceCount: 1,
                  contract: {
                    __typename: 'Contract',
                    id: 'C1',
                    title: 'Ranking (USD)',
                    status: 'ACTIVE',
                    startedAt: '2026-11-02T00:00:00.000Z',
                    trainer: { __typename: 'User', id: 'U1', name: 'Alex Rivera' },
                  },
                  spent: amount(100_000, 'USD'),
                  marketplaceFees: amount(10_000, 'USD'),
                  inEscrow: amount(75_000, 'USD'),
                  funded: amount(175_000, 'USD'),
                },
              },
            ],
            pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'c1' },
          },
        },
      },
    },
  },
};

const invoices = {
  data: {
    viewer: {
      __typename: 'Viewer',
      id: testEmployer.id,
      invoices: {
        __typename: 'InvoiceConnection',
        totalCount: 1,
        edges: [
          {
            __typename: 'InvoiceEdge',
            cursor: 'i1',
            node: {
              __typename: 'Invoice',
              id: 'I1',
              number: 'WR-2026-000042',
              status: 'ISSUED',
              issuedAt: '2026-12-01T10:00:00.000Z',
              paidAt: null,
              downloadUrl: '/invoices/I1.html?token=t',
              gross: amount(100_000, 'USD'),
              fee: amount(10_000, 'USD'),
              net: amount(90_000, 'USD'),
              contract: { __typename: 'Contract', id: 'C1', title: 'Ranking (USD)' },
              milestone: { __typename: 'Milestone', id: 'M1', number: 1, title: 'First batch' },
              payout: null,
            },
          },
        ],
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'i1' },
      },
    },
  },
};

const mocks = [
  { request: { query: EmployerFinancesQueryDocument, variables: { months: SPEND_MONTHS, first: CONTRACTS_PAGE } }, result: finances },
  { request: { query: ReportsInvoicesQuery, variables: { status: null, issuedFrom: null, issuedTo: null } }, result: invoices },
];

describe('Reports for an employer', () => {
  it("shows the organization's money per currency, never summed, and says who pays the fee", async () => {
    renderWithApp(<ReportsPage />, { mocks, viewer: testEmployer, path: '/reports' });

    const dollars = await screen.findByRole('region', { name: 'Totals in USD' });
    expect(within(dollars).getByText('Funded').nextSibling?.textContent).toBe('$2,050.00');
    expect(within(dollars).getByText('In escrow').nextSibling?.textContent).toBe('$750.00');
    expect(within(dollars).getByText('Paid to trainers').nextSibling?.textContent).toBe('$1,300.00');
    expect(within(dollars).getByText('Of which marketplace fee').nextSibling?.textContent).toBe('$130.00');
    const euros = screen.getByRole('region', { name: 'Totals in EUR' });
    expect(within(euros).getByText('Funded').nextSibling?.textContent).toBe('€550.00');
    expect(screen.getByText(/Workroom's marketplace fee is\s+borne by the trainer/)).toBeTruthy();
    // No trainer-only payout panel for an employer.
    expect(screen.queryByText(/Request payout/i)).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Payouts' })).toBeNull();
  });

  it('shows spend by UTC month and by contract, and the invoices with their downloads', async () => {
    renderWithApp(<ReportsPage />, { mocks, viewer: testEmployer, path: '/reports' });

    const months = await screen.findByRole('table', { name: /Spend by calendar month \(UTC\)/ });
    const rows = within(months).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(
      within(months)
        .getAllByRole('columnheader')
        .map((cell) => cell.textContent),
    ).toEqual(['Month (UTC)', 'Spent (EUR)', 'Spent (USD)', 'Invoices']);
    expect(within(rows[2]!).getByText('€400.00')).toBeTruthy();
    expect(within(rows[3]!).getByText('$1,000.00')).toBeTruthy();

    const byContract = screen.getByRole('region', { name: 'Spend by contract' });
    const contract = within(byContract).getByRole('rowheader', { name: /Ranking \(USD\)/ });
    expect(within(contract).getByRole('link', { name: 'Ranking (USD)' }).getAttribute('href')).toBe('/jobs/C1/contract');
    expect(contract.textContent).toContain('with Alex Rivera');
    const contractRow = contract.closest('tr')!;
    expect(within(contractRow).getByText('$1,750.00')).toBeTruthy();

    expect(await screen.findByRole('heading', { name: "Your organization's invoices" })).toBeTruthy();
    await screen.findByText('WR-2026-000042', { selector: '.invoice__number' });
    const download = screen.getByRole('link', { name: /^Download\s*invoice WR-2026-000042/ });
    expect(download.getAttribute('href')).toBe('/invoices/I1.html?token=t');
  });
});

describe('Reports for a trainer', () => {
  it('keeps the trainer page: request a payout, invoices and payouts, and no organization finances', async () => {
    const trainerInvoices = { data: { viewer: { ...invoices.data.viewer, id: testViewer.id } } };
    const payouts = {
      data: {
        viewer: {
          __typename: 'Viewer',
          id: testViewer.id,
          payouts: {
            __typename: 'PayoutConnection',
            totalCount: 0,
            edges: [],
            pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
          },
        },
      },
    };
    renderWithApp(<ReportsPage />, {
      path: '/reports',
      mocks: [
        { request: { query: ReportsInvoicesQuery, variables: { status: null, issuedFrom: null, issuedTo: null } }, result: trainerInvoices },
        { request: { query: ReportsPayoutsQuery, variables: {} }, result: payouts },
      ],
    });
    expect(await screen.findByRole('heading', { name: 'Payouts' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Invoices' })).toBeTruthy();
    expect(screen.getByText(/Request a payout of every paid milestone invoice/)).toBeTruthy();
    expect(await screen.findByText('No payouts yet.')).toBeTruthy();
    expect(screen.queryByRole('region', { name: /Totals in/ })).toBeNull();
    expect(screen.queryByText(/Who pays the fee/)).toBeNull();
  });
});
