import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const AddChannelMembersMutation = graphql(`
  mutation AddChannelMembers($input: AddChannelMembersInput!) {
    addChannelMembers(input: $input) {
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

/** Employer: adds people on the job to a group channel; the payload updates its member list in the cache. */
export const useAddChannelMembers = () => {
  const [mutate, { loading }] = useMutation(AddChannelMembersMutation);
  const add = useCallback(
    async (channelId: string, userIds: string[]) => {
      await mutate({ variables: { input: { channelId, userIds } } });
    },
    [mutate],
  );
  return { add, loading };
};
