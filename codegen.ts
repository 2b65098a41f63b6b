import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

/**
 * Typed documents for the client, from the committed schema (printed from the server's
 * resolvers, so the client never needs a running server to build). Operations and fragments
 * live next to the components that use them.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['client/src/**/*.{ts,tsx}', '!client/src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    'client/src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: { unmaskFunctionName: 'getFragmentData' },
        // Trusted documents: `persisted-documents.json` maps each operation's hash to its text. The
        // server loads it (TRUSTED_DOCUMENTS) and the client can send the hash in place of the text.
        // SHA-256, because that is what the APQ wire format Apollo Client speaks carries.
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
      // The server executes the manifest's text, not what Apollo Client would print, so the
      // manifest must already select the `__typename`s Apollo's cache adds to every document.
      documentTransforms: [addTypenameSelectionDocumentTransform],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // SafeInt (Money.cents) is at most 2^53 − 1, so a JS number holds it exactly.
        scalars: { DateTime: 'string', SafeInt: 'number' },
        strictScalars: true,
      },
    },
    // Which concrete types implement each interface, for Apollo's cache to match fragments on
    // `Node` and `CalendarEntry`: generated, so a new Node type cannot be forgotten.
    'client/src/gql/possible-types.ts': {
      plugins: ['fragment-matcher'],
      config: { apolloClientVersion: 3, useExplicitTyping: true },
    },
  },
};

export default config;
