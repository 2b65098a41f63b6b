import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { timestampColumn } from './columns.js';

/** The first result of a money move retried with the same key, per user and operation. */
@Entity('idempotency_keys')
@Unique(['userId', 'operation', 'key'])
export class IdempotencyKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  operation: string;

  @Column({ type: 'text' })
  key: string;

  /** A hash of the input, so the same key with a different input is refused, not replayed. */
  @Column({ type: 'text' })
  requestHash: string;

  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @CreateDateColumn(timestampColumn())
  createdAt: Date;
}
