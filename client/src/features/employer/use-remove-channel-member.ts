import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const RemoveChannelMemberMutation = graphql(`
  mutation RemoveChannelMember($input: RemoveChannelMemberInput!) {
    removeChannelMember(input: $input) {
      channel {
        id
        members {
          id
          name
        }
      }
    }
  }
`);

/** Employer: removes someone from a group channel (they keep the history up to now). */
export const useRemoveChannelMember = () => {
  const [mutate, { loading }] = useMutation(RemoveChannelMemberMutation);
  const remove = useCallback(
    async (channelId: string, userId: string) => {
      await mutate({ variables: { input: { channelId, userId } } });
    },
    [mutate],
  );
  return { remove, loading };
};
