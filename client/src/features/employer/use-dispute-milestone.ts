import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const DisputeMilestoneMutation = graphql(`
  mutation DisputeMilestone($input: DisputeMilestoneInput!) {
    disputeMilestone(input: $input) {
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

/** FUNDED, SUBMITTED or CHANGES_REQUESTED → DISPUTED: its money is held "In dispute". */
export const useDisputeMilestone = () => {
  const [mutate, { loading }] = useMutation(DisputeMilestoneMutation);
  const dispute = useCallback((milestoneId: string, reason: string) => mutate({ variables: { input: { milestoneId, reason } } }), [mutate]);
  return { dispute, loading };
};
