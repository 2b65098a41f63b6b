import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import type { CreateChannelInput } from '../../gql/graphql';
import { ContractChannelsQuery } from '../manage-job/ContractMessagesTab';

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
 * A GROUP channel on a job. The job's Messages tab (`Contract.channels`, which lists the job's
 * group channels) is refetched before this resolves, so the form can open the new channel there.
 */
export const useCreateChannel = () => {
  const [mutate, { loading }] = useMutation(CreateChannelMutation, {
    refetchQueries: [ContractChannelsQuery],
    awaitRefetchQueries: true,
  });
  const create = useCallback(
    async (input: CreateChannelInput) => {
      const result = await mutate({ variables: { input } });
      return result.data?.createChannel.channel ?? null;
    },
    [mutate],
  );
  return { create, loading };
};
