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
        changeNote
      }
    }
  }
`);

/**
 * Makes a saved version the one trainers read; they get "Updated since you last read", with the
 * change note (optional: blank is none) and what changed since the version they acknowledged.
 */
export const usePublishInstructions = () => {
  const [mutate, { loading }] = useMutation(PublishInstructionsMutation);
  const publish = useCallback(
    async (documentId: string, version: number, changeNote?: string) => {
      const note = changeNote?.trim();
      const result = await mutate({ variables: { input: { documentId, version, ...(note ? { changeNote: note } : {}) } } });
      return result.data?.publishInstructions.revision.version ?? version;
    },
    [mutate],
  );
  return { publish, loading };
};
