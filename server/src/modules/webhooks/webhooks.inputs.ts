import { ArrayMaxSize, ArrayMinSize, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { activityTypeEnum, type ActivityType } from '../../events/activity-event.entity.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';

@InputType({ description: 'The input of `createWebhookEndpoint`.' })
export class CreateWebhookEndpointInput {
  @Field({ description: 'An https address on a public host. Redirects are not followed.' })
  @MaxLength(2000, { message: 'The address is too long (2,000 characters at most).' })
  url: string;

  @Field(() => [activityTypeEnum], { description: 'The kinds of event to deliver (at least one; see `webhookEventTypes`).' })
  @ArrayMinSize(1, { message: 'Choose at least one kind of event.' })
  @ArrayMaxSize(200, { message: 'Too many kinds of event.' })
  eventTypes: ActivityType[];

  @Field(() => String, { nullable: true, description: 'What it is for (500 characters at most).' })
  @IsOptional()
  @MaxLength(500, { message: 'Describe the endpoint in 500 characters at most.' })
  description?: string | null;
}

@InputType({ description: 'The input of `updateWebhookEndpoint`.' })
export class UpdateWebhookEndpointInput {
  @Field(() => ID)
  endpointId: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000, { message: 'The address is too long (2,000 characters at most).' })
  url?: string | null;

  @Field(() => [activityTypeEnum], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1, { message: 'Choose at least one kind of event.' })
  @ArrayMaxSize(200, { message: 'Too many kinds of event.' })
  eventTypes?: ActivityType[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500, { message: 'Describe the endpoint in 500 characters at most.' })
  description?: string | null;
}

@InputType({ description: 'Names one webhook endpoint: the input of `deleteWebhookEndpoint`, `disableWebhookEndpoint` and `enableWebhookEndpoint`.' })
export class WebhookEndpointIdInput {
  @Field(() => ID)
  endpointId: string;
}

@InputType({ description: 'The input of `rotateWebhookSecret`.' })
export class RotateWebhookSecretInput {
  @Field(() => ID)
  endpointId: string;

  @Field(() => Int, { nullable: true, description: 'How long the old secret keeps signing too, in minutes (0 to 10,080; default 1,440: a day).' })
  @IsOptional()
  overlapMinutes?: number | null;
}

@InputType({ description: 'The input of `resendWebhookDelivery`.' })
export class ResendWebhookDeliveryInput {
  @Field(() => ID)
  deliveryId: string;
}

@InputType({ description: 'The input of `replayWebhookDeliveries`.' })
export class ReplayWebhookDeliveriesInput {
  @Field(() => ID)
  endpointId: string;

  @Field({ description: 'An event cursor (a payload’s `cursor`): every event after it is delivered again, in order, then the stream goes on.' })
  @MaxLength(200, { message: '`after` is not an event cursor.' })
  after: string;
}

@ObjectType({
  description:
    'The endpoint as it is now: what `updateWebhookEndpoint`, `enableWebhookEndpoint`, `disableWebhookEndpoint` and `replayWebhookDeliveries` return.',
})
export class WebhookEndpointPayload {
  @Field(() => WebhookEndpoint)
  endpoint: WebhookEndpoint;
}

@ObjectType({ description: 'The endpoint and its signing secret, shown this once: what `createWebhookEndpoint` and `rotateWebhookSecret` return.' })
export class WebhookEndpointWithSecretPayload {
  @Field(() => WebhookEndpoint)
  endpoint: WebhookEndpoint;

  @Field({ description: 'The signing secret (`whsec_…`): shown this once. Keep it where your receiver can read it.' })
  secret: string;
}

@ObjectType({ description: 'What `deleteWebhookEndpoint` returns.' })
export class DeleteWebhookEndpointPayload {
  @Field(() => ID)
  deletedEndpointId: string;
}

@ObjectType({ description: 'What `resendWebhookDelivery` returns.' })
export class ResendWebhookDeliveryPayload {
  @Field(() => WebhookDelivery, { description: 'The new delivery, PENDING until the worker sends it.' })
  delivery: WebhookDelivery;
}
