import type { ObjectLiteral } from 'typeorm';
import { canRead, type PolicyContext } from '../policy/policy.js';
import type { Context } from './context.js';
import { unauthenticated } from '../errors/domain-error.js';
import type { EntityClass } from '../graphql/loaders.js';

/**
 * The one way a resolver follows a reference to another row: by id, batched and cached per
 * request like `loaders.byId`, and returned only if the policy lets the viewer read it (null
 * otherwise, exactly as for a missing row, so nothing about its existence leaks). A resolver that
 * calls `loaders.byId` directly reads past the policy; a test allows that only in mutation
 * payloads, which read back what the viewer's own mutation just wrote.
 *
 * Takes the plain context and reads the viewer only when a rule needs it: a live payload whose
 * rows are public (a message's author) stays shareable between subscribers, as
 * shared-execution.ts decides by watching who reads `context.viewer`.
 */
export function loadVisible<T extends ObjectLiteral & { id: string }>(
  context: Context,
  entity: EntityClass<T>,
  id: string | null | undefined,
): Promise<T | null> | null {
  if (!id) return null;
  return context.loaders.visible(entity, id, (row) => canRead(row, policyContextOf(context)));
}

const policyContexts = new WeakMap<Context, PolicyContext>();

/** The policy's view of a context, read lazily; signed out, only rules that ignore the viewer (public rows) answer. */
function policyContextOf(context: Context): PolicyContext {
  let policyContext = policyContexts.get(context);
  if (!policyContext) policyContexts.set(context, (policyContext = lazyPolicyContext(context)));
  return policyContext;
}

function lazyPolicyContext(context: Context): PolicyContext {
  return {
    get viewer() {
      if (!context.viewer) throw unauthenticated();
      return context.viewer;
    },
    // Read through: a subscription swaps its loaders for each event (live.resolver.ts).
    get loaders() {
      return context.loaders;
    },
  };
}
