import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const CancelMilestoneMutation = graphql(`
  mutation CancelMilestone($input: CancelMilestoneInput!) {
    cancelMilestone(input: $input) {
      refunded
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

/** NOT_FUNDED or FUNDED → CANCELLED (`refunded` when it was funded). */
export const useCancelMilestone = () => {
  const [mutate, { loading }] = useMutation(CancelMilestoneMutation);
  const cancel = useCallback(
    async (milestoneId: string, reason?: string) => {
      const result = await mutate({ variables: { input: { milestoneId, reason: reason || null } } });
      return result.data?.cancelMilestone.refunded ?? false;
    },
    [mutate],
  );
  return { cancel, loading };
};
