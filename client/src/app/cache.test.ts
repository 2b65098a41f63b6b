// @vitest-environment node
import { readFileSync } from 'node:fs';

import { buildSchema, isInterfaceType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';

import { possibleTypes } from './cache';

describe('cache', () => {
  it('knows every implementation of every interface in schema.graphql', () => {
    const schema = buildSchema(readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8'));
    const fromSchema: Record<string, string[]> = {};
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isInterfaceType(type) || type.name.startsWith('__')) continue;
      fromSchema[type.name] = schema
        .getPossibleTypes(type)
        .filter(isObjectType)
        .map((object) => object.name)
        .sort();
    }
    const configured = Object.fromEntries(Object.entries(possibleTypes).map(([name, types]) => [name, [...types].sort()]));
    expect(configured).toEqual(fromSchema);
  });
});
