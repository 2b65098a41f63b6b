import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const PublishInstructionsMutation = graphql(`
  mutation PublishInstructions($input: PublishInstructionsInput!) {
    publishInstructions(input: $input) {
      document {
        id
        ...InstructionsEditor_document
      }
      revision {
        id
        version
      }
    }
  }
`);

/** Makes a saved version the one trainers read; they get "Updated since you last read". */
export const usePublishInstructions = () => {
  const [mutate, { loading }] = useMutation(PublishInstructionsMutation);
  const publish = useCallback(
    async (documentId: string, version: number) => {
      const result = await mutate({ variables: { input: { documentId, version } } });
      return result.data?.publishInstructions.revision.version ?? version;
    },
    [mutate],
  );
  return { publish, loading };
};
