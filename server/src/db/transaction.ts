import type { EntityManager } from 'typeorm';
import type { Context } from '../graphql/context.js';

/**
 * Runs a service's change in one transaction on the request's own connection (so a request never
 * holds two pool connections, and cannot deadlock the pool). After the commit, the outbox rows it
 * wrote are published and the request's DataLoader caches are dropped, so the payload is read
 * fresh; on any error everything rolls back.
 */
export async function inTransaction<T>(context: Context, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const manager = context.loaders.manager;
  const runner = manager.queryRunner;
  if (!runner) throw new Error('inTransaction needs the request-scoped query runner');
  if (runner.isTransactionActive) throw new Error('inTransaction does not nest: pass the manager down instead');
  await runner.startTransaction('READ COMMITTED');
  try {
    const result = await work(manager);
    await runner.commitTransaction();
    // Publish what this transaction wrote to the outbox; if this process dies first, the sweep will.
    context.app.events.publisher.kick();
    return result;
  } catch (error) {
    await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    context.loaders.clearAll();
  }
}
