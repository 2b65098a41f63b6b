import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { counterColumn, timestampColumn } from '../../db/columns.js';
import { activityTypeEnum, type ActivityType } from '../../events/activity-event.entity.js';
import { Node } from '../../graphql/node.js';
import { Organization } from '../accounts/organization.entity.js';

export enum WebhookEndpointStatus {
  ACTIVE = 'ACTIVE',
  DISABLED = 'DISABLED',
}

registerEnumType(WebhookEndpointStatus, {
  name: 'WebhookEndpointStatus',
  description: 'ACTIVE: events are delivered; DISABLED: nothing is (by an employer, or after sustained failure).',
});

/**
 * An organization's HTTPS endpoint for signed webhooks (Settings → Webhooks). The worker
 * (webhook-worker.ts) delivers the organization's events of `eventTypes` to it in outbox order;
 * `cursor` is the position of the last event it acknowledged (or skipped: not subscribed, not
 * visible to the organization). The signing secret is never a field: it is answered once, by
 * the mutation that creates or rotates it.
 */
@ObjectType({ implements: Node, description: "An organization's endpoint for signed webhooks (Settings → Webhooks)." })
@Entity('webhook_endpoints')
@Check('webhook_endpoints_cursor_not_negative', `"cursor" >= 0`)
@Index('webhook_endpoints_due_idx', ['status', 'nextAttemptAt'])
export class WebhookEndpoint extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Index()
  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn()
  organization?: Relation<Organization>;

  @Field({ description: 'Where events are POSTed: https (private, loopback and link-local addresses are refused).' })
  @Column({ type: 'text' })
  url: string;

  @Field({ description: 'What it is for, in the employer’s words (may be empty).' })
  @Column({ type: 'text', default: '' })
  description: string;

  @Field(() => [activityTypeEnum], { description: 'The kinds of event delivered to it.' })
  @Column({ type: 'text', array: true })
  eventTypes: ActivityType[];

  @Field(() => WebhookEndpointStatus)
  @Column({ type: 'enum', enum: WebhookEndpointStatus, enumName: 'webhook_endpoint_status', default: WebhookEndpointStatus.ACTIVE })
  status: WebhookEndpointStatus;

  @Field(() => String, { nullable: true, description: 'Why it is disabled; null while active.' })
  @Column({ type: 'text', nullable: true })
  disabledReason: string | null;

  /** The signing secret (`whsec_…`, Standard Webhooks), sealed (webhook-secret-vault.ts). Never a field: answered once, on create and rotate. */
  @Column({ type: 'text' })
  secret: string;

  /** The secret before the last rotation, sealed: requests carry its signature too until `previousSecretExpiresAt`. */
  @Column({ type: 'text', nullable: true })
  previousSecret: string | null;

  @Field(() => Date, { nullable: true, description: 'Until then, requests are also signed with the secret before the last rotation.' })
  @Column(timestampColumn({ nullable: true }))
  previousSecretExpiresAt: Date | null;

  /** The position of the last event delivered (acknowledged with a 2xx) or skipped. */
  @Column(counterColumn({ default: 0 }))
  cursor: number;

  /** Set by a replay: the worker moves `cursor` back here before its next delivery. */
  @Column(counterColumn({ nullable: true }))
  rewindTo: number | null;

  @Field(() => Int, { description: 'Failed attempts since the last success.' })
  @Column({ type: 'integer', default: 0 })
  consecutiveFailures: number;

  @Field(() => Date, { nullable: true, description: 'When the current run of failures began; null when the last attempt succeeded.' })
  @Column(timestampColumn({ nullable: true }))
  failingSince: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the next retry is due, while failing.' })
  @Column(timestampColumn({ nullable: true }))
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column(timestampColumn({ nullable: true }))
  lastSuccessAt: Date | null;

  @Field(() => Date)
  @CreateDateColumn(timestampColumn())
  createdAt: Date;
}
