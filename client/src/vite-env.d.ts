/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** `true`: send trusted-document hashes instead of query text (see app/trusted-documents.ts). */
  readonly VITE_TRUSTED_DOCUMENTS?: string;
}
