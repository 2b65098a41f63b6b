import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata.js';

interface Plan {
  /** `SELECT <columns> FROM <table>`, for a WHERE to follow. */
  select: string;
  sql: string;
  columns: ColumnMetadata[];
  metadata: EntityMetadata;
}

const plans = new WeakMap<EntityMetadata, Plan>();

function planFor(metadata: EntityMetadata): Plan {
  let plan = plans.get(metadata);
  if (!plan) {
    if (metadata.embeddeds.length > 0) throw new Error(`rowsById does not handle embedded columns (${metadata.name})`);
    // A relation's own property (`organization`) is not loaded by a plain find either; its key column
    // (`organizationId`) is an ordinary column and is.
    const columns = metadata.columns.filter((column) => !(column.relationMetadata && column.propertyName === column.relationMetadata.propertyName));
    const list = columns.map((column) => `"${column.databaseName}"`).join(', ');
    const select = `SELECT ${list} FROM "${metadata.tablePath}"`;
    plan = { select, sql: `${select} WHERE "id" = ANY($1::uuid[])`, columns, metadata };
    plans.set(metadata, plan);
  }
  return plan;
}

/**
 * The rows with these ids, as entities: what `repository.findBy({ id: In(ids) })` returns, without
 * TypeORM building the query afresh and hydrating through its generic transformer each time,
 * which was the largest single cost of a dashboard request. The values still go through
 * TypeORM's own driver conversion (dates, transformers, arrays); a test compares the two for
 * every entity.
 */
export async function rowsById<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: abstract new (...args: never[]) => T,
  ids: readonly string[],
): Promise<T[]> {
  const plan = planFor(manager.connection.getMetadata(entity));
  const rows: Array<Record<string, unknown>> = await manager.query(plan.sql, [ids]);
  return rows.map((row) => hydrate<T>(manager, plan, row, ''));
}

/**
 * The row with this id, locked for the caller's transaction (`SELECT … FOR UPDATE`), as an
 * entity, or null: what `findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })` returns,
 * for what commands lock before they change it (the same saving as {@link rowsById}, on the path
 * of every mutation).
 */
export async function lockRowById<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: abstract new (...args: never[]) => T,
  id: string,
): Promise<T | null> {
  const plan = planFor(manager.connection.getMetadata(entity));
  const [row]: Array<Record<string, unknown>> = await manager.query(`${plan.select} WHERE "id" = $1::uuid FOR UPDATE`, [id]);
  return row ? hydrate<T>(manager, plan, row, '') : null;
}

function hydrate<T>(manager: EntityManager, { metadata, columns }: Plan, row: Record<string, unknown>, prefix: string): T {
  const driver = manager.connection.driver;
  const instance = metadata.create(undefined, { fromDeserializer: true }) as Record<string, unknown>;
  for (const column of columns) instance[column.propertyName] = driver.prepareHydratedValue(row[prefix + column.databaseName], column);
  return instance as T;
}

/**
 * The entity's columns joined into another statement (the page queries): `select` lists them from
 * `tableAlias` under `prefix`, `read` turns a result row back into the entity, or null when the
 * join found nothing.
 */
export function joinedRows<T extends ObjectLiteral>(manager: EntityManager, entity: abstract new (...args: never[]) => T, tableAlias: string, prefix: string) {
  const plan = planFor(manager.connection.getMetadata(entity));
  return {
    table: `"${plan.metadata.tablePath}"`,
    select: plan.columns.map((column) => `${tableAlias}."${column.databaseName}" AS "${prefix}${column.databaseName}"`).join(', '),
    read: (row: Record<string, unknown>): T | null => (row[`${prefix}id`] == null ? null : hydrate<T>(manager, plan, row, prefix)),
  };
}
