import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata.js';

interface Plan {
  sql: string;
  columns: ColumnMetadata[];
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
    plan = { sql: `SELECT ${list} FROM "${metadata.tablePath}" WHERE "id" = ANY($1::uuid[])`, columns };
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
export async function rowsById<T extends ObjectLiteral>(manager: EntityManager, entity: abstract new (...args: never[]) => T, ids: readonly string[]): Promise<T[]> {
  const metadata = manager.connection.getMetadata(entity as unknown as Function);
  const { sql, columns } = planFor(metadata);
  const rows: Array<Record<string, unknown>> = await manager.query(sql, [ids]);
  const driver = manager.connection.driver;
  return rows.map((row) => {
    const instance = metadata.create(undefined, { fromDeserializer: true }) as Record<string, unknown>;
    for (const column of columns) instance[column.propertyName] = driver.prepareHydratedValue(row[column.databaseName], column);
    return instance as T;
  });
}
