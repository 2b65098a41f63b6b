import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { counterColumn, timestampColumn } from '../../db/columns.js';
import { User } from '../accounts/user.entity.js';
import { Channel } from './channel.entity.js';

/** Membership and read position: messages with `seq > lastReadSeq` from others are unread. */
@Entity('channel_members')
@Index(['userId', 'channelId'])
export class ChannelMember {
  @PrimaryColumn({ type: 'uuid' })
  channelId: string;

  @ManyToOne(() => Channel, { onDelete: 'CASCADE' })
  @JoinColumn()
  channel?: Relation<Channel>;

  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  user?: Relation<User>;

  @Column(counterColumn({ default: 0 }))
  lastReadSeq: number;

  @Column(timestampColumn({ default: () => 'now()' }))
  joinedAt: Date;

  /** A removed member keeps what they could read before, and sees nothing after. */
  @Column(timestampColumn({ nullable: true }))
  removedAt: Date | null;
}
