import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { timestampColumn } from '../../db/columns.js';
import { Node } from '../../graphql/node.js';
import { User } from '../accounts/user.entity.js';
import { Contract } from '../contracts/contract.entity.js';

export enum AccessKind {
  TOOL = 'TOOL',
  TEAM = 'TEAM',
  DATASET = 'DATASET',
  OTHER = 'OTHER',
}

registerEnumType(AccessKind, {
  name: 'AccessKind',
  description: 'What an access grant gives the trainer (the Access tab groups grants by it).',
  valuesConfig: {
    TOOL: { description: 'A tool or application account, such as the labelling tool.' },
    TEAM: { description: "A place where the employer's team works together, such as a chat workspace." },
    DATASET: { description: 'A dataset or storage location to read from or deliver to.' },
    OTHER: { description: 'Anything else the employer wants the trainer to have.' },
  },
});

@ObjectType({ implements: Node, description: 'Something the employer gave the trainer access to (the Access tab).' })
@Entity('access_grants')
@Index(['contractId', 'grantedAt'])
export class AccessGrant extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Column({ type: 'uuid' })
  contractId: string;

  @ManyToOne(() => Contract, { onDelete: 'RESTRICT' })
  @JoinColumn()
  contract?: Relation<Contract>;

  @Field(() => AccessKind)
  @Column({ type: 'enum', enum: AccessKind, enumName: 'access_kind' })
  kind: AccessKind;

  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid' })
  grantedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  grantedBy?: Relation<User>;

  @Field(() => Date)
  @Column(timestampColumn({ default: () => 'now()' }))
  grantedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column(timestampColumn({ nullable: true }))
  revokedAt: Date | null;
}
