import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Viewer } from '../auth/viewer.js';
import type { EntityClass } from './loaders.js';
import type { PageQuery, SortKey } from './pagination.js';

/**
 * A list field declared once, as data: which rows (the area's filters and the policy's scope,
 * written on a query builder), in what order, and how a row names its parent. Both read paths
 * are derived from it: the resolvers' batched page query ({@link pageQueryOf}: every parent of a
 * request in one statement) and the SQL read planner (`api/read-plan/`), which embeds the same
 * query correlated to its parent row. A list that is not declared this way is simply not
 * planned: its operations run through graphql-js as before.
 */
export interface ListSpec<T extends ObjectLiteral, A> {
  entity: EntityClass<T>;
  /** The query's table alias, used by `where`, `parent` and `sort`. */
  alias: string;
  /** The rows' filters and the policy's scope, added to a fresh query builder with named parameters. */
  where(query: SelectQueryBuilder<ObjectLiteral>, args: A, viewer: Viewer): void;
  /** The expression naming a row's parent (`m.contract_id`); absent for lists at the root (the viewer's). */
  parent?: string;
  /** The parent's property that `parent` matches: its `id` unless said otherwise (a contract's instructions are its job's). */
  parentKey?: string;
  sort: SortKey[];
  /**
   * The arguments (beyond the connection's own four) whose GraphQL types say all there is to
   * check: the planner runs an operation that passes any other through graphql-js, whose
   * argument validation then answers.
   */
  plannedArgs?: readonly string[];
}

export function defineList<T extends ObjectLiteral, A>(spec: ListSpec<T, A>): ListSpec<T, A> {
  return spec;
}

/** The scoped, filtered query of a list, without its parent link. */
export function listQuery<T extends ObjectLiteral, A>(
  manager: EntityManager,
  spec: ListSpec<T, A>,
  args: A,
  viewer: Viewer,
): SelectQueryBuilder<ObjectLiteral> {
  const query = manager.getRepository(spec.entity).createQueryBuilder(spec.alias);
  spec.where(query, args, viewer);
  return query;
}

/** The batched page query of the resolvers: the pages of all `parentIds` (or of the root list). */
export function pageQueryOf<T extends ObjectLiteral, A>(
  manager: EntityManager,
  spec: ListSpec<T, A>,
  args: A,
  viewer: Viewer,
  parentIds?: string[],
): PageQuery {
  const query = listQuery(manager, spec, args, viewer);
  if (spec.parent === undefined) return { query, sort: spec.sort };
  query.andWhere(`${spec.parent} IN (:...listParentIds)`, { listParentIds: parentIds ?? [] });
  return { query, sort: spec.sort, partitionBy: spec.parent };
}
