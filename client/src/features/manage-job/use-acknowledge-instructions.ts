import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const AcknowledgeInstructionsMutation = graphql(`
  mutation AcknowledgeInstructions($input: AcknowledgeInstructionsInput!) {
    acknowledgeInstructions(input: $input) {
      document {
        id
        hasUnreadUpdate
        acknowledgedVersion
      }
    }
  }
`);

/** "I have read version N": clears "updated since you last read" (the payload updates the cache). */
export const useAcknowledgeInstructions = () => {
  const [mutate, { loading, error }] = useMutation(AcknowledgeInstructionsMutation);
  const acknowledge = useCallback((documentId: string, version: number) => mutate({ variables: { input: { documentId, version } } }), [mutate]);
  return { acknowledge, loading, error };
};
