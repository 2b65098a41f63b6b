import { Field, ID, InterfaceType } from 'type-graphql';
import { toGlobalId } from './global-id.js';

/**
 * Relay's Node. Entities extend this class, so every row read from the database already knows
 * its global ID; the GraphQL type name is the entity's class name (checked at schema build).
 */
@InterfaceType('Node', {
  description: 'An object with a globally unique ID, refetchable with `node(id:)`.',
  resolveType: (value: Node) => nodeTypename(value),
})
export abstract class Node {
  /** The database primary key (a UUID); never exposed as is. */
  declare id: string;

  @Field(() => ID, { name: 'id', description: 'Globally unique, opaque ID.' })
  get globalId(): string {
    return toGlobalId(nodeTypename(this), this.id);
  }
}

export function nodeTypename(value: object): string {
  return value.constructor.name;
}
