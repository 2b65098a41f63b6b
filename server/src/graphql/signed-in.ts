import { createParameterDecorator } from 'type-graphql';
import { requireViewer, type Context } from './context.js';

/**
 * The resolver's context, narrowed to a signed-in viewer: `@SignedIn() context: SignedInContext`.
 * Signed out, the field fails with UNAUTHENTICATED before the resolver runs. Synchronous, like
 * every parameter TypeGraphQL resolves without a promise: it runs for every field that uses it.
 */
export function SignedIn() {
  return createParameterDecorator<Context>(signedIn);
}

const signedIn = ({ context }: { context: Context }) => requireViewer(context);
