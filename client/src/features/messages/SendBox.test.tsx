import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { renderWithApp } from '../../test/render';
import { SendBox } from './SendBox';
import { SendMessageMutation } from './use-send-message';

type SendVariables = { input: { channelId: string; body: string; idempotencyKey?: string | null } };

/** Matches the message whatever its idempotency key (random per message), and notes the key. */
const sendingBatch3 =
  (keys: string[] = []) =>
  (variables: SendVariables) => {
    const { channelId, body, idempotencyKey } = variables.input;
    if (channelId !== 'CH1' || body !== 'Batch 3 is uploaded.' || typeof idempotencyKey !== 'string') return false;
    keys.push(idempotencyKey);
    return true;
  };

const sentMessage = {
  request: { query: SendMessageMutation, variables: sendingBatch3() },
  result: {
    data: {
      sendMessage: {
        __typename: 'SendMessagePayload',
        message: {
          __typename: 'Message',
          id: 'MSG9',
          body: 'Batch 3 is uploaded.',
          createdAt: '2026-11-22T10:00:00.000Z',
          editedAt: null,
          channel: { __typename: 'Channel', id: 'CH1' },
          author: { __typename: 'User', id: 'U-alex', name: 'Alex Rivera', role: 'TRAINER' },
        },
        channel: {
          __typename: 'Channel',
          id: 'CH1',
          unreadCount: 0,
          lastMessageAt: '2026-11-22T10:00:00.000Z',
          lastMessage: {
            __typename: 'Message',
            id: 'MSG9',
            body: 'Batch 3 is uploaded.',
            author: { __typename: 'User', id: 'U-alex', name: 'Alex Rivera' },
          },
        },
      },
    },
  },
};

describe('Send box', () => {
  it('refuses an empty message without sending anything', async () => {
    const user = userEvent.setup();
    // No mocks: any request would fail with "no more mocked responses" instead of the message below.
    renderWithApp(<SendBox channelId="CH1" channelName="Morgan Lee" />);

    const input = screen.getByLabelText('Message Morgan Lee');
    await user.type(input, '   ');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    expect(screen.getByRole('alert').textContent).toBe('Write a message before sending.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(input);

    // Enter on an empty box is refused the same way.
    await user.clear(input);
    await user.type(input, '{Enter}');
    expect(screen.getByRole('alert').textContent).toBe('Write a message before sending.');
  });

  it('sends the trimmed text with Enter and clears the box', async () => {
    const user = userEvent.setup();
    renderWithApp(<SendBox channelId="CH1" channelName="Morgan Lee" />, { mocks: [sentMessage] });

    const input = screen.getByLabelText<HTMLTextAreaElement>('Message Morgan Lee');
    await user.type(input, '  Batch 3 is uploaded.  {Enter}');

    await waitFor(() => expect(input.value).toBe(''));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('keeps the text and says why when sending fails', async () => {
    const user = userEvent.setup();
    const failing = { ...sentMessage, result: undefined, error: new Error('You are no longer a member of this channel.') };
    renderWithApp(<SendBox channelId="CH1" channelName="Morgan Lee" />, { mocks: [failing] });

    const input = screen.getByLabelText<HTMLTextAreaElement>('Message Morgan Lee');
    await user.type(input, 'Batch 3 is uploaded.');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    expect((await screen.findByRole('alert')).textContent).toBe('You are no longer a member of this channel.');
    expect(input.value).toBe('Batch 3 is uploaded.');
  });

  it('sends a message again with the same idempotency key after a failure, so it can never be posted twice', async () => {
    const user = userEvent.setup();
    const keys: string[] = [];
    const lost = { request: { query: SendMessageMutation, variables: sendingBatch3(keys) }, error: new Error('Failed to fetch') };
    const delivered = { ...sentMessage, request: { query: SendMessageMutation, variables: sendingBatch3(keys) } };
    renderWithApp(<SendBox channelId="CH1" channelName="Morgan Lee" />, { mocks: [lost, delivered] });

    const input = screen.getByLabelText<HTMLTextAreaElement>('Message Morgan Lee');
    await user.type(input, 'Batch 3 is uploaded.');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByRole('alert');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    await waitFor(() => expect(input.value).toBe(''));
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });
});
