import { useState } from 'react';

import { errorMessage } from './QueryState';

interface LoadMoreProps {
  hasMore: boolean;
  loading?: boolean;
  onLoadMore: () => Promise<unknown>;
  label?: string;
}

/** "Show more" for a connection's next page, with its own error line. */
export const LoadMore = ({ hasMore, loading = false, onLoadMore, label = 'Show more' }: LoadMoreProps) => {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  if (!hasMore) return null;
  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      await onLoadMore();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="load-more">
      <button type="button" className="button" onClick={load} disabled={busy || loading}>
        {busy ? 'Loading…' : label}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {errorMessage(error)}
        </p>
      )}
    </div>
  );
};
