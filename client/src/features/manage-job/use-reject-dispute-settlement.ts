import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const RejectDisputeSettlementMutation = graphql(`
  mutation RejectDisputeSettlement($input: RejectDisputeSettlementInput!) {
    rejectDisputeSettlement(input: $input) {
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

/** The other party: rejects the proposed split; the dispute stays open. */
export const useRejectDisputeSettlement = () => {
  const [mutate, { loading }] = useMutation(RejectDisputeSettlementMutation);
  const reject = useCallback((milestoneId: string, note: string | null) => mutate({ variables: { input: { milestoneId, note } } }), [mutate]);
  return { reject, loading };
};
