import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import { newIdempotencyKey } from '../reports/idempotency';
import { approvalNoteOf, setApprovalNote } from './approval-note';

export const ApproveMilestoneMutation = graphql(`
  mutation ApproveMilestone($input: ApproveMilestoneInput!) {
    approveMilestone(input: $input) {
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

/**
 * "Approve & Release Payment": SUBMITTED → PAID; issues the trainer's invoice (its number is
 * returned). The note, when there is one, is the one typed under the submission (approval-note.ts).
 */
export const useApproveMilestone = () => {
  const [mutate, { loading }] = useMutation(ApproveMilestoneMutation);
  const approve = useCallback(
    async (milestoneId: string, idempotencyKey: string = newIdempotencyKey(), note: string = approvalNoteOf(milestoneId)) => {
      const trimmed = note.trim();
      const result = await mutate({ variables: { input: { milestoneId, idempotencyKey, ...(trimmed ? { note: trimmed } : {}) } } });
      setApprovalNote(milestoneId, '');
      return result.data?.approveMilestone.invoice ?? null;
    },
    [mutate],
  );
  return { approve, loading };
};
