import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { type Context, type SignedInContext } from '../../api/context.js';
import { eventCursor } from '../../api/live-feed.js';
import { SignedIn } from '../../api/signed-in.js';
import { loadVisible } from '../../api/visible.js';
import { ActivityEvent, activityTypeEnum, type ActivityType } from '../../events/activity-event.entity.js';
import { ConnectionArgs, connectionType } from '../../graphql/pagination.js';
import { ViewerType } from '../accounts/viewer.type.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';
import { webhookSecretVault } from './webhook-secret-vault.js';
import { secretHint } from './webhook-signing.js';
import { deliveriesOf, webhookEndpointsOf } from './webhooks.service.js';

export const WebhookDeliveryConnection = connectionType(WebhookDelivery);

@Resolver(() => ViewerType)
export class ViewerWebhooksResolver {
  @FieldResolver(() => [WebhookEndpoint], { description: "Settings → Webhooks: the organization's endpoints, oldest first. Always empty for a trainer." })
  webhookEndpoints(@SignedIn() context: SignedInContext): Promise<WebhookEndpoint[]> {
    return webhookEndpointsOf(context);
  }
}

@Resolver()
export class WebhookEventTypesResolver {
  @Query(() => [activityTypeEnum], { description: 'The kinds of event a webhook endpoint can subscribe to (the event catalogue).' })
  webhookEventTypes(): ActivityType[] {
    return Object.values(activityTypeEnum).sort();
  }
}

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  @FieldResolver(() => String, { description: 'The signing secret, named by its last four characters (`whsec_…k3Q=`); the secret itself is shown once.' })
  secretHint(@Root() endpoint: WebhookEndpoint, @Ctx() context: Context): string {
    return secretHint(webhookSecretVault(context.app.config.billing.payoutMethodsKey).open(endpoint.secret, endpoint.organizationId));
  }

  @FieldResolver(() => String, { nullable: true, description: 'The cursor of the last event acknowledged or passed over; null before the first event.' })
  deliveredThrough(@Root() endpoint: WebhookEndpoint): string | null {
    return endpoint.cursor > 0 ? eventCursor(endpoint.cursor) : null;
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: 'Its delivery log, newest first.' })
  deliveries(@Root() endpoint: WebhookEndpoint, @Args() args: ConnectionArgs, @SignedIn() context: SignedInContext) {
    return deliveriesOf(context, endpoint, args);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => ActivityEvent, { nullable: true, description: 'The event it carries, if the viewer may still see it.' })
  event(@Root() delivery: WebhookDelivery, @Ctx() context: Context) {
    return loadVisible(context, ActivityEvent, delivery.eventId);
  }

  @FieldResolver(() => String, { description: "The event's cursor: `replayWebhookDeliveries(after:)` from here." })
  eventCursor(@Root() delivery: WebhookDelivery): string {
    return eventCursor(delivery.position);
  }

  @FieldResolver(() => WebhookEndpoint, { nullable: true })
  endpoint(@Root() delivery: WebhookDelivery, @Ctx() context: Context) {
    return loadVisible(context, WebhookEndpoint, delivery.endpointId);
  }
}
