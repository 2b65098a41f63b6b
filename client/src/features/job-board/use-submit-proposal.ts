import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { useOptionalViewer } from '../../app/viewer-context';
import { graphql } from '../../gql';
import type { SubmitProposalInput } from '../../gql/graphql';

export const SubmitProposalMutation = graphql(`
  mutation SubmitProposal($input: SubmitProposalInput!) {
    submitProposal(input: $input) {
      proposal {
        id
        ...YourProposal_proposal
        job {
          id
          viewerProposal {
            id
          }
        }
      }
    }
  }
`);

/**
 * Applies to an OPEN job. The payload reads the job's `viewerProposal` back, so the cached job
 * page turns into "You applied" by itself; the Proposals tab and recommendations (which leave out
 * jobs applied to) are fetched afresh when next shown.
 */
export const useSubmitProposal = () => {
  const viewer = useOptionalViewer();
  const [mutate, { loading }] = useMutation(SubmitProposalMutation, {
    update(cache) {
      const id = viewer ? cache.identify({ __typename: 'Viewer', id: viewer.id }) : undefined;
      if (!id) return;
      cache.evict({ id, fieldName: 'proposals' });
      cache.evict({ id, fieldName: 'recommendedJobs' });
      cache.gc();
    },
  });
  const submit = useCallback(
    async (input: SubmitProposalInput) => {
      const result = await mutate({ variables: { input } });
      return result.data?.submitProposal.proposal ?? null;
    },
    [mutate],
  );
  return { submit, loading };
};
