import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const PauseContractMutation = graphql(`
  mutation PauseContract($input: PauseContractInput!) {
    pauseContract(input: $input) {
      contract {
        id
        status
        endedAt
      }
    }
  }
`);

/** ACTIVE → PAUSED: the trainer cannot submit or be funded until it resumes. */
export const usePauseContract = () => {
  const [mutate, { loading }] = useMutation(PauseContractMutation);
  const pause = useCallback((contractId: string) => mutate({ variables: { input: { contractId } } }), [mutate]);
  return { pause, loading };
};
