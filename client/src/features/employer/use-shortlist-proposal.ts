import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const ShortlistProposalMutation = graphql(`
  mutation ShortlistProposal($input: ShortlistProposalInput!) {
    shortlistProposal(input: $input) {
      proposal {
        id
        ...ReceivedProposal_proposal
      }
    }
  }
`);

/** UNREVIEWED → SHORTLISTED. */
export const useShortlistProposal = () => {
  const [mutate, { loading }] = useMutation(ShortlistProposalMutation);
  const shortlist = useCallback((proposalId: string) => mutate({ variables: { input: { proposalId } } }), [mutate]);
  return { shortlist, loading };
};
