import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PrefixingKeyValueCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { GraphQLFormattedError } from 'graphql';
import { ConfigError, type Config } from '../config.js';
import { AppError, ErrorCode } from './errors.js';

type Settings = Config['trustedDocuments'];

/** The wire format Apollo Client's PersistedQueryLink speaks (APQ): `extensions.persistedQuery`. */
export interface PersistedQueryExtension {
  version: number;
  sha256Hash: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
// GraphQL over HTTP's persisted-documents appendix prefixes SHA-256 ids with `sha256:`; APQ does not.
const hexOf = (hash: string) => (hash.startsWith('sha256:') ? hash.slice('sha256:'.length) : hash);

/**
 * The client's operations, known by hash: the manifest GraphQL Code Generator's client preset
 * writes (`persisted-documents.json`, `{ "sha256:<hex>": "<document>" }`), loaded once at start.
 * The mode (TRUSTED_DOCUMENTS) decides what else gets through:
 *
 * - `off`: any query text; hashes are not understood (Apollo Client then falls back to text).
 * - `allow`: the manifest's documents by hash, and any query text.
 * - `require`: the manifest's documents only, by hash or as their exact text.
 *
 * Everything a trusted document runs into afterwards (token, depth, alias and cost limits, rate
 * limits) is the same as for query text: this only decides which text is parsed.
 */
export class TrustedDocuments {
  private constructor(
    readonly mode: Settings['mode'],
    /** Keyed by the hex SHA-256 of the document text. */
    private readonly documents: ReadonlyMap<string, string>,
  ) {}

  /**
   * Reads the manifest unless the mode is `off`. A missing manifest refuses the start under
   * `require` (nothing could run) and is only a warning under `allow`; a manifest whose hashes
   * are not the SHA-256 of their documents is refused either way, as the client would send
   * hashes this server cannot match.
   */
  static async load(settings: Settings, warn: (message: string) => void): Promise<TrustedDocuments> {
    if (settings.mode === 'off') return new TrustedDocuments('off', new Map());
    let raw: string;
    try {
      raw = await readFile(settings.manifestPath, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${String(error)})`;
      const problem = `the trusted-documents manifest ${settings.manifestPath} ${reason}. Build the client first (\`npm run build\`, whose codegen step writes it), or point TRUSTED_DOCUMENTS_MANIFEST at it.`;
      if (settings.mode === 'require') {
        throw new ConfigError(`Invalid configuration:\n  TRUSTED_DOCUMENTS: is "require", but ${problem}`);
      }
      warn(`TRUSTED_DOCUMENTS=allow: ${problem} Only query text will work until then.`);
      return new TrustedDocuments('allow', new Map());
    }
    return new TrustedDocuments(settings.mode, parseManifest(raw, settings.manifestPath));
  }

  get size(): number {
    return this.documents.size;
  }

  /** The text of a trusted document, by its SHA-256 (hex, with or without the `sha256:` prefix). */
  lookup(hash: string): string | undefined {
    return this.documents.get(hexOf(hash));
  }

  /** Refuses query text under `require` unless it is, byte for byte, one of the trusted documents. */
  refuseText(query: unknown): AppError | undefined {
    if (this.mode !== 'require' || query === undefined || query === null || query === '') return undefined;
    if (typeof query === 'string' && this.documents.has(sha256(query))) return undefined;
    return persistedQueryRequired();
  }

  /**
   * Apollo Server's APQ store, read-only: hashes resolve to the manifest's documents, and what
   * clients "register" by sending text with its hash is dropped, so nobody adds to the list.
   */
  apqCache(): KeyValueCache<string> {
    const documents = this.documents;
    return PrefixingKeyValueCache.cacheDangerouslyDoesNotNeedPrefixesForIsolation({
      get: async (hash: string) => documents.get(hexOf(hash)),
      set: async () => undefined,
      delete: async () => false,
    });
  }

  /**
   * The text to run for a graphql-ws subscribe message, which always carries `query` (Apollo
   * Client's GraphQLWsLink prints it) and, from a client built for trusted documents, the hash in
   * `extensions.persistedQuery`. A known hash wins, so the text the server runs is its own copy.
   */
  resolveWebSocket(query: string, extensions: Record<string, unknown> | null | undefined): { query: string } | { error: AppError } {
    const hash = persistedQueryHash(extensions);
    if (this.mode === 'off' || hash === undefined) {
      const refusal = this.refuseText(query);
      return refusal ? { error: refusal } : { query };
    }
    const trusted = this.lookup(hash);
    if (trusted !== undefined) return { query: trusted };
    if (query !== '' && this.refuseText(query) === undefined) return { query };
    return { error: persistedQueryNotFound() };
  }
}

/** The hash of an APQ `persistedQuery` extension, when the extensions carry a well-formed one. */
export function persistedQueryHash(extensions: unknown): string | undefined {
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const persisted = (extensions as { persistedQuery?: Partial<PersistedQueryExtension> }).persistedQuery;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
}

export const persistedQueryRequired = () =>
  new AppError(
    ErrorCode.PersistedQueryRequired,
    'This server runs only the trusted documents of its own client (TRUSTED_DOCUMENTS=require): send the hash of a known document in `extensions.persistedQuery`, not query text.',
  );

export const persistedQueryNotFound = () =>
  new AppError(
    ErrorCode.PersistedQueryNotFound,
    'No trusted document has this hash: the client was built from other operations than the ones this server knows. Deploy the client and the server from the same build.',
  );

// Apollo Server raises these without a code, so they would read as INTERNAL_SERVER_ERROR, though
// it answers them with HTTP 400: they are the request's fault.
const apolloPersistedQueryRefusals = new Map([
  ['provided sha does not match query', 'The query text does not match the SHA-256 hash sent with it in `extensions.persistedQuery`.'],
  ['Unsupported persisted query version', 'Only version 1 of `extensions.persistedQuery` is supported.'],
]);

/** Apollo's persisted-query errors in this API's words: a clear message, and a code that is not ours to own. */
export function formatPersistedQueryError(formatted: GraphQLFormattedError): GraphQLFormattedError | undefined {
  if (formatted.extensions?.code === ErrorCode.PersistedQueryNotFound) {
    const { message, extensions } = persistedQueryNotFound();
    return { message, extensions };
  }
  const refusal = apolloPersistedQueryRefusals.get(formatted.message);
  return refusal === undefined ? undefined : { message: refusal, extensions: { code: 'BAD_REQUEST' } };
}

function parseManifest(raw: string, path: string): Map<string, string> {
  const invalid = (why: string) => new ConfigError(`Invalid configuration:\n  TRUSTED_DOCUMENTS_MANIFEST: ${path} ${why}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid('is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('must be a JSON object mapping each document hash to its text.');
  }
  const documents = new Map<string, string>();
  for (const [hash, text] of Object.entries(parsed)) {
    if (typeof text !== 'string') throw invalid(`maps ${hash} to something other than document text.`);
    const hex = sha256(text);
    if (hexOf(hash) !== hex) {
      throw invalid(`lists ${hash}, which is not the SHA-256 of its document (codegen.ts must set persistedDocuments.hashAlgorithm to 'sha256').`);
    }
    documents.set(hex, text);
  }
  return documents;
}
