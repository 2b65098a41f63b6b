import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import { appendMessageToThread } from '../live/cache-updates';

export const SendMessageMutation = graphql(`
  mutation SendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) {
      message {
        id
        channel {
          id
        }
        ...MessageItem_message
      }
      channel {
        id
        unreadCount
        lastMessageAt
        lastMessage {
          id
          body
          author {
            id
            name
          }
        }
      }
    }
  }
`);

/** `sendMessage`, appending the sent message to the open thread (once, even if the live event came first). */
export const useSendMessage = () => {
  const [mutate, state] = useMutation(SendMessageMutation, {
    update(cache, { data }) {
      const message = data?.sendMessage.message;
      if (message) appendMessageToThread(cache, message.channel.id, message.id);
    },
  });
  const send = useCallback(
    (channelId: string, body: string, idempotencyKey?: string) => mutate({ variables: { input: { channelId, body, idempotencyKey } } }),
    [mutate],
  );
  return { send, loading: state.loading };
};
