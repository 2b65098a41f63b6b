import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { money, renderWithApp, testEmployer, testViewer } from '../../test/render';
import { ACTIVE_CONTRACTS_PAGE, MyJobsPage, MyJobsQuery } from './MyJobsPage';

const contract = (id: string, trainer: string, values: Record<string, unknown> = {}) => ({
  __typename: 'Contract',
  id,
  title: 'RLHF preference ranking',
  status: 'ACTIVE',
  paymentType: 'PAY_PER_HOUR',
  startedAt: '2026-10-13T00:00:00.000Z',
  rate: money('$42.00'),
  totalBudget: money('$9,000.00'),
  organization: { __typename: 'Organization', id: 'O1', name: 'Northwind AI' },
  trainer: { __typename: 'User', id: `U-${trainer}`, name: trainer },
  job: { __typename: 'Job', id: 'J1', title: 'RLHF preference ranking' },
  instructions: null,
  ...values,
});

const contractsMock = (viewerId: string, nodes: ReturnType<typeof contract>[]) => ({
  request: { query: MyJobsQuery, variables: { first: ACTIVE_CONTRACTS_PAGE } },
  result: {
    data: {
      __typename: 'Query',
      viewer: {
        __typename: 'Viewer',
        id: viewerId,
        activeContracts: {
          __typename: 'ContractConnection',
          totalCount: nodes.length,
          edges: nodes.map((node) => ({ __typename: 'ContractEdge', cursor: node.id, node })),
          pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
        },
      },
    },
  },
});

describe('Contract cards', () => {
  it('tell an employer’s two contracts on one job apart by their trainer, with the rate’s unit, and offer Manage, not "Start working"', async () => {
    renderWithApp(<MyJobsPage />, {
      viewer: testEmployer,
      mocks: [contractsMock(testEmployer.id, [contract('C1', 'Jordan Kim'), contract('C2', 'Alex Rivera', { rate: money('$45.00'), status: 'PAUSED' })])],
    });
    const jordan = await screen.findByRole('article', { name: /with Jordan Kim/ });
    const alex = screen.getByRole('article', { name: /with Alex Rivera/ });
    expect(within(jordan).getByText('with Jordan Kim', { selector: 'p' })).toBeTruthy();
    expect(within(jordan).getByText('$42.00 / hour')).toBeTruthy();
    expect(within(alex).getByText('$45.00 / hour')).toBeTruthy();
    expect(screen.queryByRole('link', { name: /Start working/ })).toBeNull();
    const manage = within(jordan).getByRole('link', { name: /^Manage contract/ });
    expect(manage.getAttribute('href')).toBe('/jobs/C1/contract');
    expect(manage.textContent).toContain('with Jordan Kim');
    expect(within(alex).getByText(/^Paused: resume it/)).toBeTruthy();
  });

  it('offer a trainer "Start working" on an active contract and "Open job" on a paused one', async () => {
    renderWithApp(<MyJobsPage />, {
      mocks: [
        contractsMock(testViewer.id, [
          contract('C1', testViewer.name, { job: { __typename: 'Job', id: 'J1', title: 'Active ranking' } }),
          contract('C2', testViewer.name, {
            status: 'PAUSED',
            paymentType: 'FIXED_PRICE',
            rate: null,
            job: { __typename: 'Job', id: 'J2', title: 'Paused labelling' },
          }),
        ]),
      ],
    });
    const active = await screen.findByRole('article', { name: 'Active ranking' });
    const paused = screen.getByRole('article', { name: 'Paused labelling' });
    // The trainer's other party is the organization.
    expect(within(active).getByText('Northwind AI')).toBeTruthy();
    expect(
      within(active)
        .getByRole('link', { name: /^Start working/ })
        .getAttribute('href'),
    ).toBe('/jobs/C1/messages');
    expect(within(paused).queryByRole('link', { name: /Start working/ })).toBeNull();
    expect(
      within(paused)
        .getByRole('link', { name: /^Open job/ })
        .getAttribute('href'),
    ).toBe('/jobs/C2/messages');
    expect(within(paused).getByText('Paused by Northwind AI: no funding or submissions until it resumes.')).toBeTruthy();
    // A fixed price reads as its amount.
    expect(within(paused).getByText('$9,000.00')).toBeTruthy();
  });
});
