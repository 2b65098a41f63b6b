import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const ResumeContractMutation = graphql(`
  mutation ResumeContract($input: ResumeContractInput!) {
    resumeContract(input: $input) {
      contract {
        id
        status
        endedAt
      }
    }
  }
`);

/** PAUSED → ACTIVE. */
export const useResumeContract = () => {
  const [mutate, { loading }] = useMutation(ResumeContractMutation);
  const resume = useCallback((contractId: string) => mutate({ variables: { input: { contractId } } }), [mutate]);
  return { resume, loading };
};
