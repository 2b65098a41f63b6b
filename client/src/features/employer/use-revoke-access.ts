import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';

export const RevokeAccessMutation = graphql(`
  mutation RevokeAccess($input: RevokeAccessInput!) {
    revokeAccess(input: $input) {
      accessGrant {
        id
        revokedAt
        ...AccessGrantItem_grant
      }
    }
  }
`);

/** Sets `revokedAt`; the grant moves to "Revoked" (the payload updates the cache). */
export const useRevokeAccess = () => {
  const [mutate, { loading }] = useMutation(RevokeAccessMutation);
  const revoke = useCallback((accessGrantId: string) => mutate({ variables: { input: { accessGrantId } } }), [mutate]);
  return { revoke, loading };
};
