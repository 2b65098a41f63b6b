import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { renderWithApp, testViewer } from '../../test/render';
import { appendMessageToThread } from '../live/cache-updates';
import { MessageItem_message } from './MessageItem';
import { Thread, THREAD_PAGE, ThreadQuery } from './Thread';
import { UnreadMessageCountQuery } from './unread';
import { MarkChannelReadMutation } from './use-mark-channel-read';

type Author = { __typename: 'User'; id: string; name: string; role: 'EMPLOYER' | 'TRAINER' };

const morgan: Author = { __typename: 'User', id: 'U-morgan', name: 'Morgan Lee', role: 'EMPLOYER' };
const alex: Author = { __typename: 'User', id: testViewer.id, name: 'Alex Rivera', role: 'TRAINER' };

const message = (id: string, body: string, author: Author = morgan) => ({
  __typename: 'Message' as const,
  id,
  body,
  createdAt: '2026-11-20T10:00:00.000Z',
  editedAt: null,
  author,
});

const threadMock = (unreadCount: number) => ({
  request: { query: ThreadQuery, variables: { channelId: 'CH1', last: THREAD_PAGE } },
  result: {
    data: {
      node: {
        __typename: 'Channel',
        id: 'CH1',
        name: 'RLHF ranking',
        kind: 'DIRECT',
        unreadCount,
        job: { __typename: 'Job', id: 'J1', title: 'RLHF preference ranking' },
        members: [morgan, alex],
        messages: {
          __typename: 'MessageConnection',
          edges: [
            { __typename: 'MessageEdge', cursor: 'c1', node: message('MSG1', 'Welcome aboard!') },
            { __typename: 'MessageEdge', cursor: 'c2', node: message('MSG2', 'Thanks!', alex) },
          ],
          pageInfo: { __typename: 'PageInfo', hasPreviousPage: true, startCursor: 'c1', hasNextPage: false },
        },
      },
    },
  },
});

describe('Thread', () => {
  it('lists messages oldest first, marks own ones, lists members and offers older pages', async () => {
    renderWithApp(<Thread channelId="CH1" />, { mocks: [threadMock(0)] });

    await screen.findByText('Welcome aboard!');
    const messages = screen.getAllByRole('listitem');
    const bodies = messages.map((item) => item.querySelector('.message__body')?.textContent).filter(Boolean);
    expect(bodies).toEqual(['Welcome aboard!', 'Thanks!']);
    expect(screen.getByText('You')).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Members' })).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Load earlier messages' })).toBeTruthy();
  });

  it('appends a live message once, however often it is delivered, and marks it read', async () => {
    const markRead = vi.fn(() => ({
      data: { markChannelRead: { __typename: 'MarkChannelReadPayload', channel: { __typename: 'Channel', id: 'CH1', unreadCount: 0 } } },
    }));
    const { cache } = renderWithApp(<Thread channelId="CH1" />, {
      mocks: [
        threadMock(0),
        {
          request: { query: MarkChannelReadMutation, variables: { input: { channelId: 'CH1', upToMessageId: 'MSG3' } } },
          result: markRead,
        },
        {
          request: { query: UnreadMessageCountQuery },
          result: { data: { viewer: { __typename: 'Viewer', id: testViewer.id, unreadMessageCount: 0 } } },
        },
      ],
    });
    await screen.findByText('Welcome aboard!');

    // What the live subscription does: Apollo writes the message (and the channel's unread
    // count), then the handler appends it to the thread. The second delivery is a duplicate.
    act(() => {
      cache.writeFragment({
        fragment: MessageItem_message,
        fragmentName: 'MessageItem_message',
        data: message('MSG3', 'Label set B is approved.'),
      });
      cache.modify({ id: cache.identify({ __typename: 'Channel', id: 'CH1' }), fields: { unreadCount: () => 1 } });
      expect(appendMessageToThread(cache, 'CH1', 'MSG3')).toBe(true);
      expect(appendMessageToThread(cache, 'CH1', 'MSG3')).toBe(false);
    });

    expect(await screen.findAllByText('Label set B is approved.')).toHaveLength(1);
    await waitFor(() => expect(markRead).toHaveBeenCalledTimes(1));
  });
});
