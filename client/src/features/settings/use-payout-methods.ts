import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import type { AddPayoutMethodInput } from '../../gql/graphql';

// Each answers with the trainer's methods now; the settings screen and the Reports panel refetch
// what they show from them (a new default changes both).
const refetchQueries = ['PayoutSettings', 'RequestPayoutPanel'];

export const AddPayoutMethodMutation = graphql(`
  mutation AddPayoutMethod($input: AddPayoutMethodInput!) {
    addPayoutMethod(input: $input) {
      payoutMethod {
        id
        label
        isDefault
      }
    }
  }
`);

export const SetDefaultPayoutMethodMutation = graphql(`
  mutation SetDefaultPayoutMethod($input: SetDefaultPayoutMethodInput!) {
    setDefaultPayoutMethod(input: $input) {
      payoutMethods {
        id
        isDefault
      }
    }
  }
`);

export const RemovePayoutMethodMutation = graphql(`
  mutation RemovePayoutMethod($input: RemovePayoutMethodInput!) {
    removePayoutMethod(input: $input) {
      payoutMethod {
        id
        removedAt
      }
    }
  }
`);

export const useAddPayoutMethod = () => {
  const [mutate, { loading }] = useMutation(AddPayoutMethodMutation, { refetchQueries, awaitRefetchQueries: true });
  const add = useCallback(async (input: AddPayoutMethodInput) => (await mutate({ variables: { input } })).data?.addPayoutMethod.payoutMethod, [mutate]);
  return { add, loading };
};

export const useSetDefaultPayoutMethod = () => {
  const [mutate, { loading }] = useMutation(SetDefaultPayoutMethodMutation, { refetchQueries, awaitRefetchQueries: true });
  const setDefault = useCallback((payoutMethodId: string) => mutate({ variables: { input: { payoutMethodId } } }), [mutate]);
  return { setDefault, loading };
};

export const useRemovePayoutMethod = () => {
  const [mutate, { loading }] = useMutation(RemovePayoutMethodMutation, { refetchQueries, awaitRefetchQueries: true });
  const remove = useCallback((payoutMethodId: string) => mutate({ variables: { input: { payoutMethodId } } }), [mutate]);
  return { remove, loading };
};
