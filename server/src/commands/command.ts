import type { EntityManager } from 'typeorm';
import type { PolicyContext } from '../policy/policy.js';
import type { Config } from '../config.js';

/**
 * What a command runs with: who acts (as the policy sees them, for its read and write rules) and
 * the transaction it writes in. A command never opens a transaction of its own, so one command can
 * call another inside the same transaction (a hire creates its first milestone with the same
 * `createMilestone` an employer calls).
 */
export interface CommandContext extends PolicyContext {
  manager: EntityManager;
  /** Settings a rule may depend on (the marketplace fee, say). */
  config: Config;
}

/**
 * A change to the domain: a plain function of the transaction, the actor and an input whose ids
 * are database ids (decoding global ids is the resolver's part). It returns what it changed, as
 * ids, for the payload to be read back after the commit.
 */
export type Command<Input, Change> = (tx: CommandContext, input: Input) => Promise<Change>;

/**
 * What running a command needs of a signed-in request: who acts, the request's loaders (and so its
 * connection), the settings, and the publisher to wake after the commit. A request's context has
 * all of it; naming only this keeps commands below the API layer.
 */
export interface CommandHost extends PolicyContext {
  app: { config: Config; events: { publisher: { kick(): void } } };
}

/** Runs a command in one transaction on the request's connection (see {@link inTransaction}). */
export function runCommand<Input, Change>(context: CommandHost, command: Command<Input, Change>, input: Input): Promise<Change> {
  return inTransaction(context, (manager) => command({ manager, viewer: context.viewer, loaders: context.loaders, config: context.app.config }, input));
}

/**
 * Runs a command's change in one transaction on the request's own connection (so a request never
 * holds two pool connections, and cannot deadlock the pool). After the commit, the outbox rows it
 * wrote are published and the request's DataLoader caches are dropped, so the payload is read
 * fresh; on any error everything rolls back. Private to {@link runCommand}: a command that needs
 * another runs it inside its own transaction; the platform's own changes (payout-processor.ts,
 * the seed) open theirs on the data source.
 */
async function inTransaction<T>(context: CommandHost, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const manager = context.loaders.manager;
  const runner = manager.queryRunner;
  if (!runner) throw new Error('inTransaction needs the request-scoped query runner');
  if (runner.isTransactionActive) throw new Error('inTransaction does not nest: call the command with the transaction you have instead');
  // READ COMMITTED, the connection's default (db/data-source.ts): one BEGIN, no SET TRANSACTION.
  await runner.startTransaction();
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
