import type { NonEmptyArray } from 'type-graphql';
import type { AnyEventDefinition } from '../events/event-catalogue.js';
import type { EntityClass } from '../graphql/loaders.js';

/**
 * What a domain area brings to the service, in one place (`modules/<area>/index.ts`): its tables,
 * its part of the graph, and (by being loaded) its authorization rules. The composition root
 * (`server/src/composition.ts`) lists the areas; nothing below `modules/` knows them by name.
 */
export interface Area {
  name: string;
  /** TypeORM entities; those extending `Node` are reachable through `node(id:)`. */
  entities: EntityClass<object>[];
  /** TypeGraphQL resolver classes. */
  resolvers: Function[];
  /** Object types only reachable through an interface (TypeGraphQL's `orphanedTypes`). */
  orphanedTypes?: Function[];
  /** The kinds of event the area writes (`<area>.events.ts`): payload shapes and how audience and refs follow from the subject. */
  events?: readonly AnyEventDefinition[];
}

/** TypeGraphQL wants at least one resolver. */
export function resolversOf(areas: readonly Area[], kernel: Function[]): NonEmptyArray<Function> {
  const all = [...kernel, ...areas.flatMap((area) => area.resolvers)];
  if (all.length === 0) throw new Error('No resolvers');
  return all as NonEmptyArray<Function>;
}
