import { createParameterDecorator } from 'type-graphql';
import { requireViewer, type Context, type SignedInContext } from './context.js';

/**
 * The resolver's context, narrowed to a signed-in viewer: `@SignedIn() context: SignedInContext`.
 * Signed out, the field fails with UNAUTHENTICATED before the resolver runs. Signed in, it answers
 * synchronously, with no promise: it runs for every field that uses it.
 */
export function SignedIn() {
  return createParameterDecorator<Context>(signedIn);
}

function signedIn({ context }: { context: Context }): SignedInContext | Promise<never> {
  try {
    return requireViewer(context);
  } catch (error) {
    // Rejected, not thrown: TypeGraphQL resolves a resolver's parameters in one pass, and a throw
    // there would strand the validation promise of an `@Arg` before it, whose rejection for a bad
    // input would then go unhandled (which ends a Node process).
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rejects with exactly what was thrown, as a throw would have
    return Promise.reject(error);
  }
}
