import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { centsColumn, currencyColumn, timestampColumn } from '../../db/columns.js';
import { Money } from '../../graphql/money.js';
import { Node } from '../../graphql/node.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { PayoutMethod } from './payout-method.entity.js';

export enum PayoutStatus {
  REQUESTED = 'REQUESTED',
  PAID = 'PAID',
  FAILED = 'FAILED',
}

registerEnumType(PayoutStatus, {
  name: 'PayoutStatus',
  description: "REQUESTED → PAID or FAILED: the payment processor's answer, never a user's.",
  valuesConfig: {
    REQUESTED: { description: 'The trainer asked for it; waiting for the payment processor.' },
    PAID: { description: 'The transfer went through: its invoices are PAID.' },
    FAILED: { description: 'The transfer bounced (`failureReason` says why): its invoices can be requested again.' },
  },
});

/**
 * The platform paying a trainer: one organization's invoices in one currency. The trainer
 * requests it; only the payment processor settles it (see payout-processor.ts). Never mixes two
 * organizations' money, so settling it touches one organization's invoices only.
 */
@ObjectType({
  implements: Node,
  description: "A transfer of a trainer's paid invoices from one organization, in one currency, to their bank (the Reports tab).",
})
@Entity('payouts')
@Check('payouts_amount_positive', `"amount_cents" > 0`)
// A sum of invoices, bounded only by their number: at least it must stay exact in `Money.cents`.
@Check('payouts_amount_representable', `"amount_cents" <= ${Number.MAX_SAFE_INTEGER}`)
@Index(['trainerId', 'requestedAt'])
export class Payout extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Column({ type: 'uuid' })
  trainerId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  trainer?: Relation<User>;

  /** Whose invoices it pays out: every invoice in it has this organization. */
  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn()
  organization?: Relation<Organization>;

  /** The method it goes to: the trainer's default when requested (null for payouts from before payout methods). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  payoutMethodId: string | null;

  @ManyToOne(() => PayoutMethod, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn()
  payoutMethod?: Relation<PayoutMethod>;

  @Column(centsColumn())
  amountCents: number;

  @Column(currencyColumn())
  currency: string;

  @Field(() => PayoutStatus)
  @Column({ type: 'enum', enum: PayoutStatus, enumName: 'payout_status', default: PayoutStatus.REQUESTED })
  status: PayoutStatus;

  @Field(() => Date)
  @Column(timestampColumn({ default: () => 'now()' }))
  requestedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column(timestampColumn({ nullable: true }))
  completedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  failureReason: string | null;

  @Field(() => Money)
  get amount(): Money {
    return new Money(this.amountCents, this.currency);
  }
}
