import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import { newIdempotencyKey } from '../reports/idempotency';

export const FundMilestoneMutation = graphql(`
  mutation FundMilestone($input: FundMilestoneInput!) {
    fundMilestone(input: $input) {
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

/** NOT_FUNDED → FUNDED ("Active & Funded"), with an idempotency key so a retry funds once. */
export const useFundMilestone = () => {
  const [mutate, { loading }] = useMutation(FundMilestoneMutation);
  const fund = useCallback(
    (milestoneId: string, idempotencyKey: string = newIdempotencyKey()) => mutate({ variables: { input: { milestoneId, idempotencyKey } } }),
    [mutate],
  );
  return { fund, loading };
};
