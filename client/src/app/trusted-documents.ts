import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';

import { documentHash } from './trusted-document-hash';

// The hash helpers live apart, without Apollo: the sign-in check (features/auth) uses them, and
// the main chunk must not reach Apollo Client through them (shell-chunk.ts).
export { documentHash, isPersistedQueryMiss, persistedQueryExtension, trustedDocumentsEnabled } from './trusted-document-hash';

/**
 * Sends hashes for every operation, queries over GET (cacheable; Apollo's `content-type:
 * application/json` on GET keeps the server's CSRF prevention satisfied), mutations over POST.
 * If the server does not know a hash, the link falls back to sending text for the rest of the
 * session: that keeps a client working against a server with `off` or `allow` from another
 * build; under `require` the text is refused, as it must be.
 */
export const createPersistedDocumentsLink = (): PersistedQueryLink =>
  new PersistedQueryLink({
    generateHash: documentHash,
    useGETForHashedQueries: true,
    disable: ({ meta }) => meta.persistedQueryNotFound || meta.persistedQueryNotSupported,
  });
