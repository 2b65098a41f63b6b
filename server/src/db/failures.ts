import { PostgresError } from 'pg-error-enum';

/** Network errors of a connection that could not be made or was cut. */
const connectionErrnos = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
/**
 * SQLSTATEs that mean "no database to talk to", not "your statement failed": class 08
 * (connection exception, any code starting with its class), the server shutting down or starting
 * up, and no connection slot left.
 */
const unavailableSqlStates = new Set<string>([
  PostgresError.ADMIN_SHUTDOWN,
  PostgresError.CRASH_SHUTDOWN,
  PostgresError.CANNOT_CONNECT_NOW,
  PostgresError.TOO_MANY_CONNECTIONS,
]);
const connectionExceptionClass = PostgresError.CONNECTION_EXCEPTION.slice(0, 2);
const isUnavailableSqlState = (code: string) => unavailableSqlStates.has(code) || (code.length === 5 && code.startsWith(connectionExceptionClass));
/** node-postgres and its pool say these in words only. */
const unavailableMessages = /^(Connection terminated|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/;
/**
 * pg-pool raises this only for a request that waited its whole turn in the pool's queue: every
 * connection was busy (a connection that cannot be made fails as "Connection terminated due to
 * connection timeout" instead). The database is there; this instance has more work than
 * connections.
 */
const poolWaitMessage = 'timeout exceeded when trying to connect';
/**
 * TypeORM gives a query runner's connection back (destroyed) as soon as it breaks; a request's
 * next query on that runner then fails with one of these. A request's runner is otherwise only
 * released once its response is sent, after its last query.
 */
const releasedRunnerErrors = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/**
 * True when an error (or what it wraps: TypeORM's `driverError`, a GraphQL error's
 * `originalError`, a `cause`) means the database is unreachable. The one place that knows what
 * node-postgres and TypeORM throw when PostgreSQL goes away; everything that answers a client
 * turns such an error into SERVICE_UNAVAILABLE through {@link asServiceUnavailable}.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const { code } = current as { code?: unknown };
    if (typeof code === 'string' && (connectionErrnos.has(code) || isUnavailableSqlState(code))) return true;
    if (unavailableMessages.test(current.message) || releasedRunnerErrors.has(current.name)) return true;
    const wrapper = current as { driverError?: unknown; originalError?: unknown; cause?: unknown };
    current = wrapper.driverError ?? wrapper.originalError ?? wrapper.cause;
  }
  return false;
}

/** True when an error (or what it wraps) is a request that waited too long for a connection of a busy pool. */
export function isPoolSaturated(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    if (current.message === poolWaitMessage) return true;
    const wrapper = current as { driverError?: unknown; originalError?: unknown; cause?: unknown };
    current = wrapper.driverError ?? wrapper.originalError ?? wrapper.cause;
  }
  return false;
}

/** PostgreSQL's unique_violation on `table`: the loser of a race for a unique row. */
export function isUniqueViolation(error: unknown, table: string): boolean {
  const driverError = (error as { driverError?: { code?: unknown; table?: unknown } } | null)?.driverError;
  return driverError?.code === PostgresError.UNIQUE_VIOLATION && driverError.table === table;
}
