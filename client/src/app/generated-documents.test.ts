// @vitest-environment node
import { ApolloClient, ApolloLink, type DocumentNode } from '@apollo/client';
import { BREAK, Kind, parse, print as printSyntaxTree, visit as visitSyntaxTree } from 'graphql';
import { describe, expect, it } from 'vitest';

import * as generated from '../gql/graphql';
import { print, visit } from './apollo-graphql';
import { createCache } from './cache';
import { generatedQuery, nodeKinds, withBuildFacts } from './generated-documents';

const operations = Object.entries(generated).filter(
  (entry): entry is [string, DocumentNode] =>
    typeof entry[1] === 'object' &&
    entry[1] !== null &&
    (entry[1] as DocumentNode).definitions?.some((definition) => definition.kind === Kind.OPERATION_DEFINITION),
);

/** As the build leaves a document (split-documents.ts). */
const built = (source: string): DocumentNode => {
  const document = parse(source, { noLocation: true });
  return withBuildFacts(document, printSyntaxTree(document), nodeKinds(document));
};

/** The part of Apollo Client's query manager that says what it prints and sends. */
interface QueryManagerInternals {
  getDocumentInfo: (document: DocumentNode) => { serverQuery: DocumentNode | null };
}

describe('generated documents', () => {
  it('are the very objects Apollo Client prints, for every generated operation', () => {
    // The build's facts stand in for walking a document only if Apollo walks the document a
    // screen passes it: its transforms (cache: `__typename`s; link: @client and other
    // directives) must leave every generated document as it is. One they changed would be
    // walked as before, so this is about speed, not correctness; a silent fallback would go unnoticed.
    const client = new ApolloClient({ cache: createCache(), link: ApolloLink.empty() });
    // The query manager is internal: no public API returns the document Apollo prints.
    const queryManager = (client as unknown as { queryManager: QueryManagerInternals }).queryManager;
    expect(operations.length).toBeGreaterThan(20);
    for (const [name, document] of operations) {
      const transformed = client.documentTransform.transformDocument(document);
      expect(transformed, name).toBe(document);
      expect(queryManager.getDocumentInfo(transformed).serverQuery, name).toBe(document);
    }
  });

  it("print returns a built document's text and prints anything else", () => {
    const document = withBuildFacts(parse('query Remembered { viewer { id } }'), 'query Remembered { viewer { id __typename } }', []);
    expect(print(document)).toBe('query Remembered { viewer { id __typename } }');
    const other = parse('query Other { viewer { id } }');
    expect(print(other)).toBe(printSyntaxTree(other));
    // A copy (what a transform that changes a document returns) is printed, not looked up.
    expect(print({ ...document })).toBe(printSyntaxTree(document));
  });

  it('visit skips only walks that would call nothing, and answers as graphql-js does', () => {
    const document = built('query Viewer($first: Int!) { viewer { id contracts(first: $first) { ...Card } } } fragment Card on Contract { id title }');
    const seen: string[] = [];
    // No directives in the document: nothing to call, the root back.
    expect(visit(document, { Directive: () => void seen.push('Directive') })).toBe(document);
    expect(visit(document, { Directive: { enter: () => BREAK } })).toBe(document);
    expect(seen).toEqual([]);
    // A kind it contains, or a callback for every node: walked, as graphql-js walks it.
    expect(visit(document, { FragmentSpread: () => void seen.push('FragmentSpread') })).toBe(document);
    expect(seen).toEqual(['FragmentSpread']);
    const renamed = visit(document, { Name: (node) => (node.value === 'title' ? { ...node, value: 'name' } : undefined) });
    expect(printSyntaxTree(renamed)).toBe(
      printSyntaxTree(visitSyntaxTree(document, { Name: (node) => (node.value === 'title' ? { ...node, value: 'name' } : undefined) })),
    );
    let nodes = 0;
    visit(document, { enter: () => void nodes++ });
    expect(nodes).toBeGreaterThan(10);
    // A document the build has not seen is walked even when it has nothing to call.
    const directives: string[] = [];
    visit(parse('{ viewer @client { id } }'), { Directive: (node) => void directives.push(node.name.value) });
    expect(directives).toEqual(['client']);
  });

  it('are found by query name once built (for index.html’s first answers), and mutations are not', () => {
    const query = built('query FirstAnswerLookup { viewer { __typename id } }');
    built('mutation FirstAnswerMutation { signOut { __typename ok } }');
    expect(generatedQuery('FirstAnswerLookup')).toBe(query);
    expect(generatedQuery('FirstAnswerMutation')).toBeUndefined();
  });
});
