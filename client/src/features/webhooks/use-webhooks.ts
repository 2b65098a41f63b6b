import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';

import { graphql } from '../../gql';
import type { ActivityType } from '../../gql/graphql';

const refetchQueries = ['WebhookSettings'];

export const CreateWebhookEndpointMutation = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      secret
      endpoint {
        id
        url
      }
    }
  }
`);

export const SetWebhookEndpointEnabledMutation = graphql(`
  mutation SetWebhookEndpointEnabled($input: WebhookEndpointIdInput!, $enable: Boolean!) {
    enableWebhookEndpoint(input: $input) @include(if: $enable) {
      endpoint {
        id
        status
        disabledReason
      }
    }
    disableWebhookEndpoint(input: $input) @skip(if: $enable) {
      endpoint {
        id
        status
        disabledReason
      }
    }
  }
`);

export const DeleteWebhookEndpointMutation = graphql(`
  mutation DeleteWebhookEndpoint($input: WebhookEndpointIdInput!) {
    deleteWebhookEndpoint(input: $input) {
      deletedEndpointId
    }
  }
`);

export const ResendWebhookDeliveryMutation = graphql(`
  mutation ResendWebhookDelivery($input: ResendWebhookDeliveryInput!) {
    resendWebhookDelivery(input: $input) {
      delivery {
        id
        status
      }
    }
  }
`);

export const ReplayWebhookDeliveriesMutation = graphql(`
  mutation ReplayWebhookDeliveries($input: ReplayWebhookDeliveriesInput!) {
    replayWebhookDeliveries(input: $input) {
      endpoint {
        id
      }
    }
  }
`);

export const RotateWebhookSecretMutation = graphql(`
  mutation RotateWebhookSecret($input: RotateWebhookSecretInput!) {
    rotateWebhookSecret(input: $input) {
      secret
      endpoint {
        id
        secretHint
        previousSecretExpiresAt
      }
    }
  }
`);

export const useCreateWebhookEndpoint = () => {
  const [mutate, { loading }] = useMutation(CreateWebhookEndpointMutation, { refetchQueries, awaitRefetchQueries: true });
  const create = useCallback(
    async (input: { url: string; description: string; eventTypes: ActivityType[] }) => (await mutate({ variables: { input } })).data?.createWebhookEndpoint,
    [mutate],
  );
  return { create, loading };
};

export const useWebhookEndpointActions = () => {
  const [setEnabled, { loading: toggling }] = useMutation(SetWebhookEndpointEnabledMutation, { refetchQueries, awaitRefetchQueries: true });
  const [remove, { loading: removing }] = useMutation(DeleteWebhookEndpointMutation, { refetchQueries, awaitRefetchQueries: true });
  const [resend, { loading: resending }] = useMutation(ResendWebhookDeliveryMutation, { refetchQueries, awaitRefetchQueries: true });
  const [replay, { loading: replaying }] = useMutation(ReplayWebhookDeliveriesMutation, { refetchQueries, awaitRefetchQueries: true });
  const [rotate, { loading: rotating }] = useMutation(RotateWebhookSecretMutation);
  return {
    replay: useCallback((endpointId: string, after: string) => replay({ variables: { input: { endpointId, after } } }), [replay]),
    rotate: useCallback(async (endpointId: string) => (await rotate({ variables: { input: { endpointId } } })).data?.rotateWebhookSecret.secret, [rotate]),
    setEnabled: useCallback((endpointId: string, enable: boolean) => setEnabled({ variables: { input: { endpointId }, enable } }), [setEnabled]),
    remove: useCallback((endpointId: string) => remove({ variables: { input: { endpointId } } }), [remove]),
    resend: useCallback((deliveryId: string) => resend({ variables: { input: { deliveryId } } }), [resend]),
    busy: toggling || removing || resending || replaying || rotating,
    removing,
  };
};
