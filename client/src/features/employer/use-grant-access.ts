import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import type { GrantAccessInput } from '../../gql/graphql';
import { AccessTabQuery } from '../manage-job/AccessTab';

export const GrantAccessMutation = graphql(`
  mutation GrantAccess($input: GrantAccessInput!) {
    grantAccess(input: $input) {
      accessGrant {
        id
        ...AccessGrantItem_grant
      }
    }
  }
`);

/** A TOOL, TEAM, DATASET or OTHER grant on the contract; the access list is refetched to show it. */
export const useGrantAccess = () => {
  const [mutate, { loading }] = useMutation(GrantAccessMutation);
  const grant = useCallback(
    (input: GrantAccessInput) =>
      mutate({
        variables: { input },
        refetchQueries: [{ query: AccessTabQuery, variables: { contractId: input.contractId } }],
        awaitRefetchQueries: true,
      }),
    [mutate],
  );
  return { grant, loading };
};
