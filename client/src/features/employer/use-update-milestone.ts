import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import type { UpdateMilestoneInput } from '../../gql/graphql';

export const UpdateMilestoneMutation = graphql(`
  mutation UpdateMilestone($input: UpdateMilestoneInput!) {
    updateMilestone(input: $input) {
      milestone {
        id
        ...MilestoneItem_milestone
      }
    }
  }
`);

/** Edits a NOT_FUNDED milestone: only the fields given change (`dueAt: null` clears the date). */
export const useUpdateMilestone = () => {
  const [mutate, { loading }] = useMutation(UpdateMilestoneMutation);
  const update = useCallback((input: UpdateMilestoneInput) => mutate({ variables: { input } }), [mutate]);
  return { update, loading };
};
