import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { counterColumn, timestampColumn } from '../../db/columns.js';
import { activityTypeEnum, type ActivityType } from '../../events/activity-event.entity.js';
import { Node } from '../../graphql/node.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

export enum WebhookDeliveryKind {
  STREAM = 'STREAM',
  RESEND = 'RESEND',
}

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description:
    'PENDING: not yet acknowledged (see `nextAttemptAt`); SUCCEEDED: answered with a 2xx; FAILED: given up (the endpoint was disabled, or the event is no longer the organization’s to see).',
});
registerEnumType(WebhookDeliveryKind, {
  name: 'WebhookDeliveryKind',
  description: 'STREAM: in outbox order (a replay too); RESEND: one event sent again on request, outside the order.',
});

/** One event sent to one endpoint, with its attempts: the endpoint's delivery log. */
@ObjectType({ implements: Node, description: 'One event sent to one webhook endpoint, and how it went.' })
@Entity('webhook_deliveries')
@Index('webhook_deliveries_endpoint_idx', ['endpointId', 'createdAt'])
@Index('webhook_deliveries_pending_idx', ['endpointId', 'kind'], { where: `"status" = 'PENDING'` })
export class WebhookDelivery extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Column({ type: 'uuid' })
  endpointId: string;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn()
  endpoint?: Relation<WebhookEndpoint>;

  /** The endpoint's organization, for the read rule without a join. */
  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @Column(counterColumn())
  position: number;

  @Field(() => activityTypeEnum)
  @Column({ type: 'text' })
  eventType: ActivityType;

  @Field(() => WebhookDeliveryKind)
  @Column({ type: 'enum', enum: WebhookDeliveryKind, enumName: 'webhook_delivery_kind' })
  kind: WebhookDeliveryKind;

  @Field(() => WebhookDeliveryStatus)
  @Column({ type: 'enum', enum: WebhookDeliveryStatus, enumName: 'webhook_delivery_status', default: WebhookDeliveryStatus.PENDING })
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last attempt; null when it got no answer.' })
  @Column({ type: 'integer', nullable: true })
  responseStatus: number | null;

  @Field(() => Int, { nullable: true, description: 'How long the last attempt took, in milliseconds.' })
  @Column({ type: 'integer', nullable: true })
  latencyMs: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (timeout, refused, HTTP 500, …).' })
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Field(() => Date, { nullable: true, description: 'When it is retried, while PENDING after a failure.' })
  @Column(timestampColumn({ nullable: true }))
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column(timestampColumn({ nullable: true }))
  lastAttemptAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the endpoint acknowledged it.' })
  @Column(timestampColumn({ nullable: true }))
  deliveredAt: Date | null;

  @Field(() => Date)
  @CreateDateColumn(timestampColumn())
  createdAt: Date;
}
