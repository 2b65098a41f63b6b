import { Field, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { counterColumn, timestampColumn } from '../../db/columns.js';
import { Node } from '../../graphql/node.js';
import { User } from '../accounts/user.entity.js';
import { Channel } from './channel.entity.js';

@ObjectType({ implements: Node, description: 'A job message in a channel.' })
@Entity('messages')
@Check('messages_body_length', `char_length("body") BETWEEN 1 AND 10000`)
@Unique(['channelId', 'seq'])
export class Message extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Column({ type: 'uuid' })
  channelId: string;

  @ManyToOne(() => Channel, { onDelete: 'CASCADE' })
  @JoinColumn()
  channel?: Relation<Channel>;

  /** Position in the channel, 1, 2, 3…, assigned in commit order (see Channel.lastMessageSeq). */
  @Column(counterColumn())
  seq: number;

  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  author?: Relation<User>;

  @Field({ description: '1 to 10,000 characters.' })
  @Column({ type: 'text' })
  body: string;

  @Field(() => Date)
  @CreateDateColumn(timestampColumn())
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column(timestampColumn({ nullable: true }))
  editedAt: Date | null;
}
