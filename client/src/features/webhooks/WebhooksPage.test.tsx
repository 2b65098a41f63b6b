import type { MockLink } from '@apollo/client/testing';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { renderWithApp, testEmployer } from '../../test/render';
import { CreateWebhookEndpointMutation } from './use-webhooks';
import { WebhookSettingsQuery, WebhooksPage } from './WebhooksPage';

const endpoint = {
  __typename: 'WebhookEndpoint',
  id: 'WE-1',
  url: 'https://hooks.example.com/workroom',
  description: 'CRM sync',
  eventTypes: ['MILESTONE_STATUS_CHANGED'],
  status: 'ACTIVE',
  disabledReason: null,
  secretHint: 'whsec_…k3Q=',
  consecutiveFailures: 0,
  nextAttemptAt: null,
  lastSuccessAt: '2031-05-01T09:00:00.000Z',
  deliveries: {
    __typename: 'WebhookDeliveryConnection',
    totalCount: 1,
    nodes: [
      {
        __typename: 'WebhookDelivery',
        id: 'WD-1',
        kind: 'STREAM',
        eventType: 'MILESTONE_STATUS_CHANGED',
        status: 'SUCCEEDED',
        attempts: 2,
        responseStatus: 204,
        latencyMs: 37,
        error: null,
        nextAttemptAt: null,
        createdAt: '2031-05-01T09:00:00.000Z',
        eventCursor: 'ZXZlbnQ6MTI',
      },
    ],
  },
};

const settings = (endpoints: unknown[]): MockLink.MockedResponse => ({
  request: { query: WebhookSettingsQuery },
  result: {
    data: { viewer: { __typename: 'Viewer', id: 'V-dana', webhookEndpoints: endpoints }, webhookEventTypes: ['MESSAGE_ADDED', 'MILESTONE_STATUS_CHANGED'] },
  },
});

describe('Settings → Webhooks', () => {
  it('lists the endpoints with their delivery log', async () => {
    renderWithApp(<WebhooksPage />, { viewer: testEmployer, mocks: [settings([endpoint])] });
    const list = await screen.findByRole('list');
    const item = within(list).getByRole('listitem');
    expect(item.textContent).toContain('https://hooks.example.com/workroom');
    expect(item.textContent).toContain('Secret whsec_…k3Q=');
    const log = within(item).getByRole('table', { name: 'Latest deliveries to https://hooks.example.com/workroom' });
    expect(within(log).getAllByRole('row')[1]!.textContent).toContain('204');
    expect(within(log).getByRole('button', { name: /Resend/ })).toBeTruthy();
    expect(within(log).getByRole('button', { name: /Replay after/ })).toBeTruthy();
    expect(within(item).getByRole('button', { name: 'Rotate secret' })).toBeTruthy();
  });

  it('adds an endpoint and shows its secret once', async () => {
    const user = userEvent.setup();
    const input = { url: 'https://hooks.example.com/new', description: '', eventTypes: ['MESSAGE_ADDED'] };
    renderWithApp(<WebhooksPage />, {
      viewer: testEmployer,
      mocks: [
        settings([]),
        {
          request: { query: CreateWebhookEndpointMutation, variables: { input } },
          result: {
            data: {
              createWebhookEndpoint: {
                __typename: 'WebhookEndpointWithSecretPayload',
                secret: 'whsec_c2VjcmV0',
                endpoint: { __typename: 'WebhookEndpoint', id: 'WE-2', url: input.url },
              },
            },
          },
        },
        settings([]),
      ],
    });
    const form = await screen.findByRole('form', { name: 'Add an endpoint' });
    await user.click(within(form).getByRole('button', { name: 'Add endpoint' }));
    expect(within(form).getByRole('alert').textContent).toBe('Enter the https address of your endpoint.');
    await user.type(within(form).getByLabelText('Endpoint address'), input.url);
    await user.click(within(form).getByRole('checkbox', { name: 'Message added' }));
    await user.click(within(form).getByRole('button', { name: 'Add endpoint' }));
    const status = await within(form).findByRole('status');
    expect(status.textContent).toContain('whsec_c2VjcmV0');
    expect(status.textContent).toContain('shown this once');
  });
});
