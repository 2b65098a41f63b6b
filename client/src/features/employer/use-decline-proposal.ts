import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const DeclineProposalMutation = graphql(`
  mutation DeclineProposal($input: DeclineProposalInput!) {
    declineProposal(input: $input) {
      proposal {
        id
        ...ReceivedProposal_proposal
      }
    }
  }
`);

/** UNREVIEWED or SHORTLISTED → DECLINED, with an optional reason the trainer sees. */
export const useDeclineProposal = () => {
  const [mutate, { loading }] = useMutation(DeclineProposalMutation);
  const decline = useCallback((proposalId: string, reason?: string) => mutate({ variables: { input: { proposalId, reason: reason || null } } }), [mutate]);
  return { decline, loading };
};
