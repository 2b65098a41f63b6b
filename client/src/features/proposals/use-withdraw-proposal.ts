import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const WithdrawProposalMutation = graphql(`
  mutation WithdrawProposal($input: WithdrawProposalInput!) {
    withdrawProposal(input: $input) {
      proposal {
        id
        status
        updatedAt
      }
    }
  }
`);

/** UNREVIEWED or SHORTLISTED → WITHDRAWN; the normalized proposal updates every list that shows it. */
export const useWithdrawProposal = () => {
  const [mutate, { loading }] = useMutation(WithdrawProposalMutation);
  const withdraw = useCallback((proposalId: string) => mutate({ variables: { input: { proposalId } } }), [mutate]);
  return { withdraw, loading };
};
