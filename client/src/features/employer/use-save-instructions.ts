import { CombinedGraphQLErrors } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const SaveInstructionsMutation = graphql(`
  mutation SaveInstructions($input: SaveInstructionsInput!) {
    saveInstructions(input: $input) {
      document {
        id
        ...InstructionsEditor_document
      }
      revision {
        id
        version
        title
        body
      }
    }
  }
`);

/** The version someone else saved, when a save was refused as CONFLICT (a stale `baseVersion`). */
export const conflictVersion = (error: unknown): number | null => {
  if (!CombinedGraphQLErrors.is(error)) return null;
  const conflict = error.errors.find((e) => e.extensions?.code === 'CONFLICT');
  if (!conflict) return null;
  const current = conflict.extensions?.currentVersion;
  return typeof current === 'number' ? current : 0;
};

/**
 * Saves the next draft revision (or creates the document). `baseVersion` is the version the editor
 * started from; if someone saved since, the server refuses with CONFLICT and overwrites nothing.
 */
export const useSaveInstructions = () => {
  const [mutate, { loading }] = useMutation(SaveInstructionsMutation);
  const save = useCallback(
    async (input: { jobId: string; title: string; body: string; baseVersion: number }) => {
      const result = await mutate({ variables: { input } });
      return result.data?.saveInstructions.revision ?? null;
    },
    [mutate],
  );
  return { save, loading };
};
