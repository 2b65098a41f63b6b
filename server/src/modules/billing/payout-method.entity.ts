import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { timestampColumn } from '../../db/columns.js';
import { Node } from '../../graphql/node.js';
import { User } from '../accounts/user.entity.js';

export enum PayoutMethodKind {
  BANK_TRANSFER = 'BANK_TRANSFER',
  PAYPAL = 'PAYPAL',
}

/** How people name each kind, in messages and labels. */
export const payoutMethodKindName: Record<PayoutMethodKind, string> = {
  [PayoutMethodKind.BANK_TRANSFER]: 'Bank transfer',
  [PayoutMethodKind.PAYPAL]: 'PayPal',
};

registerEnumType(PayoutMethodKind, {
  name: 'PayoutMethodKind',
  description: 'BANK_TRANSFER: an account holder and an IBAN or local account number; PAYPAL: an e-mail address.',
});

/**
 * Where a trainer's payouts go (Settings → Payouts). The account number or e-mail is stored
 * sealed (payout-method-vault.ts: AES-256-GCM under PAYOUT_METHODS_KEY) for the payment processor
 * alone; the graph shows `maskedAccount`. A trainer with any method has exactly one default, which
 * each new payout goes to. Removing one keeps the row (payouts still name it) but erases its
 * sealed secret.
 */
@ObjectType({
  implements: Node,
  description: 'Where a trainer is paid: a bank account or a PayPal account, shown masked (Settings → Payouts).',
})
@Entity('payout_methods')
@Check('payout_methods_country_code', `"country" ~ '^[A-Z]{2}$'`)
@Check('payout_methods_removed_has_no_secret', `"removed_at" IS NULL OR ("secret" IS NULL AND NOT "is_default")`)
@Check('payout_methods_active_has_secret', `"removed_at" IS NOT NULL OR "secret" IS NOT NULL`)
// At most one default per trainer, and one live method per account.
@Index('payout_methods_one_default', ['trainerId'], { unique: true, where: `"is_default"` })
@Index('payout_methods_one_per_account', ['trainerId', 'fingerprint'], { unique: true, where: `"removed_at" IS NULL` })
export class PayoutMethod extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Index()
  @Column({ type: 'uuid' })
  trainerId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  trainer?: Relation<User>;

  @Field(() => PayoutMethodKind)
  @Column({ type: 'enum', enum: PayoutMethodKind, enumName: 'payout_method_kind' })
  kind: PayoutMethodKind;

  @Field({ description: 'Where the account is held: ISO 3166-1 alpha-2 (see `payoutMethodCountries`).' })
  @Column({ type: 'char', length: 2 })
  country: string;

  @Field(() => String, { nullable: true, description: "A bank account's holder, as the bank knows them; null for PayPal." })
  @Column({ type: 'text', nullable: true })
  accountHolder: string | null;

  @Field({ description: 'The account as shown after saving: the last four characters (`•••• 6789`) or a masked e-mail (`j•••@example.com`).' })
  @Column({ type: 'text' })
  maskedAccount: string;

  /** The account number or e-mail, sealed (payout-method-vault.ts); null once removed. Never a field. */
  @Column({ type: 'text', nullable: true })
  secret: string | null;

  /** A keyed HMAC of the account (payout-method-vault.ts), to refuse the same account twice. Never a field. */
  @Column({ type: 'text' })
  fingerprint: string;

  @Field({ description: 'New payouts go to the default method.' })
  @Column({ type: 'boolean', default: false })
  isDefault: boolean;

  @Field(() => Date)
  @CreateDateColumn(timestampColumn())
  createdAt: Date;

  @Field({ description: 'How the dashboard names it: `Bank transfer •••• 6789`, `PayPal j•••@example.com`.' })
  get label(): string {
    return `${payoutMethodKindName[this.kind]} ${this.maskedAccount}`;
  }

  @Field(() => Date, { nullable: true, description: 'Set once removed: a payout made to it still names it.' })
  @Column(timestampColumn({ nullable: true }))
  removedAt: Date | null;
}
