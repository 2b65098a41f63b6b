import type { ObjectLiteral } from 'typeorm';
import type { Context } from './context.js';
import type { EntityClass } from '../graphql/loaders.js';

/** A row a mutation wrote, as its entity and id; a null or undefined id reads back as null. */
type Written = readonly [EntityClass<ObjectLiteral & { id: string }>, string | null | undefined];

/** The payload's fields: a row for an id that is always there, the row or null for an optional one. */
type ReadBack<T extends Record<string, Written>> = {
  [K in keyof T]: T[K] extends readonly [EntityClass<infer Row>, infer Id] ? (Id extends string ? Row : Row | null) : never;
};

/**
 * Reads back the rows a mutation changed, after its commit, as the viewer now sees them, under
 * the payload's field names: `readBack(context, { contract: [Contract, change.contractId] })`.
 * By id and unchecked (byId, not loadVisible): the viewer's own mutation just wrote them, as
 * someone the policy let write them, which implies reading them; the payload's relation fields are
 * checked as usual. Only mutation resolvers call it (server/test/checked-loads.test.ts).
 */
export async function readBack<const T extends Record<string, Written>>(context: Context, written: T): Promise<ReadBack<T>> {
  const fields = await Promise.all(
    Object.entries(written).map(async ([field, [entity, id]]) => [field, id == null ? null : await context.loaders.byId(entity).load(id)] as const),
  );
  return Object.fromEntries(fields) as ReadBack<T>;
}
