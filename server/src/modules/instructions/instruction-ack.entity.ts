import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { timestampColumn } from '../../db/columns.js';
import { User } from '../accounts/user.entity.js';
import { InstructionDocument } from './instruction-document.entity.js';

/** The latest version of a document that a trainer acknowledged having read. */
@Entity('instruction_acks')
@Unique(['documentId', 'trainerId'])
@Index(['trainerId'])
export class InstructionAck {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  documentId: string;

  @ManyToOne(() => InstructionDocument, { onDelete: 'RESTRICT' })
  @JoinColumn()
  document?: Relation<InstructionDocument>;

  @Column({ type: 'uuid' })
  trainerId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn()
  trainer?: Relation<User>;

  @Column({ type: 'integer' })
  version: number;

  @Column(timestampColumn({ default: () => 'now()' }))
  at: Date;
}
