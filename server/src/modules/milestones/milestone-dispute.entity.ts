import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, VersionColumn } from 'typeorm';
import { centsColumn, currencyColumn, timestampColumn } from '../../db/columns.js';
import { Money } from '../../graphql/money.js';
import { Node } from '../../graphql/node.js';
import { User } from '../accounts/user.entity.js';
import { maxMilestoneCents } from '../../graphql/money-limits.js';
import { Milestone, MilestoneStatus } from './milestone.entity.js';

export enum DisputeStatus {
  OPEN = 'OPEN',
  ESCALATED = 'ESCALATED',
  SETTLED = 'SETTLED',
  RESOLVED = 'RESOLVED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(DisputeStatus, {
  name: 'DisputeStatus',
  description:
    "OPEN → SETTLED (one party accepted the other's proposed settlement), WITHDRAWN (by the employer), or ESCALATED → RESOLVED " +
    '(the platform decided). The milestone\'s money stays "In dispute" while OPEN or ESCALATED.',
  valuesConfig: {
    OPEN: { description: 'The parties can respond, propose a settlement, accept or reject one, or escalate.' },
    ESCALATED: { description: 'Sent to the platform, which decides the split; the employer may still withdraw.' },
    SETTLED: { description: "Closed by the parties' agreement: the money moved as the accepted proposal said." },
    RESOLVED: { description: "Closed by the platform's decision: the money moved as the platform said." },
    WITHDRAWN: { description: 'The employer withdrew it: the milestone went back to where it was.' },
  },
});

export enum DisputeParty {
  EMPLOYER = 'EMPLOYER',
  TRAINER = 'TRAINER',
}

registerEnumType(DisputeParty, { name: 'DisputeParty', description: 'A side of the contract in a dispute.' });

@ObjectType({ description: 'A settlement one party proposed and the other may accept or reject: release part (or all) to the trainer, refund the rest.' })
export class SettlementProposal {
  @Field(() => DisputeParty)
  proposedBy: DisputeParty;

  @Field(() => Money, { description: 'Paid to the trainer (as an earning, with the marketplace fee).' })
  release: Money;

  @Field(() => Money, { description: 'Returned to the employer.' })
  refund: Money;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => Date)
  proposedAt: Date;
}

/**
 * A dispute over one milestone's money. While OPEN or ESCALATED the milestone is DISPUTED and its
 * amount is held; at most one dispute of a milestone is open at a time (a partial unique index).
 * The current settlement proposal lives on the row (one at a time: a new one replaces it), and
 * every step is also in the milestone's history.
 */
@ObjectType({ implements: Node, description: "A dispute over a milestone's money, and how it ended." })
@Entity('milestone_disputes')
@Index('milestone_disputes_one_open', ['milestoneId'], { unique: true, where: `"status" IN ('OPEN', 'ESCALATED')` })
@Index(['milestoneId', 'openedAt'])
@Check('milestone_disputes_held_bounded', `"held_cents" > 0 AND "held_cents" <= ${maxMilestoneCents}`)
@Check('milestone_disputes_proposal_bounded', `"proposed_release_cents" IS NULL OR "proposed_release_cents" BETWEEN 0 AND "held_cents"`)
@Check(
  'milestone_disputes_outcome_bounded',
  `("released_cents" IS NULL) = ("refunded_cents" IS NULL) AND ("released_cents" IS NULL OR ("released_cents" >= 0 AND "refunded_cents" >= 0 AND "released_cents" + "refunded_cents" = "held_cents"))`,
)
export class MilestoneDispute extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Column({ type: 'uuid' })
  milestoneId: string;

  @ManyToOne(() => Milestone, { onDelete: 'RESTRICT' })
  @JoinColumn()
  milestone?: Relation<Milestone>;

  @Field(() => DisputeStatus)
  @Column({ type: 'enum', enum: DisputeStatus, enumName: 'dispute_status', default: DisputeStatus.OPEN })
  status: DisputeStatus;

  @Column({ type: 'uuid', nullable: true })
  openedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn()
  openedBy?: Relation<User>;

  @Field({ description: 'Why the employer disputes the milestone.' })
  @Column({ type: 'text' })
  reason: string;

  /** Where the milestone goes back to if the dispute is withdrawn. */
  @Field(() => MilestoneStatus, { description: "The milestone's status before the dispute: where a withdrawal takes it back." })
  @Column({ type: 'enum', enum: MilestoneStatus, enumName: 'milestone_status' })
  priorStatus: MilestoneStatus;

  @Field(() => String, { nullable: true, description: "The trainer's response, for the employer (and the platform, if escalated)." })
  @Column({ type: 'text', nullable: true })
  response: string | null;

  @Field(() => Date, { nullable: true })
  @Column(timestampColumn({ nullable: true }))
  respondedAt: Date | null;

  @Column({ type: 'enum', enum: DisputeParty, enumName: 'dispute_party', nullable: true })
  proposedBy: DisputeParty | null;

  @Column(centsColumn({ nullable: true }))
  proposedReleaseCents: number | null;

  @Column({ type: 'text', nullable: true })
  proposalNote: string | null;

  @Column(timestampColumn({ nullable: true }))
  proposedAt: Date | null;

  @Field(() => DisputeParty, { nullable: true, description: 'Who sent it to the platform.' })
  @Column({ type: 'enum', enum: DisputeParty, enumName: 'dispute_party', nullable: true })
  escalatedBy: DisputeParty | null;

  @Field(() => Date, { nullable: true })
  @Column(timestampColumn({ nullable: true }))
  escalatedAt: Date | null;

  @Column(centsColumn({ nullable: true }))
  releasedCents: number | null;

  @Column(centsColumn({ nullable: true }))
  refundedCents: number | null;

  @Field(() => String, { nullable: true, description: "The platform's note on its decision (RESOLVED)." })
  @Column({ type: 'text', nullable: true })
  resolutionNote: string | null;

  @Column(currencyColumn())
  currency: string;

  @Field(() => Date)
  @Column(timestampColumn({ default: () => 'now()' }))
  openedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was settled, resolved or withdrawn.' })
  @Column(timestampColumn({ nullable: true }))
  closedAt: Date | null;

  @Field(() => Int)
  @VersionColumn()
  version: number;

  @Field(() => SettlementProposal, { nullable: true, description: "The settlement waiting for the other party's answer, if any (OPEN only)." })
  get proposal(): SettlementProposal | null {
    if (this.proposedBy === null || this.proposedReleaseCents === null || this.proposedAt === null) return null;
    return {
      proposedBy: this.proposedBy,
      release: new Money(this.proposedReleaseCents, this.currency),
      refund: new Money(this.heldCents - this.proposedReleaseCents, this.currency),
      note: this.proposalNote,
      proposedAt: this.proposedAt,
    };
  }

  /** The amount in dispute; set from the milestone when the dispute opens (milestone amounts cannot change once funded). */
  @Column(centsColumn())
  heldCents: number;

  @Field(() => Money, { description: 'The money in dispute: the milestone amount.' })
  get held(): Money {
    return new Money(this.heldCents, this.currency);
  }

  @Field(() => Money, { nullable: true, description: 'Paid to the trainer when it closed (SETTLED or RESOLVED).' })
  get released(): Money | null {
    return this.releasedCents === null ? null : new Money(this.releasedCents, this.currency);
  }

  @Field(() => Money, { nullable: true, description: 'Returned to the employer when it closed (SETTLED or RESOLVED).' })
  get refunded(): Money | null {
    return this.refundedCents === null ? null : new Money(this.refundedCents, this.currency);
  }
}
