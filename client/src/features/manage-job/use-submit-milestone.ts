import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import type { AttachmentInput } from '../../gql/graphql';

export const SubmitMilestoneMutation = graphql(`
  mutation SubmitMilestone($input: SubmitMilestoneInput!) {
    submitMilestone(input: $input) {
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

/**
 * "Complete & Request Payout": FUNDED or CHANGES_REQUESTED → SUBMITTED. The payload carries the
 * milestone (status, history) and its contract's billing summary, so the cache needs nothing else.
 */
export const useSubmitMilestone = () => {
  const [mutate, { loading }] = useMutation(SubmitMilestoneMutation);
  const submit = useCallback(
    (milestoneId: string, note: string, attachments: AttachmentInput[]) => mutate({ variables: { input: { milestoneId, note, attachments } } }),
    [mutate],
  );
  return { submit, loading };
};
