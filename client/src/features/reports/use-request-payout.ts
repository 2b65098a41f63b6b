import { useMutation } from '@apollo/client/react';
import { useCallback, useRef } from 'react';

import { graphql } from '../../gql';
import { newIdempotencyKey } from './idempotency';

export const RequestPayoutMutation = graphql(`
  mutation RequestPayout($input: RequestPayoutInput!) {
    requestPayout(input: $input) {
      payouts {
        id
        status
        requestedAt
        amount {
          formatted
        }
        organization {
          id
          name
        }
        method {
          id
          label
        }
      }
    }
  }
`);

/**
 * `requestPayout` with an idempotency key: one key per attempt, kept until it succeeds, so "Try
 * again" after a network failure can never request twice. The panel's own query is refetched
 * with the lists, so that once the money is requested the button no longer offers it.
 */
export const useRequestPayout = () => {
  const key = useRef<string | null>(null);
  const [mutate, { loading, error, data, reset }] = useMutation(RequestPayoutMutation, {
    refetchQueries: ['ReportsInvoices', 'ReportsPayouts', 'RequestPayoutPanel'],
    awaitRefetchQueries: true,
  });
  const request = useCallback(async () => {
    key.current ??= newIdempotencyKey();
    const result = await mutate({ variables: { input: { idempotencyKey: key.current } } });
    key.current = null;
    return result.data?.requestPayout.payouts ?? [];
  }, [mutate]);
  return { request, loading, error, payouts: data?.requestPayout.payouts ?? null, reset };
};
