import type { ObjectLiteral } from 'typeorm';
import type { Viewer } from '../../auth/viewer.js';
import type { EntityClass } from '../../graphql/loaders.js';
import type { ListSpec } from '../../graphql/lists.js';

/**
 * What the SQL read planner knows about the graph's fields that have resolvers of their own.
 * Everything else it needs is derived: a type's table and columns from TypeORM's metadata, a
 * plain field (or getter) from the class itself, read exactly as graphql-js's default resolver
 * reads it, and a row's visibility from the policy's SQL read scope (`policy/read-scopes.ts`).
 * Each area declares its planned fields beside its resolvers (`<area>.read-plan.ts`), from the
 * same declarations its resolvers use (a {@link ListSpec}, a shared SQL fragment), so the two
 * paths cannot drift apart unnoticed: the differential test runs both.
 *
 * A field with a resolver and no plan makes the planner pass the whole operation to graphql-js.
 */
export type FieldPlan =
  /** A reference by key to one row of `entity`, or null; the row must pass the entity's read scope. */
  | { kind: 'reference'; entity: EntityClass<ObjectLiteral>; key: string }
  /** A page of a declared list below the parent row (or at the root, for the viewer's lists). */
  | { kind: 'list'; list: ListSpec<ObjectLiteral, never> }
  /**
   * A value computed in SQL from the parent row (`alias`), then turned into what the resolver
   * would return (`read`), which the planner completes like any resolved value.
   */
  /** The first row of a declared list below the parent (the newest message), or null. */
  | { kind: 'first'; list: ListSpec<ObjectLiteral, never> }
  /** Every row of a declared list below the parent, as a plain list (a channel's members). */
  | { kind: 'all'; list: ListSpec<ObjectLiteral, never> }
  | {
      kind: 'computed';
      sql: (alias: string | null, helpers: SqlHelpers) => string;
      read: (raw: unknown, parent: object, viewer: Viewer) => unknown;
      /** The parent's properties `read` uses; all of its columns are loaded when this is not given. */
      reads?: readonly string[];
    }
  /** A value the resolver computes from its parent alone, without reading anything. */
  | { kind: 'derived'; read: (parent: object, viewer: Viewer) => unknown; reads?: readonly string[] };

/** What a computed field's SQL may use: the viewer, bound parameters and the policy's read scopes. */
export interface SqlHelpers {
  viewer: Viewer;
  parameter: (value: unknown) => string;
  /** The condition of `entity`'s read scope on rows at `alias`, for an `EXISTS` or a join. */
  readScope: (entity: EntityClass<ObjectLiteral>, alias: string) => string;
}

const plans = new Map<string, FieldPlan>();

/** Declares how the planner reads `typeName.fieldName` (its resolver stays as it is). */
export function planField(typeName: string, fieldName: string, plan: FieldPlan): void {
  const key = `${typeName}.${fieldName}`;
  if (plans.has(key)) throw new Error(`${key} has two read plans`);
  plans.set(key, plan);
}

export function plannedField(typeName: string, fieldName: string): FieldPlan | undefined {
  return plans.get(`${typeName}.${fieldName}`);
}

/** The same reference, declared for several fields (`Contract.organization`, `Job.organization`, …). */
export function reference<T extends ObjectLiteral>(entity: EntityClass<T>, key: string): FieldPlan {
  return { kind: 'reference', entity: entity, key };
}

export function list<T extends ObjectLiteral, A>(spec: ListSpec<T, A>): FieldPlan {
  return { kind: 'list', list: spec as unknown as ListSpec<ObjectLiteral, never> };
}

/** Where a root field's answer starts: a value known before the statement (the viewer), or a row by id. */
export type RootStart = { kind: 'value'; value: object } | { kind: 'row'; entity: EntityClass<ObjectLiteral>; typeName: string; id: string };

/** A planned root field: from its arguments and the viewer to where its answer starts; undefined to leave it to the resolvers. */
export type RootPlan = (args: Record<string, unknown>, viewer: Viewer) => RootStart | undefined;

const roots = new Map<string, RootPlan>();

export function planRoot(fieldName: string, plan: RootPlan): void {
  if (roots.has(fieldName)) throw new Error(`Query.${fieldName} has two read plans`);
  roots.set(fieldName, plan);
}

export function plannedRoot(fieldName: string): RootPlan | undefined {
  return roots.get(fieldName);
}

const getterReads = new Map<string, readonly string[]>();

/**
 * The columns a getter reads (`Contract.totalBudget` reads `totalBudgetCents` and `currency`), so
 * that the planner loads only the columns an operation needs. `*` names a getter of every type
 * (`Node.globalId`). A getter without a declaration makes the planner load every column.
 */
export function planGetter(typeName: string, property: string, reads: readonly string[]): void {
  getterReads.set(`${typeName}.${property}`, reads);
}

export function readsOfGetter(typeName: string, property: string): readonly string[] | undefined {
  return getterReads.get(`${typeName}.${property}`) ?? getterReads.get(`*.${property}`);
}
