import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import { UnreadMessageCountQuery } from './unread';

export const MarkChannelReadMutation = graphql(`
  mutation MarkChannelRead($input: MarkChannelReadInput!) {
    markChannelRead(input: $input) {
      channel {
        id
        unreadCount
      }
    }
  }
`);

/**
 * `markChannelRead`; the channel's `unreadCount` updates from the payload, the total is refetched.
 * Resolves to whether it worked (a failure is retried by the caller, not shown).
 */
export const useMarkChannelRead = () => {
  const [mutate] = useMutation(MarkChannelReadMutation, {
    refetchQueries: [{ query: UnreadMessageCountQuery }],
  });
  return useCallback(
    (channelId: string, upToMessageId: string) =>
      mutate({ variables: { input: { channelId, upToMessageId } } }).then(
        () => true,
        () => false,
      ),
    [mutate],
  );
};
