import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const RespondToDisputeMutation = graphql(`
  mutation RespondToDispute($input: RespondToDisputeInput!) {
    respondToDispute(input: $input) {
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

/** Trainer: answers the dispute; the employer sees it. */
export const useRespondToDispute = () => {
  const [mutate, { loading }] = useMutation(RespondToDisputeMutation);
  const respond = useCallback((milestoneId: string, response: string) => mutate({ variables: { input: { milestoneId, response } } }), [mutate]);
  return { respond, loading };
};
