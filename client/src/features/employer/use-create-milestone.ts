import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import type { CreateMilestoneInput } from '../../gql/graphql';
import { ContractTabQuery } from '../manage-job/ContractTab';

export const CreateMilestoneMutation = graphql(`
  mutation CreateMilestone($input: CreateMilestoneInput!) {
    createMilestone(input: $input) {
      milestone {
        id
        ...MilestoneItem_milestone
        contract {
          id
          ...BillingSummary_contract
        }
      }
    }
  }
`);

/** A new NOT_FUNDED milestone; the contract's milestone list is refetched to show it in order. */
export const useCreateMilestone = () => {
  const [mutate, { loading }] = useMutation(CreateMilestoneMutation);
  const create = useCallback(
    (input: CreateMilestoneInput) =>
      mutate({
        variables: { input },
        refetchQueries: [{ query: ContractTabQuery, variables: { contractId: input.contractId } }],
        awaitRefetchQueries: true,
      }),
    [mutate],
  );
  return { create, loading };
};
