import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { conflict } from '../errors/domain-error.js';
import { IdempotencyKey } from './idempotency-key.entity.js';

export interface IdempotentCall<R extends Record<string, unknown>> {
  userId: string;
  operation: string;
  key: string | null | undefined;
  input: unknown;
  /** The change itself; its result (ids) is stored and returned again on a retry. */
  run: () => Promise<R>;
}

/**
 * Runs `run` once per (user, operation, key), inside the caller's transaction. A retry with the
 * same key gets the stored result without a second effect; the same key with another input is a
 * CONFLICT. Two concurrent calls with one key serialize on the key's unique index: the second
 * waits for the first to commit and then replays its result.
 */
export async function idempotent<R extends Record<string, unknown>>(manager: EntityManager, call: IdempotentCall<R>): Promise<R> {
  if (!call.key) return call.run();
  const requestHash = createHash('sha256')
    .update(JSON.stringify(call.input ?? null))
    .digest('base64url');
  const inserted: Array<{ id: string }> = await manager.query(
    `INSERT INTO idempotency_keys (user_id, operation, key, request_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id, operation, key) DO NOTHING RETURNING id`,
    [call.userId, call.operation, call.key, requestHash],
  );
  if (inserted.length === 0) {
    const existing = await manager.getRepository(IdempotencyKey).findOneByOrFail({
      userId: call.userId,
      operation: call.operation,
      key: call.key,
    });
    if (existing.requestHash !== requestHash) {
      throw conflict('This idempotency key was already used with a different input. Use a new key for a new request.', {
        idempotencyKey: call.key,
      });
    }
    return existing.result as R;
  }
  const result = await call.run();
  await manager.query('UPDATE idempotency_keys SET result = $2 WHERE id = $1', [inserted[0]!.id, JSON.stringify(result)]);
  return result;
}
