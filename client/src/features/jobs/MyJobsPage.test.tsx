import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { money, renderWithApp, testViewer } from '../../test/render';
import { ACTIVE_CONTRACTS_PAGE, MyJobsPage, MyJobsQuery } from './MyJobsPage';

const request = { query: MyJobsQuery, variables: { first: ACTIVE_CONTRACTS_PAGE } };

const jobs = {
  data: {
    viewer: {
      __typename: 'Viewer',
      id: testViewer.id,
      activeContracts: {
        __typename: 'ContractConnection',
        totalCount: 1,
        edges: [
          {
            __typename: 'ContractEdge',
            cursor: 'c1',
            node: {
              __typename: 'Contract',
              id: 'C1',
              title: 'RLHF ranking',
              status: 'ACTIVE',
              paymentType: 'PAY_PER_HOUR',
              startedAt: '2026-10-13T00:00:00.000Z',
              rate: money('$45.00'),
              totalBudget: money('$9,000.00'),
              organization: { __typename: 'Organization', id: 'O1', name: 'Northwind AI' },
              trainer: { __typename: 'User', id: testViewer.id, name: testViewer.name },
              job: { __typename: 'Job', id: 'J1', title: 'RLHF preference ranking for a coding assistant' },
              instructions: { __typename: 'InstructionDocument', id: 'D1', hasUnreadUpdate: true },
            },
          },
        ],
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'c1' },
      },
    },
  },
};

describe('My Jobs', () => {
  it('shows the error with a Retry button instead of a blank page, and Retry loads the jobs', async () => {
    const user = userEvent.setup();
    renderWithApp(<MyJobsPage />, {
      mocks: [
        { request, error: new Error('Failed to fetch') },
        { request, result: jobs },
      ],
    });

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This could not be loaded');
    expect(alert.textContent).toContain('Could not reach Workroom. Check your connection and try again.');

    await user.click(screen.getByRole('button', { name: 'Retry' }));

    expect(await screen.findByRole('heading', { name: 'RLHF preference ranking for a coding assistant' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('Northwind AI')).toBeTruthy();
    expect(screen.getByText('$45.00 / hour')).toBeTruthy();
    const start = screen.getByRole('link', { name: /Start working/ });
    expect(start.getAttribute('href')).toBe('/jobs/C1/messages');
    expect(screen.getByRole('link', { name: 'Instructions updated since you last read them' })).toBeTruthy();
  });
});
