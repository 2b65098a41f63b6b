import { Arg, ID, Query, Resolver } from 'type-graphql';
import { type SignedInContext } from './context.js';
import { badInput } from '../errors/domain-error.js';
import { Node } from '../graphql/node.js';
import { loadNode } from './node.service.js';

import { SignedIn } from './signed-in.js';
export const maxNodesPerRequest = 100;

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: 'Fetches any object by its global ID. Objects the viewer may not see fail with NOT_FOUND, like missing ones.',
  })
  node(@Arg('id', () => ID) id: string, @SignedIn() context: SignedInContext): Promise<Node> {
    return loadNode(context, id);
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: `Fetches up to ${maxNodesPerRequest} objects by global ID; each one the viewer may not see is null with a NOT_FOUND error.`,
  })
  nodes(@Arg('ids', () => [ID]) ids: string[], @SignedIn() context: SignedInContext): Array<Promise<Node>> {
    if (ids.length > maxNodesPerRequest) throw badInput('ids', `Ask for at most ${maxNodesPerRequest} ids at a time.`);
    return ids.map((id, index) => loadNode(context, id, `ids.${index}`));
  }
}
