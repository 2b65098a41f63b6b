import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import type { CreateChannelInput } from '../../gql/graphql';

export const CreateChannelMutation = graphql(`
  mutation CreateChannel($input: CreateChannelInput!) {
    createChannel(input: $input) {
      channel {
        id
        name
      }
    }
  }
`);

/**
 * A GROUP channel on a job (not on one contract, so it is listed under Messages, which loads it
 * when it opens).
 */
export const useCreateChannel = () => {
  const [mutate, { loading }] = useMutation(CreateChannelMutation);
  const create = useCallback(
    async (input: CreateChannelInput) => {
      const result = await mutate({ variables: { input } });
      return result.data?.createChannel.channel ?? null;
    },
    [mutate],
  );
  return { create, loading };
};
