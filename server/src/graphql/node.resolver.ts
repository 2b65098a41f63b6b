import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { requireViewer, type Context } from './context.js';
import { badInput } from './errors.js';
import { Node } from './node.js';
import { loadNode } from './node.service.js';

export const maxNodesPerRequest = 100;

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: 'Fetches any object by its global ID. Objects the viewer may not see fail with NOT_FOUND, like missing ones.',
  })
  node(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<Node> {
    return loadNode(requireViewer(context), id);
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: `Fetches up to ${maxNodesPerRequest} objects by global ID; each one the viewer may not see is null with a NOT_FOUND error.`,
  })
  nodes(
    @Arg('ids', () => [ID]) ids: string[],
    @Ctx() context: Context,
  ): Array<Promise<Node>> {
    const signedIn = requireViewer(context);
    if (ids.length > maxNodesPerRequest) throw badInput('ids', `Ask for at most ${maxNodesPerRequest} ids at a time.`);
    return ids.map((id, index) => loadNode(signedIn, id, `ids.${index}`));
  }
}
