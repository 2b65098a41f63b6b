import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { centsColumn, currencyColumn, timestampColumn } from '../../db/columns.js';
import { Money } from '../../graphql/money.js';
import { Node } from '../../graphql/node.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { Milestone } from '../milestones/milestone.entity.js';
import { maxMilestoneCents } from '../../graphql/money-limits.js';
import { Payout } from './payout.entity.js';

export enum InvoiceStatus {
  ISSUED = 'ISSUED',
  PAID = 'PAID',
  VOID = 'VOID',
}

registerEnumType(InvoiceStatus, {
  name: 'InvoiceStatus',
  description: 'ISSUED when a milestone is paid; PAID once included in a completed payout.',
});

/** The trainer's earning for a paid milestone: gross, the marketplace fee, and net. */
@ObjectType({ implements: Node, description: 'An invoice for a paid milestone (the Reports tab).' })
@Entity('invoices')
@Check('invoices_gross_bounded', `"gross_cents" <= ${maxMilestoneCents}`)
@Check('invoices_net_is_gross_minus_fee', `"gross_cents" >= 0 AND "fee_cents" >= 0 AND "net_cents" = "gross_cents" - "fee_cents"`)
@Index(['trainerId', 'issuedAt'])
@Index(['organizationId', 'issuedAt'])
@Index(['contractId'])
@Index(['payoutId'])
export class Invoice extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Field({ description: 'Human-readable, unique, for example WR-2026-000042.' })
  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ type: 'uuid' })
  contractId: string;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT' })
  @JoinColumn()
  contract?: Relation<Contract>;

  @Column({ type: 'uuid', nullable: true, unique: true })
  milestoneId: string | null;

  @ManyToOne(() => Milestone, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn()
  milestone?: Relation<Milestone>;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn()
  organization?: Relation<Organization>;

  @Column({ type: 'uuid' })
  trainerId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  trainer?: Relation<User>;

  @Column(centsColumn())
  grossCents: number;

  @Column(centsColumn())
  feeCents: number;

  @Column(centsColumn())
  netCents: number;

  @Column(currencyColumn())
  currency: string;

  @Field(() => InvoiceStatus)
  @Column({ type: 'enum', enum: InvoiceStatus, enumName: 'invoice_status', default: InvoiceStatus.ISSUED })
  status: InvoiceStatus;

  @Field(() => Date)
  @Column(timestampColumn({ default: () => 'now()' }))
  issuedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column(timestampColumn({ nullable: true }))
  paidAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  payoutId: string | null;

  @ManyToOne(() => Payout, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn()
  payout?: Relation<Payout>;

  @Field(() => Money, { description: 'The milestone amount.' })
  get gross(): Money {
    return new Money(this.grossCents, this.currency);
  }

  @Field(() => Money, { description: 'The marketplace fee.' })
  get fee(): Money {
    return new Money(this.feeCents, this.currency);
  }

  @Field(() => Money, { description: 'What the trainer receives: gross minus fee.' })
  get net(): Money {
    return new Money(this.netCents, this.currency);
  }
}
