import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { asksForAuthor } from './live.resolver.js';

/** The resolve info's two parts the check reads, for the `messageAdded` field of `source`. */
function infoOf(source: string) {
  const document = parse(source);
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments };
}

describe('messageAdded reads the author with the message only when the payload shows it', () => {
  it('sees `message { author }` directly, in inline fragments and in named fragments', () => {
    expect(asksForAuthor(infoOf('subscription { messageAdded { message { id author { name } } } }'))).toBe(true);
    expect(asksForAuthor(infoOf('subscription { messageAdded { ... on MessageAddedEvent { message { ... on Message { author { id } } } } } }'))).toBe(true);
    expect(
      asksForAuthor(
        infoOf(
          'subscription { messageAdded { ...Added } } fragment Added on MessageAddedEvent { message { ...Line } } fragment Line on Message { author { name } }',
        ),
      ),
    ).toBe(true);
  });

  it('does not read it for a payload without the author, nor for an `author` elsewhere', () => {
    expect(asksForAuthor(infoOf('subscription { messageAdded { cursor message { id body } } }'))).toBe(false);
    expect(asksForAuthor(infoOf('subscription { messageAdded { cursor channel { name } } }'))).toBe(false);
    expect(asksForAuthor(infoOf('subscription { messageAdded { author: cursor } }'))).toBe(false);
  });
});
