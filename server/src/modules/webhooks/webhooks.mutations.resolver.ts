import { Arg, Mutation, Resolver } from 'type-graphql';
import { type SignedInContext } from '../../api/context.js';
import { readBack } from '../../api/payload.js';
import { SignedIn } from '../../api/signed-in.js';
import { runCommand } from '../../commands/command.js';
import { expectGlobalId, toGlobalId } from '../../graphql/global-id.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';
import {
  CreateWebhookEndpointInput,
  DeleteWebhookEndpointPayload,
  ReplayWebhookDeliveriesInput,
  ResendWebhookDeliveryInput,
  ResendWebhookDeliveryPayload,
  RotateWebhookSecretInput,
  UpdateWebhookEndpointInput,
  WebhookEndpointIdInput,
  WebhookEndpointPayload,
  WebhookEndpointWithSecretPayload,
} from './webhooks.inputs.js';
import * as webhooks from './webhooks.mutations.js';

const endpointId = (input: { endpointId: string }) => expectGlobalId(input.endpointId, 'WebhookEndpoint', 'endpointId');

async function endpointPayload(context: SignedInContext, change: webhooks.EndpointChange): Promise<WebhookEndpointPayload> {
  return readBack(context, { endpoint: [WebhookEndpoint, change.endpointId] });
}

/** Settings → Webhooks: an employer's endpoints for their organization. */
@Resolver()
export class WebhookMutationResolver {
  @Mutation(() => WebhookEndpointWithSecretPayload, {
    description:
      'Employer: registers an https endpoint for the organization; it receives the chosen kinds of event from now on. The signing secret is answered this once.',
  })
  async createWebhookEndpoint(
    @Arg('input') input: CreateWebhookEndpointInput,
    @SignedIn() context: SignedInContext,
  ): Promise<WebhookEndpointWithSecretPayload> {
    const change = await runCommand(context, webhooks.createWebhookEndpoint, input);
    return { ...(await endpointPayload(context, change)), secret: change.secret! };
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'Employer: changes the address, the kinds of event or the description (what is given).' })
  async updateWebhookEndpoint(@Arg('input') input: UpdateWebhookEndpointInput, @SignedIn() context: SignedInContext): Promise<WebhookEndpointPayload> {
    return endpointPayload(context, await runCommand(context, webhooks.updateWebhookEndpoint, { ...input, endpointId: endpointId(input) }));
  }

  @Mutation(() => WebhookEndpointPayload, { description: 'Employer: stops deliveries to the endpoint; nothing is sent while it is disabled.' })
  async disableWebhookEndpoint(@Arg('input') input: WebhookEndpointIdInput, @SignedIn() context: SignedInContext): Promise<WebhookEndpointPayload> {
    return endpointPayload(context, await runCommand(context, webhooks.disableWebhookEndpoint, { endpointId: endpointId(input) }));
  }

  @Mutation(() => WebhookEndpointPayload, {
    description: 'Employer: delivers again, from the next event on (what happened while disabled is sent only on `replayWebhookDeliveries`).',
  })
  async enableWebhookEndpoint(@Arg('input') input: WebhookEndpointIdInput, @SignedIn() context: SignedInContext): Promise<WebhookEndpointPayload> {
    return endpointPayload(context, await runCommand(context, webhooks.enableWebhookEndpoint, { endpointId: endpointId(input) }));
  }

  @Mutation(() => DeleteWebhookEndpointPayload, { description: 'Employer: deletes the endpoint and its delivery log.' })
  async deleteWebhookEndpoint(@Arg('input') input: WebhookEndpointIdInput, @SignedIn() context: SignedInContext): Promise<DeleteWebhookEndpointPayload> {
    const change = await runCommand(context, webhooks.deleteWebhookEndpoint, { endpointId: endpointId(input) });
    return { deletedEndpointId: toGlobalId('WebhookEndpoint', change.endpointId) };
  }

  @Mutation(() => WebhookEndpointWithSecretPayload, {
    description: 'Employer: a new signing secret, answered this once; requests carry a signature with the old one too until `previousSecretExpiresAt`.',
  })
  async rotateWebhookSecret(@Arg('input') input: RotateWebhookSecretInput, @SignedIn() context: SignedInContext): Promise<WebhookEndpointWithSecretPayload> {
    const change = await runCommand(context, webhooks.rotateWebhookSecret, { endpointId: endpointId(input), overlapMinutes: input.overlapMinutes ?? null });
    return { ...(await endpointPayload(context, change)), secret: change.secret! };
  }

  @Mutation(() => ResendWebhookDeliveryPayload, {
    description: "Employer: sends one delivery's event again, outside the order (same `webhook-id`, a new `webhook-delivery-id`).",
  })
  async resendWebhookDelivery(@Arg('input') input: ResendWebhookDeliveryInput, @SignedIn() context: SignedInContext): Promise<ResendWebhookDeliveryPayload> {
    const deliveryId = expectGlobalId(input.deliveryId, 'WebhookDelivery', 'deliveryId');
    const change = await runCommand(context, webhooks.resendWebhookDelivery, { deliveryId });
    return readBack(context, { delivery: [WebhookDelivery, change.deliveryId] });
  }

  @Mutation(() => WebhookEndpointPayload, {
    description: 'Employer: delivers every event after `after` (an event cursor) again, in order, then goes on with the stream.',
  })
  async replayWebhookDeliveries(@Arg('input') input: ReplayWebhookDeliveriesInput, @SignedIn() context: SignedInContext): Promise<WebhookEndpointPayload> {
    return endpointPayload(context, await runCommand(context, webhooks.replayWebhookDeliveries, { endpointId: endpointId(input), after: input.after }));
  }
}
