import type { MockLink } from '@apollo/client/testing';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { renderWithApp } from '../../test/render';
import { refetchInterested } from '../live/live-refetch';
import { RequestPayout, RequestPayoutPanelQuery } from './RequestPayout';
import { RequestPayoutMutation } from './use-request-payout';

const bank = { __typename: 'PayoutMethod', id: 'PM-bank', label: 'Bank transfer •••• 6789', isDefault: true };

const panel = (available: Array<[number, string]>, methods: unknown[] = [bank]): MockLink.MockedResponse => ({
  request: { query: RequestPayoutPanelQuery },
  result: {
    data: {
      viewer: {
        __typename: 'Viewer',
        id: 'Vmlld2VyOmFsZXg',
        availableForPayout: available.map(([cents, formatted]) => ({ __typename: 'Money', cents, currency: 'USD', formatted })),
        payoutMethods: methods,
      },
    },
  },
});

const keys: string[] = [];
const requested: MockLink.MockedResponse = {
  request: {
    query: RequestPayoutMutation,
    variables: (variables: { input: { idempotencyKey?: string | null } }) => {
      if (typeof variables.input.idempotencyKey !== 'string') return false;
      keys.push(variables.input.idempotencyKey);
      return true;
    },
  },
  result: {
    data: {
      requestPayout: {
        __typename: 'RequestPayoutPayload',
        payouts: [
          {
            __typename: 'Payout',
            id: 'P1',
            status: 'REQUESTED',
            requestedAt: '2026-12-06T10:00:00.000Z',
            amount: { __typename: 'Money', formatted: '$450.00' },
            organization: { __typename: 'Organization', id: 'O1', name: 'Northwind AI' },
            method: { __typename: 'PayoutMethod', id: 'PM-bank', label: 'Bank transfer •••• 6789' },
          },
        ],
      },
    },
  },
};

const section = () => screen.findByRole('region', { name: 'Get paid' });

describe('Request payout', () => {
  it('sends a trainer without a payout method to Settings instead of offering a request', async () => {
    renderWithApp(<RequestPayout />, { mocks: [panel([[45_000, '$450.00']], [])] });
    const get = await section();
    const add = await within(get).findByRole('link', { name: 'Add a payout method' });
    expect(add.getAttribute('href')).toBe('/settings/payouts');
    expect(within(get).getByRole('link', { name: 'Settings → Payouts' }).getAttribute('href')).toBe('/settings/payouts');
    expect(within(get).queryByRole('button', { name: /Request/ })).toBeNull();
  });

  it('says where the money goes, asks with the amount, then shows Requested until there is new money', async () => {
    const user = userEvent.setup();
    renderWithApp(<RequestPayout />, {
      // The panel before, and after (refetched with the lists once the request succeeds).
      mocks: [panel([[45_000, '$450.00']]), requested, panel([]), panel([[20_000, '$200.00']])],
    });
    const get = await section();
    expect((await within(get).findByText('$450.00 is ready to pay out.')).textContent).toBeTruthy();
    expect(get.textContent).toContain('Payouts go to Bank transfer •••• 6789 (change)');

    await user.click(within(get).getByRole('button', { name: 'Request payout…' }));
    const confirm = within(get).getByRole('group', { name: 'Confirm the payout' });
    expect(confirm.textContent).toContain('Request a payout of $450.00 to Bank transfer •••• 6789?');
    // Cancel puts the button back without asking the server anything.
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await user.click(within(get).getByRole('button', { name: 'Request payout…' }));
    await user.click(within(get).getByRole('button', { name: 'Request $450.00' }));

    expect((await within(get).findByText(/Requested \$450\.00 from Northwind AI to Bank transfer •••• 6789\./)).textContent).toBeTruthy();
    // Not armed again: nothing is left to pay out, so a second click cannot ask for an error.
    const done = await within(get).findByRole('button', { name: 'Requested' });
    await waitFor(() => expect((done as HTMLButtonElement).disabled).toBe(true));
    expect(within(get).getByText('Nothing to pay out right now: every paid invoice is already in a payout.')).toBeTruthy();
    expect(within(get).queryByRole('alert')).toBeNull();
    expect(keys).toHaveLength(1);

    // A new invoice arrives live: the panel refetches and offers the new money.
    refetchInterested('INVOICE_ISSUED');
    expect((await within(get).findByText('$200.00 is ready to pay out.')).textContent).toBeTruthy();
    const again = within(get).getByRole('button', { name: 'Request payout…' });
    expect((again as HTMLButtonElement).disabled).toBe(false);
    expect(within(get).queryByText(/Requested \$450\.00/)).toBeNull();
  });

  it('offers nothing while nothing is ready', async () => {
    renderWithApp(<RequestPayout />, { mocks: [panel([])] });
    const get = await section();
    const button = await within(get).findByRole('button', { name: 'Request payout…' });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(true));
  });
});
