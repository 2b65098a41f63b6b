import type { ErrorLike } from '@apollo/client';

import './QueryState.css';

/** A person-readable message for an Apollo error (GraphQL messages are written to be shown). */
export const errorMessage = (error: ErrorLike | Error | null | undefined): string => {
  if (!error) return 'Something went wrong.';
  const message = error.message.trim();
  if (/failed to fetch|networkerror|load failed/i.test(message)) {
    return 'Could not reach Workroom. Check your connection and try again.';
  }
  return message || 'Something went wrong.';
};

export const Loading = ({ label = 'Loading…' }: { label?: string }) => (
  <div className="query-state query-state--loading" role="status" aria-live="polite">
    <span className="query-state__spinner" aria-hidden="true" />
    {label}
  </div>
);

interface ErrorStateProps {
  error: ErrorLike | Error;
  onRetry: () => void;
  title?: string;
  /** A smaller banner above data that is still shown (a background refresh failed). */
  inline?: boolean;
}

/** An error never leaves a blank page: it says what happened and offers Retry. */
export const ErrorState = ({ error, onRetry, title = 'This could not be loaded', inline = false }: ErrorStateProps) => (
  <div className={`query-state query-state--error${inline ? ' query-state--inline' : ''}`} role="alert">
    <div>
      <strong className="query-state__title">{title}</strong>
      <p className="query-state__message">{errorMessage(error)}</p>
    </div>
    <button type="button" className="button" onClick={onRetry}>
      Retry
    </button>
  </div>
);

export const EmptyState = ({ children }: { children: React.ReactNode }) => <p className="query-state query-state--empty">{children}</p>;

interface QueryGateProps<T> {
  data: T | undefined | null;
  error: ErrorLike | undefined;
  /** Re-runs the query; a returned promise's rejection is already shown through `error`. */
  refetch: () => unknown;
  loadingLabel?: string;
  errorTitle?: string;
  children: (data: T) => React.ReactNode;
}

/**
 * Loading, error (with Retry) and data for one query result. When cached data is shown and the
 * refresh failed, the data stays and a small banner explains.
 */
export function QueryGate<T>({ data, error, refetch, loadingLabel, errorTitle, children }: QueryGateProps<T>) {
  const retry = () => {
    const result = refetch();
    if (result instanceof Promise) result.catch(() => undefined);
  };
  if (data === undefined || data === null) {
    if (error) return <ErrorState error={error} onRetry={retry} title={errorTitle} />;
    return <Loading label={loadingLabel} />;
  }
  return (
    <>
      {error && <ErrorState error={error} onRetry={retry} title="Could not refresh" inline />}
      {children(data)}
    </>
  );
}
