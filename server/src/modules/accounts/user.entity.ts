import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { timestampColumn } from '../../db/columns.js';
import { Node } from '../../graphql/node.js';
import { UserRole } from '../../auth/viewer.js';
import { Organization } from './organization.entity.js';

export { UserRole };

registerEnumType(UserRole, {
  name: 'UserRole',
  description: 'TRAINER does the work; EMPLOYER is a member of an organization that hires trainers.',
});

@ObjectType({ implements: Node, description: 'A person who signs in: an AI trainer or an employer.' })
@Entity('users')
@Check('users_email_lowercase', `"email" = lower(btrim("email"))`)
@Check('users_employer_has_organization', `("role" = 'EMPLOYER') = ("organization_id" IS NOT NULL)`)
export class User extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  /** Stored trimmed and lower-cased, so uniqueness is case-insensitive. */
  @Column({ type: 'text', unique: true })
  email: string;

  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field(() => UserRole)
  @Column({ type: 'enum', enum: UserRole, enumName: 'user_role' })
  role: UserRole;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn()
  organization?: Relation<Organization>;

  @Field({ description: 'IANA time zone, for example Europe/Berlin.' })
  @Column({ type: 'text', default: 'UTC' })
  timezone: string;

  @Field(() => [String])
  @Column({ type: 'text', array: true, default: '{}' })
  skills: string[];

  /** scrypt: `scrypt$N$r$p$salt$hash`, see auth/passwords.ts. */
  @Column({ type: 'text' })
  passwordHash: string;

  /**
   * The secret in the user's private calendar feed URL (an ICS subscription); null until they
   * ask for one, replaced when they rotate it. A capability, so never exposed as a field.
   */
  @Column({ type: 'text', nullable: true, unique: true })
  calendarFeedToken: string | null;

  @Field(() => Date)
  @CreateDateColumn(timestampColumn())
  createdAt: Date;
}

// The kernel's signed-in account is this entity: `viewer.user` reads the whole profile.
declare module '../../auth/viewer.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging widens the kernel's interface
  interface ViewerAccount extends User {}
}
