import { useState } from 'react';

import { errorMessage } from './QueryState';

interface LoadMoreProps {
  /** The connection's page info; nothing shows while it is missing or there is no next page. */
  pageInfo: { hasNextPage: boolean; endCursor?: string | null } | undefined;
  /** The query's `fetchMore`: called with the page's end cursor as `after`. */
  fetchMore: (options: { variables: { after: string | null | undefined } }) => Promise<unknown>;
  loading?: boolean;
  label?: string;
}

/** "Show more" for a connection's next page, with its own error line. */
export const LoadMore = ({ pageInfo, fetchMore, loading = false, label = 'Show more' }: LoadMoreProps) => {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  if (!pageInfo?.hasNextPage) return null;
  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      await fetchMore({ variables: { after: pageInfo.endCursor } });
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
