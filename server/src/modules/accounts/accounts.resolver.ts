import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isEmployer } from '../../auth/viewer.js';
import { type Context, type SignedInContext } from '../../api/context.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { ConnectionArgs } from '../../graphql/pagination.js';
import { SignedIn } from '../../api/signed-in.js';
import { loadVisible } from '../../api/visible.js';
import { SignInInput, SignInPayload } from './accounts.inputs.js';
import { membersOfOrganization, signIn } from './accounts.service.js';
import { Organization } from './organization.entity.js';
import { User } from './user.entity.js';
import { UserConnection } from './user.types.js';
import { ViewerType } from './viewer.type.js';

@Resolver()
export class AccountsResolver {
  @Query(() => ViewerType, { nullable: true, description: 'The signed-in user. Fails with UNAUTHENTICATED when signed out.' })
  viewer(@SignedIn() context: SignedInContext): ViewerType {
    return new ViewerType(context.viewer);
  }

  @Mutation(() => SignInPayload, { description: 'Exchanges an email and password for a bearer token.' })
  async signIn(@Arg('input') input: SignInInput, @Ctx() context: Context): Promise<SignInPayload> {
    const result = await signIn(context.app.dataSource, context.app.tokens, context.app.rateLimits, input);
    return { token: result.token, expiresAt: result.expiresAt, viewer: new ViewerType(result.viewer) };
  }
}

@Resolver(() => ViewerType)
export class ViewerIdentityResolver {
  @FieldResolver(() => ID, { description: 'The global ID of the signed-in User.' })
  id(@Root() root: ViewerType): string {
    return toGlobalId('User', root.viewer.id);
  }

  @FieldResolver(() => User)
  user(@Root() root: ViewerType): User {
    return root.viewer.user;
  }

  @FieldResolver(() => Organization, { nullable: true, description: "An employer's organization; null for trainers." })
  organization(@Root() root: ViewerType, @Ctx() context: Context): Promise<Organization | null> | null {
    const { organizationId } = root.viewer;
    return loadVisible(context, Organization, organizationId);
  }
}

@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Visible to the user themselves and to members of their organization; null otherwise.',
  })
  email(@Root() user: User, @SignedIn() context: SignedInContext): string | null {
    const { viewer } = context;
    const sameOrganization = isEmployer(viewer) && viewer.organizationId === user.organizationId;
    return viewer.id === user.id || sameOrganization ? user.email : null;
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() user: User, @Ctx() context: Context): Promise<Organization | null> | null {
    return loadVisible(context, Organization, user.organizationId);
  }
}

@Resolver(() => Organization)
export class OrganizationResolver {
  @FieldResolver(() => UserConnection, {
    description:
      "The organization's people (its employers), by name: the colleagues to add to a group channel or invite to a meeting. Listed only to its own members; empty for anyone else.",
  })
  members(@Root() organization: Organization, @Args() args: ConnectionArgs, @SignedIn() context: SignedInContext) {
    return membersOfOrganization(context, organization.id, args);
  }
}
