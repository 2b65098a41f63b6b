import type { DocumentNode } from 'graphql';

/**
 * What the build knows of each generated document (split-documents.ts), by the document object
 * itself: its printed text and which kinds of syntax node it contains. Apollo Client runs
 * graphql-js over every operation on its first use: `print` (its key for merging identical
 * requests in flight, and the text when a query goes out as text) and a dozen `visit`s (looking
 * for directives, adding `__typename`s, removing client-only parts). On a phone those walks were
 * up to a fifth of a page's first long tasks (ContractChannels, DashboardHome). With these facts
 * `apollo-graphql.ts` answers the ones whose answer is known without walking the document.
 *
 * Apollo hands graphql-js the very object a screen passes it: its transforms return their input
 * when it already has the shape they give it (`generated-documents.test.ts` checks that for
 * every document). Any other object (a transformed copy, the IDE's documents, a test's) is not
 * in here and goes to graphql-js as before.
 *
 * Kept apart from apollo-graphql.ts so a document module does not pull graphql-js's printer
 * into whichever chunk imports it.
 */
export interface GeneratedDocumentFacts {
  /** graphql-js's `print` of the document. */
  text: string;
  /** Every `kind` of node in the document (`Field`, `Directive`, …). */
  kinds: ReadonlySet<string>;
}

const facts = new WeakMap<object, GeneratedDocumentFacts>();

/**
 * The generated queries whose modules have run, by operation name: index.html's first answers
 * (first-answers.ts) name their operation only, and are written into the cache with its document
 * before the page first renders.
 */
const queries = new Map<string, DocumentNode>();

/** Remembers what the build found in `document`; returns `document`. */
export function withBuildFacts(document: DocumentNode, text: string, kinds: readonly string[]): DocumentNode {
  facts.set(document, { text, kinds: new Set(kinds) });
  for (const definition of document.definitions) {
    // Strings, not graphql-js's enums: this module rides in the main chunk, which has no graphql-js.
    if (!('operation' in definition) || !definition.name) continue;
    const [kind, operation]: string[] = [definition.kind, definition.operation];
    if (kind === 'OperationDefinition' && operation === 'query') queries.set(definition.name.value, document);
  }
  return document;
}

/** A generated query's document by operation name, once the module that holds it has run. */
export const generatedQuery = (operationName: string): DocumentNode | undefined => queries.get(operationName);

/** The build's facts about `node` if it is one of the generated documents (the same object). */
export const buildFacts = (node: unknown): GeneratedDocumentFacts | undefined => (typeof node === 'object' && node !== null ? facts.get(node) : undefined);

/** Every `kind` of syntax node in `document`, sorted (for the build: split-documents.ts). */
export function nodeKinds(document: DocumentNode): string[] {
  const kinds = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      const { kind } = value as { kind?: unknown };
      if (typeof kind === 'string') kinds.add(kind);
      Object.values(value).forEach(walk);
    }
  };
  walk(document);
  return [...kinds].sort();
}
