import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import type { HireProposalInput } from '../../gql/graphql';
import { MyJobsQuery, ACTIVE_CONTRACTS_PAGE } from '../jobs/MyJobsPage';

export const HireProposalMutation = graphql(`
  mutation HireProposal($input: HireProposalInput!) {
    hireProposal(input: $input) {
      proposal {
        id
        ...ReceivedProposal_proposal
      }
      contract {
        id
        title
      }
      milestone {
        id
        number
      }
    }
  }
`);

/** Hires: the ACTIVE contract, the trainer's DIRECT channel and an optional first milestone, in one move. */
export const useHireProposal = () => {
  const [mutate, { loading }] = useMutation(HireProposalMutation);
  const hire = useCallback(
    async (input: HireProposalInput) => {
      const result = await mutate({
        variables: { input },
        refetchQueries: [{ query: MyJobsQuery, variables: { first: ACTIVE_CONTRACTS_PAGE } }],
      });
      return result.data?.hireProposal.contract ?? null;
    },
    [mutate],
  );
  return { hire, loading };
};
