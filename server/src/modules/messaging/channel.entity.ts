import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { counterColumn, timestampColumn } from '../../db/columns.js';
import { Node } from '../../graphql/node.js';
import { Organization } from '../accounts/organization.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { Job } from '../jobs/job.entity.js';
import { Proposal } from '../proposals/proposal.entity.js';

export enum ChannelKind {
  DIRECT = 'DIRECT',
  GROUP = 'GROUP',
  PROPOSAL = 'PROPOSAL',
}

registerEnumType(ChannelKind, {
  name: 'ChannelKind',
  description: "DIRECT: a hired trainer's 1:1 with the employer; GROUP: an employer's named channel; PROPOSAL: a proposal's thread.",
});

@ObjectType({ implements: Node, description: 'A conversation: job messages between members.' })
@Entity('channels')
@Index(['organizationId'])
@Index(['contractId'])
@Index(['jobId'])
@Index(['proposalId'])
export class Channel extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn()
  organization?: Relation<Organization>;

  @Column({ type: 'uuid', nullable: true })
  jobId: string | null;

  @ManyToOne(() => Job, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn()
  job?: Relation<Job>;

  @Column({ type: 'uuid', nullable: true })
  contractId: string | null;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn()
  contract?: Relation<Contract>;

  @Column({ type: 'uuid', nullable: true })
  proposalId: string | null;

  @ManyToOne(() => Proposal, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn()
  proposal?: Relation<Proposal>;

  @Field(() => ChannelKind)
  @Column({ type: 'enum', enum: ChannelKind, enumName: 'channel_kind' })
  kind: ChannelKind;

  /** As given (GROUP) or written at opening (DIRECT: the trainer's name first); `Channel.name` is resolved per viewer. */
  @Column({ type: 'text' })
  name: string;

  /**
   * The sequence number of the newest message. Messages take `lastMessageSeq + 1` under this
   * row's lock, so per-channel order is commit order and read positions are plain numbers.
   */
  @Column(counterColumn({ default: 0 }))
  lastMessageSeq: number;

  /** The newest message's time (the viewer's own view of it is resolved in ChannelResolver). */
  @Column(timestampColumn({ nullable: true }))
  lastMessageAt: Date | null;

  @Field(() => Date)
  @CreateDateColumn(timestampColumn())
  createdAt: Date;
}
