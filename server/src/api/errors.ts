import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable, isPoolSaturated } from '../db/failures.js';
import { DomainErrorKind, isDomainError, type DomainError } from '../errors/domain-error.js';

/**
 * The one error vocabulary of the API; clients switch on `extensions.code`, people read `message`.
 * The domain's own failures ({@link DomainError}) get theirs from {@link codeOfDomainError}; the
 * refusals of the API itself (limits, rate limits, trusted documents, a database away) are
 * {@link AppError}s raised here.
 */
export enum ErrorCode {
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  BadUserInput = 'BAD_USER_INPUT',
  Conflict = 'CONFLICT',
  InvalidTransition = 'INVALID_TRANSITION',
  RateLimited = 'RATE_LIMITED',
  DepthLimitExceeded = 'DEPTH_LIMIT_EXCEEDED',
  CostLimitExceeded = 'COST_LIMIT_EXCEEDED',
  AliasLimitExceeded = 'ALIAS_LIMIT_EXCEEDED',
  DocumentTooLarge = 'DOCUMENT_TOO_LARGE',
  /** TRUSTED_DOCUMENTS=require, and the request carries query text that is not a trusted document. */
  PersistedQueryRequired = 'PERSISTED_QUERY_REQUIRED',
  /** A hash that is not in the trusted-documents manifest (Apollo's APQ code, so Apollo Client reacts to it). */
  PersistedQueryNotFound = 'PERSISTED_QUERY_NOT_FOUND',
  /** The database cannot be reached right now (stopped, restarting, unreachable): retry shortly. */
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  /** The database is healthy but every connection of this instance's pool stayed busy: retry in a moment. */
  Overloaded = 'OVERLOADED',
  InternalServerError = 'INTERNAL_SERVER_ERROR',
}

/**
 * Every domain error kind and the code a client sees for it. A mapped type over the kinds: a kind
 * added to the domain without a code here does not compile.
 */
const codeOfDomainError: { readonly [Kind in DomainErrorKind]: ErrorCode } = {
  [DomainErrorKind.Unauthenticated]: ErrorCode.Unauthenticated,
  [DomainErrorKind.Forbidden]: ErrorCode.Forbidden,
  [DomainErrorKind.NotFound]: ErrorCode.NotFound,
  [DomainErrorKind.BadInput]: ErrorCode.BadUserInput,
  [DomainErrorKind.Conflict]: ErrorCode.Conflict,
  [DomainErrorKind.InvalidTransition]: ErrorCode.InvalidTransition,
};

export interface AppErrorOptions {
  /** The input field at fault (`input.amount`, `first`), for BAD_USER_INPUT. */
  field?: string;
  /** Extra machine-readable facts a client can act on (for example the current version). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** A refusal of the API itself, or a domain error on its way to a client (see {@link asAppError}). */
export class AppError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, {
      originalError: options.cause instanceof Error ? options.cause : undefined,
      extensions: {
        code,
        ...(options.field === undefined ? {} : { field: options.field }),
        ...options.details,
      },
    });
    this.name = 'AppError';
    this.code = code;
  }
}

/** A domain error as the API answers it: its kind's code, its field and details, its message. */
export function asAppError(error: DomainError): AppError {
  return new AppError(codeOfDomainError[error.kind], error.message, {
    ...(error.field === undefined ? {} : { field: error.field }),
    details: { ...error.details },
    cause: error,
  });
}

/** How long a client should wait before retrying after SERVICE_UNAVAILABLE (also sent as `Retry-After`). */
export const serviceUnavailableRetrySeconds = 5;

export const serviceUnavailable = (cause?: unknown) =>
  new AppError(ErrorCode.ServiceUnavailable, `Workroom cannot reach its database right now. Try again in ${serviceUnavailableRetrySeconds} seconds.`, {
    details: { retryAfterSeconds: serviceUnavailableRetrySeconds },
    cause,
  });

/**
 * OVERLOADED, with a retry delay spread over a few seconds so that the clients a busy moment
 * turned away do not all come back in the same instant.
 */
export const overloaded = (cause?: unknown) => {
  const retryAfterSeconds = 1 + Math.floor(Math.random() * 3);
  return new AppError(ErrorCode.Overloaded, `Workroom is busy right now. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`, {
    details: { retryAfterSeconds },
    cause,
  });
};

/**
 * The answer for an error that means the database cannot serve this request now: OVERLOADED when
 * the pool was merely busy, SERVICE_UNAVAILABLE when the database is unreachable; undefined for
 * anything else.
 */
export function asServiceUnavailable(error: unknown): AppError | undefined {
  // Already decided (its retry delay too): the client must see the delay the header says.
  if (isAppError(error) && (error.code === ErrorCode.Overloaded || error.code === ErrorCode.ServiceUnavailable)) return error;
  if (isPoolSaturated(error)) return overloaded(error);
  return isDatabaseUnavailable(error) ? serviceUnavailable(error) : undefined;
}

/** The codes a client may see; anything else is masked as INTERNAL_SERVER_ERROR. */
const publicCodes = new Set<string>([
  ...Object.values(ErrorCode),
  // Raised by graphql-js and Apollo Server themselves for malformed requests.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export interface MaskedErrorReport {
  formatted: GraphQLFormattedError;
  /** Set when the error was unexpected: log it, with the request id, and never show it. */
  unexpected?: unknown;
  /** Set when the database was unreachable (shown as SERVICE_UNAVAILABLE): worth a warning, not an error report. */
  unavailable?: unknown;
  /** Set when the pool was busy (shown as OVERLOADED): the database is fine. */
  overloaded?: unknown;
}

/**
 * Decides what a client sees of an error. Expected errors keep their message and code; anything
 * else is replaced by a generic message carrying the request id, so a person can quote it to
 * support while the stack trace stays in the log.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown, requestId: string): MaskedErrorReport {
  // Checked by shape, not instanceof: graphql-js may be loaded twice (its CJS and ESM builds),
  // and errors from Apollo and TypeGraphQL then come from "another" GraphQLError class.
  const original = originalOf(error);
  const unavailable = asServiceUnavailable(original);
  if (unavailable) {
    return {
      formatted: { message: unavailable.message, locations: formatted.locations, path: formatted.path, extensions: withoutHttp(unavailable.extensions) },
      ...(unavailable.code === ErrorCode.Overloaded ? { overloaded: original } : { unavailable: original }),
    };
  }
  if (isAppError(original)) {
    return { formatted: { ...formatted, message: original.message, extensions: withoutHttp(original.extensions) } };
  }
  if (isDomainError(original)) {
    return { formatted: { ...formatted, message: original.message, extensions: { ...asAppError(original).extensions } } };
  }
  const validation = argumentValidationFailure(original);
  if (validation) {
    return {
      formatted: {
        message: validation.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.BadUserInput, field: validation.field },
      },
    };
  }
  const code = formatted.extensions?.code;
  // A GraphQLError without an original cause was raised by graphql-js or Apollo while parsing,
  // validating or coercing the request: its message describes the request, not the server.
  const raisedByGraphQL = isGraphQLError(error) && !error.originalError;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-comparison -- `code` is any string from the error's extensions; comparing it with the enum's value is the point
  if (typeof code === 'string' && publicCodes.has(code) && (raisedByGraphQL || code !== ErrorCode.InternalServerError)) {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { formatted: { ...formatted, extensions } };
  }
  if (raisedByGraphQL && code === undefined) {
    return { formatted: { ...formatted, extensions: { code: ErrorCode.BadUserInput } } };
  }
  return {
    formatted: {
      message: `Something went wrong on our side. Quote request id ${requestId} if you contact support.`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.InternalServerError, requestId },
    },
    unexpected: original,
  };
}

interface ValidationFailure {
  field: string;
  message: string;
}

interface ClassValidatorError {
  property: string;
  constraints?: Record<string, string>;
  children?: ClassValidatorError[];
}

/**
 * TypeGraphQL's ArgumentValidationError, flattened to the first offending field path. Recognized
 * by shape: its class may come from either of the package's module builds. Its raw
 * `validationErrors` echo the input (passwords included), so they never reach the client.
 */
function argumentValidationFailure(error: unknown): ValidationFailure | undefined {
  if (!isGraphQLError(error) || !Array.isArray(error.extensions?.validationErrors)) return undefined;
  const errors = error.extensions.validationErrors as ClassValidatorError[];
  const first = errors?.[0];
  if (!first) return { field: 'input', message: 'The input is not valid.' };
  const path: string[] = [];
  let node: ClassValidatorError | undefined = first;
  while (node) {
    path.push(node.property);
    if (node.constraints && Object.keys(node.constraints).length > 0) {
      return { field: path.join('.'), message: Object.values(node.constraints)[0] ?? 'is not valid' };
    }
    node = node.children?.[0];
  }
  return { field: path.join('.'), message: 'The input is not valid.' };
}

function isGraphQLError(error: unknown): error is Pick<GraphQLError, 'message' | 'extensions' | 'originalError'> {
  return error instanceof Error && 'extensions' in error && 'originalError' in error;
}

function isAppError(error: unknown): error is AppError {
  return error instanceof Error && error.name === 'AppError' && 'code' in error;
}

/** `http` (status and headers for the transport) is for the server, not the client. */
function withoutHttp(extensions: Record<string, unknown>): Record<string, unknown> {
  const { http: _http, ...rest } = extensions;
  return rest;
}

/** The error as raised: down the GraphQL wrappers, stopping at our own (whose cause is for the log). */
function originalOf(error: unknown): unknown {
  let current = error;
  while (isGraphQLError(current) && !isAppError(current) && current.originalError && (current.originalError as unknown) !== current) {
    current = current.originalError;
  }
  return current;
}
