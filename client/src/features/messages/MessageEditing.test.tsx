import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { renderWithApp, testViewer } from '../../test/render';
import { MessageItem_message } from './MessageItem';
import { Thread, THREAD_PAGE, ThreadQuery } from './Thread';
import { EditMessageMutation } from './use-edit-message';

type Author = { __typename: 'User'; id: string; name: string; role: 'EMPLOYER' | 'TRAINER' };
const morgan: Author = { __typename: 'User', id: 'U-morgan', name: 'Morgan Lee', role: 'EMPLOYER' };
const alex: Author = { __typename: 'User', id: testViewer.id, name: 'Alex Rivera', role: 'TRAINER' };

const message = (id: string, body: string, author: Author, editedAt: string | null = null) => ({
  __typename: 'Message' as const,
  id,
  body,
  createdAt: '2026-11-20T10:00:00.000Z',
  editedAt,
  author,
});

const threadMock = {
  request: { query: ThreadQuery, variables: { channelId: 'CH1', last: THREAD_PAGE } },
  result: {
    data: {
      node: {
        __typename: 'Channel',
        id: 'CH1',
        name: 'RLHF ranking',
        kind: 'DIRECT',
        unreadCount: 0,
        job: { __typename: 'Job', id: 'J1', title: 'RLHF preference ranking' },
        members: [morgan, alex],
        messages: {
          __typename: 'MessageConnection',
          edges: [
            { __typename: 'MessageEdge', cursor: 'c1', node: message('MSG1', 'Welcome aboard!', morgan) },
            { __typename: 'MessageEdge', cursor: 'c2', node: message('MSG2', 'Batch is 20 pairs', alex) },
          ],
          pageInfo: { __typename: 'PageInfo', hasPreviousPage: false, startCursor: 'c1', hasNextPage: false },
        },
      },
    },
  },
};

const items = () => screen.getAllByRole('listitem').filter((item) => item.classList.contains('message'));

describe('Editing a message', () => {
  it('offers Edit on your own messages only; Save sends the trimmed text and the message shows "(edited)"', async () => {
    const user = userEvent.setup();
    renderWithApp(<Thread channelId="CH1" />, {
      mocks: [
        threadMock,
        {
          request: { query: EditMessageMutation, variables: { input: { messageId: 'MSG2', body: 'Batch is 200 pairs' } } },
          result: {
            data: {
              editMessage: {
                __typename: 'EditMessagePayload',
                message: message('MSG2', 'Batch is 200 pairs', alex, '2026-11-20T10:05:00.000Z'),
              },
            },
          },
        },
      ],
    });
    await screen.findByText('Welcome aboard!');
    const [theirs, mine] = items();
    expect(within(theirs!).queryByRole('button', { name: /Edit/ })).toBeNull();

    await user.click(within(mine!).getByRole('button', { name: /^Edit\s*your message/ }));
    const field = within(mine!).getByLabelText('Edit your message') as HTMLTextAreaElement;
    expect(field.value).toBe('Batch is 20 pairs');
    expect(document.activeElement).toBe(field);
    await user.clear(field);
    await user.type(field, '  Batch is 200 pairs  ');
    await user.click(within(mine!).getByRole('button', { name: 'Save' }));

    // Saved: the form closes and the message reads the new text, marked edited.
    await waitFor(() => expect(within(items()[1]!).queryByLabelText('Edit your message')).toBeNull());
    expect(items()[1]!.querySelector('.message__body')?.textContent).toBe('Batch is 200 pairs');
    expect(within(items()[1]!).getByText('(edited)')).toBeTruthy();
  });

  it('refuses an empty message, and Escape leaves the text as it was', async () => {
    const user = userEvent.setup();
    renderWithApp(<Thread channelId="CH1" />, { mocks: [threadMock] });
    await screen.findByText('Welcome aboard!');
    const mine = items()[1]!;

    await user.click(within(mine).getByRole('button', { name: /^Edit/ }));
    await user.clear(within(mine).getByLabelText('Edit your message'));
    await user.click(within(mine).getByRole('button', { name: 'Save' }));
    expect(within(mine).getByRole('alert').textContent).toBe('A message cannot be empty.');

    await user.type(within(mine).getByLabelText('Edit your message'), 'Something else{Escape}');
    expect(within(mine).queryByLabelText('Edit your message')).toBeNull();
    expect(within(mine).getByText('Batch is 20 pairs')).toBeTruthy();
  });

  it("shows the other side's edit live, marked edited", async () => {
    const { cache } = renderWithApp(<Thread channelId="CH1" />, { mocks: [threadMock] });
    await screen.findByText('Welcome aboard!');
    // What the live MESSAGE_EDITED event does: Apollo writes the message's fragment.
    act(() => {
      cache.writeFragment({
        fragment: MessageItem_message,
        fragmentName: 'MessageItem_message',
        data: message('MSG1', 'Welcome aboard, Alex!', morgan, '2026-11-20T10:07:00.000Z'),
      });
    });
    const theirs = items()[0]!;
    expect(await within(theirs).findByText('Welcome aboard, Alex!')).toBeTruthy();
    expect(within(theirs).getByText('(edited)')).toBeTruthy();
  });
});
