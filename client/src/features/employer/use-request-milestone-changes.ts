import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const RequestMilestoneChangesMutation = graphql(`
  mutation RequestMilestoneChanges($input: RequestMilestoneChangesInput!) {
    requestMilestoneChanges(input: $input) {
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

/** SUBMITTED → CHANGES_REQUESTED, with a note saying what needs to change. */
export const useRequestMilestoneChanges = () => {
  const [mutate, { loading }] = useMutation(RequestMilestoneChangesMutation);
  const requestChanges = useCallback((milestoneId: string, note: string) => mutate({ variables: { input: { milestoneId, note } } }), [mutate]);
  return { requestChanges, loading };
};
