import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { timestampColumn } from '../../db/columns.js';
import { Node } from '../../graphql/node.js';
import { User } from '../accounts/user.entity.js';
import { InstructionDocument } from './instruction-document.entity.js';

@ObjectType({ implements: Node, description: 'One saved version of an instruction document.' })
@Entity('instruction_revisions')
@Unique(['documentId', 'version'])
export class InstructionRevision extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Column({ type: 'uuid' })
  documentId: string;

  @ManyToOne(() => InstructionDocument, { onDelete: 'RESTRICT' })
  @JoinColumn()
  document?: Relation<InstructionDocument>;

  @Field(() => Int)
  @Column({ type: 'integer' })
  version: number;

  @Field()
  @Column({ type: 'text' })
  title: string;

  @Field({ description: 'Markdown.' })
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  author?: Relation<User>;

  @Field(() => String, {
    nullable: true,
    description: "What changed, in the employer's words, as given when this version was published; null when none was given.",
  })
  @Column({ type: 'text', nullable: true })
  changeNote: string | null;

  /** When this version was last published; null if it never was (a draft trainers never read). */
  @Column(timestampColumn({ nullable: true }))
  publishedAt: Date | null;

  @Field(() => Date)
  @CreateDateColumn(timestampColumn())
  createdAt: Date;
}
