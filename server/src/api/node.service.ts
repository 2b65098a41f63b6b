import { authorizeRead, canRead } from '../policy/policy.js';
import type { SignedInContext } from './context.js';
import { badInput, notFound } from '../errors/domain-error.js';
import { parseGlobalId } from '../graphql/global-id.js';
import { Node } from '../graphql/node.js';

type NodeClass = Function & (abstract new (...args: never[]) => Node);

/** Every entity exposed as a Node, by GraphQL type name (= class name). */
export const nodeTypes = new Map<string, NodeClass>();

/** Called once by the composition root with every area's entities. */
export function registerNodeTypes(entities: Function[]): void {
  for (const entity of entities) {
    if (entity.prototype instanceof Node) nodeTypes.set(entity.name, entity as NodeClass);
  }
}

/** Loads any node by global ID, as the viewer may see it: NOT_FOUND for missing and hidden alike. */
export async function loadNode(context: SignedInContext, globalId: string, field = 'id'): Promise<Node> {
  const decoded = parseGlobalId(globalId);
  if (!decoded) throw badInput(field, `\`${globalId.slice(0, 100)}\` is not a Workroom ID.`);
  const type = nodeTypes.get(decoded.typename);
  if (!type) throw notFound('node', globalId);
  const node = await context.loaders.byId(type).load(decoded.id);
  return authorizeRead(node, context, decoded.typename, globalId);
}

/** A node the viewer may read, or null: for rows found otherwise than by id (references by id go through loadVisible, visible.ts). */
export async function readableOrNull<T extends object>(context: SignedInContext, node: T | null): Promise<T | null> {
  return node && (await canRead(node, context)) ? node : null;
}
