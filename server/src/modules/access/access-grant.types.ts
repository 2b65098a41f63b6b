import { ArgsType, Field } from 'type-graphql';
import { ConnectionArgs, connectionType } from '../../graphql/pagination.js';
import { AccessGrant } from './access-grant.entity.js';

export const AccessGrantConnection = connectionType(AccessGrant);

@ArgsType()
export class AccessGrantFilterArgs extends ConnectionArgs {
  @Field({ defaultValue: false, description: 'Include grants that were revoked.' })
  includeRevoked: boolean;
}
