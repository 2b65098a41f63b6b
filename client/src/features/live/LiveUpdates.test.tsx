import { screen, waitFor, within } from '@testing-library/react';
import type { Client } from 'graphql-ws';
import { describe, expect, it } from 'vitest';

import { contract, historyStep, milestone } from '../../test/fixtures';
import { money, renderWithApp, testViewer } from '../../test/render';
import { Toaster } from '../../ui/Toaster';
import { ContractTab, ContractTabQuery } from '../manage-job/ContractTab';
import { LiveActivitySubscriptionDocument } from './live-activity';
import { LiveUpdates } from './LiveUpdates';

/** A socket that is simply up: the feed subscribes once and never sees a drop. */
const quietSocket = { on: () => () => undefined } as unknown as Client;

const approved = {
  __typename: 'ActivityEvent',
  id: 'EV-approve',
  cursor: 'ZXZlbnQ6OTk',
  type: 'MILESTONE_STATUS_CHANGED',
  summary: 'Morgan Lee approved milestone 2 (Label set B)',
  createdAt: '2026-11-22T12:00:00.000Z',
  actor: { __typename: 'User', id: 'U-morgan', name: 'Morgan Lee' },
  channel: null,
  contract: {
    __typename: 'Contract',
    id: 'C1',
    billingSummary: {
      __typename: 'BillingSummary',
      paidOut: money('$4,200.00', 420000),
      activeAndFunded: money('$2,200.00', 220000),
      pendingApproval: money('$0.00', 0),
      inDispute: money('$0.00', 0),
      refunded: money('$0.00', 0),
      totalBudget: money('$9,000.00', 900000),
    },
  },
  subject: {
    ...milestone(2, 'Label set B', 'PAID', '$1,800.00', [historyStep('E9', 'APPROVED', 'SUBMITTED', 'PAID', 'Looks great')]),
    version: 4,
  },
};

describe('Live updates', () => {
  it('a milestone approved elsewhere updates the contract tab, its billing summary, and shows a notice', async () => {
    const { cache } = renderWithApp(
      <>
        <LiveUpdates viewerId={testViewer.id} wsClient={quietSocket} />
        <ContractTab />
        <Toaster />
      </>,
      {
        path: '/jobs/C1/contract',
        route: '/jobs/:contractId/contract',
        mocks: [
          { request: { query: ContractTabQuery, variables: { contractId: 'C1' } }, result: { data: { node: contract } } },
          {
            request: { query: LiveActivitySubscriptionDocument, variables: { after: null } },
            result: { data: { activity: approved } },
            // After the contract query has landed: an older query result arriving after the event
            // would overwrite it (the mocks resolve on timers, slower when the suite is busy).
            delay: 1_500,
          },
        ],
      },
    );

    const billing = await screen.findByRole('region', { name: 'Billing summary' });
    const paidOut = () => within(billing).getByText('Paid Out').nextElementSibling?.textContent;
    expect(paidOut()).toBe('$2,400.00');

    // The notice names what happened; the milestone and the summary follow without a refetch.
    expect((await screen.findByText('Morgan Lee approved milestone 2 (Label set B)')).closest('.toast')).toBeTruthy();
    await waitFor(() => expect(paidOut()).toBe('$4,200.00'));
    const item = screen.getByRole('listitem', { name: /Label set B/ });
    await waitFor(() => expect(within(item).getByText('Paid')).toBeTruthy());
    expect(within(item).getByText('“Looks great”')).toBeTruthy();

    // The cursor is remembered for a resume, in memory and in sessionStorage.
    expect(sessionStorage.getItem(`workroom.activityCursor.${testViewer.id}`)).toBe('ZXZlbnQ6OTk');
    expect(cache.identify({ __typename: 'Milestone', id: 'M2' })).toBe('Milestone:M2');
  });
});
