import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { Config } from '../config.js';
import { AppError, ErrorCode } from './errors.js';

type Limits = Config['limits'];

/**
 * Every limit on a request, refused before anything executes, on HTTP and WebSocket alike (the
 * request gate, gate.ts, applies them): document size and token count (at parse), depth and
 * aliases (validation rules here), and page sizes and cost (after validation, when the variables
 * are known). Each has its own error code.
 */
export function limitValidationRules(limits: Limits): ValidationRule[] {
  // Apollo relabels every validation error GRAPHQL_VALIDATION_FAILED; the AppError kept as the
  // original error is what the error formatter turns back into the limit's own code.
  const reject = (code: ErrorCode) => (context: ValidationContext | null, error: GraphQLError) =>
    context?.reportError(
      new GraphQLError(error.message, { nodes: error.nodes, originalError: new AppError(code, error.message.replace(/^Syntax Error: /, '')) }),
    );
  return [
    maxDepthRule({
      n: limits.maxDepth,
      exposeLimits: true,
      errorMessage: 'Query is too deep',
      propagateOnRejection: false,
      onReject: [reject(ErrorCode.DepthLimitExceeded)],
    }),
    maxAliasesRule({
      n: limits.maxAliases,
      exposeLimits: true,
      errorMessage: 'Query uses too many aliases',
      propagateOnRejection: false,
      onReject: [reject(ErrorCode.AliasLimitExceeded)],
    }),
  ];
}

/** graphql-js stops parsing past this many tokens, so huge documents cost nothing to refuse. */
export const parseOptions = (limits: Limits) => ({ maxTokens: limits.maxTokens });

// graphql-js 16 spells it "more that"; accept the corrected spelling too.
const tokenLimitMessage = /Document contains more tha[nt] \d+ tokens/;

/** Parse errors from the token limit become DOCUMENT_TOO_LARGE rather than a syntax error. */
export function isTokenLimitError(message: string): boolean {
  return tokenLimitMessage.test(message);
}

/** The refusal for a document over the byte limit, or undefined when it is within it. */
export function documentSizeError(query: unknown, limits: Limits): AppError | undefined {
  if (typeof query !== 'string' || Buffer.byteLength(query, 'utf8') <= limits.maxDocumentBytes) return undefined;
  return new AppError(ErrorCode.DocumentTooLarge, `The query document is larger than ${limits.maxDocumentBytes} bytes. Send a smaller document.`, {
    details: { limit: limits.maxDocumentBytes },
  });
}
