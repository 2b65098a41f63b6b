import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { useOptionalViewer } from '../../app/viewer-context';
import { graphql } from '../../gql';

export const EndContractMutation = graphql(`
  mutation EndContract($input: EndContractInput!) {
    endContract(input: $input) {
      contract {
        id
        status
        endedAt
      }
    }
  }
`);

/**
 * ACTIVE or PAUSED → ENDED (Finished). Refused with INVALID_TRANSITION, naming the milestones,
 * while money is in play.
 */
export const useEndContract = () => {
  const viewer = useOptionalViewer();
  const [mutate, { loading }] = useMutation(EndContractMutation, {
    update(cache) {
      // The contract moves from the active list to Finished: both are fetched afresh when shown.
      const id = viewer ? cache.identify({ __typename: 'Viewer', id: viewer.id }) : undefined;
      if (!id) return;
      cache.evict({ id, fieldName: 'activeContracts' });
      cache.evict({ id, fieldName: 'finishedContracts' });
      cache.gc();
    },
  });
  const end = useCallback((contractId: string) => mutate({ variables: { input: { contractId } } }), [mutate]);
  return { end, loading };
};
