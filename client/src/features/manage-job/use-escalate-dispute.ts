import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const EscalateDisputeMutation = graphql(`
  mutation EscalateDispute($input: EscalateDisputeInput!) {
    escalateDispute(input: $input) {
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

/** Either party: hands the dispute to Workroom, which decides the split. */
export const useEscalateDispute = () => {
  const [mutate, { loading }] = useMutation(EscalateDisputeMutation);
  const escalate = useCallback((milestoneId: string, note: string | null) => mutate({ variables: { input: { milestoneId, note } } }), [mutate]);
  return { escalate, loading };
};
