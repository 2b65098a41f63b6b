import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import { newIdempotencyKey } from '../reports/idempotency';

export const WithdrawDisputeMutation = graphql(`
  mutation WithdrawDispute($input: WithdrawDisputeInput!) {
    withdrawDispute(input: $input) {
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

/** Employer: withdraws the dispute; the milestone goes back to where it was. */
export const useWithdrawDispute = () => {
  const [mutate, { loading }] = useMutation(WithdrawDisputeMutation);
  const withdraw = useCallback(
    (milestoneId: string, idempotencyKey: string = newIdempotencyKey()) => mutate({ variables: { input: { milestoneId, idempotencyKey } } }),
    [mutate],
  );
  return { withdraw, loading };
};
