import { print as printSyntaxTree, visit as visitSyntaxTree, type ASTNode, type ASTVisitor, type ASTVisitorKeyMap } from 'graphql';

import { buildFacts } from './generated-documents';

/**
 * graphql-js as Apollo Client sees it: the build resolves every `graphql` import of
 * `@apollo/client` here (split-documents.ts). The same functions, except that `print` and `visit`
 * of a generated document answer from what the build found in it (generated-documents.ts)
 * when that answer is certain, instead of walking its syntax tree on the main thread.
 */
export * from 'graphql';

/** A generated document's text from the build; anything else printed as before. */
export const print = (ast: ASTNode): string => buildFacts(ast)?.text ?? printSyntaxTree(ast);

/**
 * A visit that would call nothing returns its root untouched: that is the case when the visitor
 * has no callback for every node (`enter`, `leave`) and none for a kind of node the document
 * contains. Apollo's searches for directives (`@client`, `@export`, `@defer`, `@nonreactive`)
 * are such visits on documents without directives, which every generated one is.
 */
export const visit = ((root: ASTNode, visitor: ASTVisitor, visitorKeys?: ASTVisitorKeyMap) => {
  const facts = buildFacts(root);
  if (facts && visitorKeys === undefined && callsNothing(visitor, facts.kinds)) return root;
  return visitSyntaxTree(root, visitor, visitorKeys);
}) as typeof visitSyntaxTree;

const callsNothing = (visitor: ASTVisitor, kinds: ReadonlySet<string>): boolean =>
  !('enter' in visitor) && !('leave' in visitor) && Object.keys(visitor).every((kind) => !kinds.has(kind));
