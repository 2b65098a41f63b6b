/**
 * The failures the domain expects, raised by commands, rules and reads. They know nothing of
 * GraphQL or HTTP: `api/errors.ts` is the one place that turns each kind into the API's error code
 * (a mapped type there makes a kind without a code a compile error), and a command-line tool can
 * print them as they are.
 */
export const DomainErrorKind = {
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  /** Deliberately the same for "does not exist" and "exists but you may not see it". */
  NotFound: 'NOT_FOUND',
  BadInput: 'BAD_USER_INPUT',
  Conflict: 'CONFLICT',
  InvalidTransition: 'INVALID_TRANSITION',
} as const;
export type DomainErrorKind = (typeof DomainErrorKind)[keyof typeof DomainErrorKind];

export interface DomainErrorOptions {
  /** The input field at fault (`input.amount`, `first`), for BAD_USER_INPUT. */
  field?: string;
  /** Extra machine-readable facts a client can act on (for example the current version). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  readonly field: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(kind: DomainErrorKind, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.kind = kind;
    this.field = options.field;
    this.details = options.details ?? {};
  }
}

/** Recognized by shape: the class may be loaded twice (a test and the server it starts in-process). */
export function isDomainError(error: unknown): error is DomainError {
  return error instanceof Error && error.name === 'DomainError' && 'kind' in error;
}

export const unauthenticated = (message = 'Sign in to do this: send `Authorization: Bearer <token>` from `signIn`.') =>
  new DomainError(DomainErrorKind.Unauthenticated, message);

export const forbidden = (message: string) => new DomainError(DomainErrorKind.Forbidden, message);

/** Deliberately identical for "does not exist" and "exists but you may not see it". */
export const notFound = (what: string, id: string) => new DomainError(DomainErrorKind.NotFound, `No ${what} with id ${id}.`);

export const badInput = (field: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(DomainErrorKind.BadInput, message, { field, ...(details ? { details } : {}) });

export const conflict = (message: string, details?: Record<string, unknown>) => new DomainError(DomainErrorKind.Conflict, message, details ? { details } : {});

/** A state machine refused the move; `details` name the current status and the attempted action. */
export const invalidTransition = (message: string, details: { currentStatus: string; attemptedAction: string }) =>
  new DomainError(DomainErrorKind.InvalidTransition, message, { details });
