import type { QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

/** One statement's answer, as node-postgres gives it. */
export interface StatementResult<Row extends QueryResultRow = QueryResultRow> {
  rows: Row[];
  rowCount: number | null;
}

/**
 * The connection pool under TypeORM (node-postgres's; TypeORM types it as `any`), for the
 * background work that runs on every event (the publisher, the webhook worker's scan): one round
 * trip where TypeORM would take several, and none of its per-query overhead.
 */
export interface RawPool {
  query<Row extends QueryResultRow>(sql: string, parameters?: unknown[]): Promise<StatementResult<Row>>;
}

export function rawPool(dataSource: DataSource): RawPool {
  return (dataSource.driver as unknown as { master: RawPool }).master;
}

/**
 * Runs several statements, separated by semicolons, in one round trip: without parameters,
 * node-postgres sends them as one simple query, which PostgreSQL runs in one implicit transaction
 * (so a transaction-scoped lock or setting taken by one holds for the next), each statement with
 * a snapshot of its own. Their values must therefore be written into the SQL: constants only.
 */
export async function runStatements(pool: RawPool, sql: string): Promise<StatementResult[]> {
  const result = (await pool.query(sql)) as StatementResult | StatementResult[];
  return Array.isArray(result) ? result : [result];
}
