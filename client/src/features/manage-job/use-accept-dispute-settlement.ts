import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import { newIdempotencyKey } from '../reports/idempotency';

export const AcceptDisputeSettlementMutation = graphql(`
  mutation AcceptDisputeSettlement($input: AcceptDisputeSettlementInput!) {
    acceptDisputeSettlement(input: $input) {
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

/** The other party: accepts the proposed split; the money moves once (a retry with the same key moves nothing twice). */
export const useAcceptDisputeSettlement = () => {
  const [mutate, { loading }] = useMutation(AcceptDisputeSettlementMutation);
  const accept = useCallback(
    (milestoneId: string, releaseCents: number, idempotencyKey: string = newIdempotencyKey()) =>
      mutate({ variables: { input: { milestoneId, releaseCents, idempotencyKey } } }),
    [mutate],
  );
  return { accept, loading };
};
