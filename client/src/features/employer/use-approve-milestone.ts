import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import { newIdempotencyKey } from '../reports/idempotency';

export const ApproveMilestoneMutation = graphql(`
  mutation ApproveMilestone($input: ApproveMilestoneInput!) {
    approveMilestone(input: $input) {
      milestone {
        id
        ...MilestoneItem_milestone
        contract {
          id
          ...BillingSummary_contract
        }
      }
      invoice {
        id
        number
      }
    }
  }
`);

/** "Approve & Release Payment": SUBMITTED → PAID; issues the trainer's invoice (its number is returned). */
export const useApproveMilestone = () => {
  const [mutate, { loading }] = useMutation(ApproveMilestoneMutation);
  const approve = useCallback(
    async (milestoneId: string, idempotencyKey: string = newIdempotencyKey()) => {
      const result = await mutate({ variables: { input: { milestoneId, idempotencyKey } } });
      return result.data?.approveMilestone.invoice ?? null;
    },
    [mutate],
  );
  return { approve, loading };
};
