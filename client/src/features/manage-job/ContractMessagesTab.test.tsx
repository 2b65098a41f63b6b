import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderWithApp, testViewer } from '../../test/render';
import { THREAD_PAGE } from '../messages/Thread';
import { ContractChannelsQuery, ContractMessagesTab } from './ContractMessagesTab';
import { CONTRACT_CHANNELS_PAGE } from './ManageJobLayout';

const morgan = { __typename: 'User' as const, id: 'U-morgan', name: 'Morgan Lee', role: 'EMPLOYER' as const };
const alex = { __typename: 'User' as const, id: testViewer.id, name: 'Alex Rivera', role: 'TRAINER' as const };
const job = { __typename: 'Job' as const, id: 'J1', title: 'RLHF preference ranking' };

const message = (id: string, body: string, author: typeof morgan | typeof alex) => ({
  __typename: 'Message' as const,
  id,
  body,
  createdAt: '2026-11-20T10:00:00.000Z',
  editedAt: null,
  author,
});

const channel = (id: string, name: string, lastMessageAt: string, bodies: string[]) => {
  const messages = bodies.map((body, index) => message(`${id}-M${index}`, body, index % 2 ? alex : morgan));
  return {
    __typename: 'Channel' as const,
    id,
    name,
    kind: 'GROUP' as const,
    unreadCount: 0,
    lastMessageAt,
    lastMessage: { __typename: 'Message' as const, id: messages.at(-1)!.id, body: bodies.at(-1)!, author: messages.at(-1)!.author },
    job,
    members: [morgan, alex],
    messages: {
      __typename: 'MessageConnection' as const,
      edges: messages.map((node) => ({ __typename: 'MessageEdge' as const, cursor: `${node.id}-c`, node })),
      pageInfo: { __typename: 'PageInfo' as const, hasPreviousPage: false, startCursor: `${messages[0]!.id}-c`, hasNextPage: false },
    },
  };
};

const channelsMock = {
  request: { query: ContractChannelsQuery, variables: { contractId: 'C1', channels: CONTRACT_CHANNELS_PAGE, messages: THREAD_PAGE } },
  result: {
    data: {
      node: {
        __typename: 'Contract',
        id: 'C1',
        job: {
          ...job,
          team: [
            { __typename: 'JobTeamMember', role: 'EMPLOYER', user: { __typename: 'User', id: morgan.id, name: morgan.name } },
            { __typename: 'JobTeamMember', role: 'TRAINER', user: { __typename: 'User', id: alex.id, name: alex.name } },
          ],
        },
        channels: {
          __typename: 'ChannelConnection',
          edges: [
            { __typename: 'ChannelEdge', cursor: 'ch1', node: channel('CH1', 'Kick-off', '2026-11-18T10:00:00.000Z', ['Older news']) },
            { __typename: 'ChannelEdge', cursor: 'ch2', node: channel('CH2', 'Batch 3', '2026-11-20T10:00:00.000Z', ['Batch 3 is ready', 'On it']) },
          ],
          pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'ch2' },
        },
      },
    },
  },
};

describe('ContractMessagesTab', () => {
  it('shows the latest conversation and its messages from one request, without a thread query of its own', async () => {
    // Only ContractChannels is mocked: a ThreadMessages request would find no answer and show an error.
    renderWithApp(<ContractMessagesTab />, { mocks: [channelsMock], path: '/jobs/C1/messages', route: '/jobs/:contractId/messages' });

    expect(await screen.findByText('Batch 3 is ready')).toBeTruthy();
    expect(screen.getByText('On it')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Conversation: Batch 3' })).toBeTruthy();
    expect(screen.getByPlaceholderText('Write a message…')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    // The other conversation is listed, its thread not open.
    expect(screen.getByRole('region', { name: 'Conversations of this job' }).textContent).toContain('Kick-off');
    expect(screen.queryByText('Older news', { selector: '.message__body' })).toBeNull();
  });
});
