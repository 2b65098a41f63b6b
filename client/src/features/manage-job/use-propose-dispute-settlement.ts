import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const ProposeDisputeSettlementMutation = graphql(`
  mutation ProposeDisputeSettlement($input: ProposeDisputeSettlementInput!) {
    proposeDisputeSettlement(input: $input) {
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

/** Either party: proposes a split for the other to accept or reject. */
export const useProposeDisputeSettlement = () => {
  const [mutate, { loading }] = useMutation(ProposeDisputeSettlementMutation);
  const propose = useCallback(
    (milestoneId: string, releaseCents: number, note: string | null) => mutate({ variables: { input: { milestoneId, releaseCents, note } } }),
    [mutate],
  );
  return { propose, loading };
};
