import { Field, ObjectType } from 'type-graphql';
import type { Viewer } from '../../auth/viewer.js';
import { UserRole } from './user.entity.js';

/**
 * The signed-in person and the dashboard's tabs. Kept apart from `User` so that tabs such as
 * `activeContracts` exist only for oneself, never on someone else's profile.
 */
@ObjectType('Viewer', { description: 'The signed-in user and their dashboard: each tab is a field.' })
export class ViewerType {
  constructor(readonly viewer: Viewer) {}

  /** The key of `organization` (not a field of its own): the read planner follows it like a row's. */
  get organizationId(): string | null {
    return this.viewer.organizationId;
  }

  @Field()
  get name(): string {
    return this.viewer.user.name;
  }

  @Field()
  get email(): string {
    return this.viewer.user.email;
  }

  @Field(() => UserRole)
  get role(): UserRole {
    return this.viewer.role;
  }

  @Field()
  get timezone(): string {
    return this.viewer.user.timezone;
  }

  @Field(() => [String])
  get skills(): string[] {
    return this.viewer.user.skills;
  }
}
