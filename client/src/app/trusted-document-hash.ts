import type { DocumentNode } from 'graphql';

/**
 * Trusted documents: built with `VITE_TRUSTED_DOCUMENTS=true`, the dashboard sends the hash of
 * each operation (from `persisted-documents.json`, which codegen writes next to the typed
 * documents) instead of its text, so a server with `TRUSTED_DOCUMENTS=require` runs it.
 */
export const trustedDocumentsEnabled = import.meta.env.VITE_TRUSTED_DOCUMENTS === 'true';

/**
 * The hash codegen's client preset embeds in each document it generates (`__meta__.hash`,
 * `sha256:<hex>`), as the bare hex that Apollo's persisted-query extension carries. Apollo's
 * document transforms (adding `__typename`) copy the root node's properties, so it survives them.
 */
export function documentHash(document: DocumentNode): string {
  const hash = (document as DocumentNode & { __meta__?: { hash?: unknown } }).__meta__?.hash;
  if (typeof hash !== 'string') {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-comparison -- graphql's Kind.OPERATION_DEFINITION is this very string
    const name = document.definitions.find((definition) => definition.kind === 'OperationDefinition')?.name?.value;
    throw new Error(`${name ?? 'An operation'} has no trusted-document hash: write it with graphql() so codegen lists it.`);
  }
  return hash.replace(/^sha256:/, '');
}

export const persistedQueryExtension = (document: DocumentNode) => ({
  persistedQuery: { version: 1, sha256Hash: documentHash(document) },
});

/** The server does not know this hash (another build) or hashes at all (`TRUSTED_DOCUMENTS=off`). */
export const isPersistedQueryMiss = (code: unknown): boolean => code === 'PERSISTED_QUERY_NOT_FOUND' || code === 'PERSISTED_QUERY_NOT_SUPPORTED';
