import { DateTimeResolver } from 'graphql-scalars';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  defaultFieldResolver,
  GraphQLInterfaceType,
  GraphQLObjectType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLFieldConfig,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { validateOrReject, type ValidationError } from 'class-validator';
import { ArgumentValidationError, buildSchema, getMetadataStorage, type NonEmptyArray } from 'type-graphql';
import { badInput } from '../errors/domain-error.js';
import { typesWithoutReadRule } from '../policy/policy.js';
import { nodeTypes } from './node.service.js';
import { ConnectionArgs } from '../graphql/pagination.js';

/**
 * Builds the schema from the areas' resolvers (the composition root gives them) and refuses to
 * start if a Node type has no read rule.
 */
export async function buildSchemaOf({ resolvers, orphanedTypes }: { resolvers: NonEmptyArray<Function>; orphanedTypes: Function[] }): Promise<GraphQLSchema> {
  const missing = typesWithoutReadRule([...nodeTypes.values()]);
  if (missing.length > 0) {
    throw new Error(`Node types without a read rule (modules/<area>/<area>.policy.ts): ${missing.join(', ')}`);
  }
  const schema = await buildSchema({
    resolvers,
    orphanedTypes: [...nodeTypes.values(), ...orphanedTypes],
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validateFn: validateArguments,
    // Every @Subscription brings its own `subscribe` (api/live-feed.ts); TypeGraphQL still
    // insists on a PubSub, which is never used.
    pubSub: {
      publish: () => undefined,
      subscribe: () => {
        throw new Error('Subscriptions use api/live-feed.ts, not the TypeGraphQL PubSub');
      },
    },
  });
  return finishSchema(schema);
}

const rootDescriptions: Record<string, string> = {
  Query: "Workroom's reads: start at `viewer` (who is signed in, and their work), or fetch any object by its ID with `node`.",
  Mutation: 'Every change: each mutation takes one `input` and returns a `…Payload`; a refusal is an error with a stable `extensions.code`.',
  Subscription: 'Live updates over graphql-ws: `activity` carries every change the viewer may see, resumable from a cursor.',
};

/**
 * What TypeGraphQL builds, adjusted once with `mapSchema` (a new schema, nothing rewritten in
 * place): plain fields read by graphql-js's default resolver, NUL characters refused in arguments,
 * and interfaces resolved synchronously.
 */
function finishSchema(schema: GraphQLSchema): GraphQLSchema {
  const plain = plainFields();
  const interfaces = new Map(getMetadataStorage().interfaceTypes.map((type) => [type.name, type.resolveType]));
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const takesArguments = Object.keys(field.args ?? {}).length > 0;
      if (!takesArguments) return plain.has(`${typeName}.${fieldName}`) ? { ...field, resolve: undefined } : field;
      return rejectingNulCharacters(field);
    },
    // TypeGraphQL has no place to describe the root types, which an IDE's documentation opens with.
    [MapperKind.ROOT_OBJECT]: (type) => (type.description ? type : new GraphQLObjectType({ ...type.toConfig(), description: rootDescriptions[type.name] })),
    [MapperKind.INTERFACE_TYPE]: (type) => {
      const resolveType = interfaces.get(type.name);
      if (!resolveType) return type;
      // TypeGraphQL wraps `resolveType` in an async function, so every Node in an answer costs a
      // promise; ours answer a type name at once.
      const config = type.toConfig();
      return new GraphQLInterfaceType({
        ...config,
        resolveType: (value, context, info, abstractType) => {
          const resolved: unknown = resolveType(value, context, info, abstractType);
          // Anything but a type name (a class, a promise) goes the way TypeGraphQL knows.
          return typeof resolved === 'string' ? resolved : config.resolveType?.(value, context, info, abstractType);
        },
      });
    },
  });
}

/**
 * TypeGraphQL gives every plain `@Field` property a resolver of its own (it builds the
 * middleware call data and reads `root[name]`); graphql-js's default resolver reads the same
 * property without allocating. A dashboard answer has thousands of such fields. Only fields read
 * under their own name and without a field resolver are handed over (`Node.id`, for one, is the
 * `globalId` getter under another name and keeps its resolver).
 */
function plainFields(): Set<string> {
  const storage = getMetadataStorage();
  const plain = new Set<string>();
  for (const objectType of storage.objectTypes) {
    for (const field of objectType.fields ?? []) {
      if (field.name !== field.schemaName) continue;
      if (storage.fieldResolvers.some((resolver) => resolver.getObjectType?.() === field.target && resolver.methodName === field.name)) continue;
      plain.add(`${objectType.name}.${field.schemaName}`);
    }
  }
  return plain;
}

/**
 * PostgreSQL text cannot hold U+0000; refuse it up front, naming the argument, instead of letting
 * the database fail the write as an internal error. Only fields that take arguments are wrapped,
 * synchronously: a TypeGraphQL global middleware would do the same, but its middleware chain is
 * async and would make every field of every response a promise.
 */
function rejectingNulCharacters(field: GraphQLFieldConfig<unknown, unknown>): GraphQLFieldConfig<unknown, unknown> {
  const resolve = field.resolve ?? defaultFieldResolver;
  const subscribe = field.subscribe;
  return {
    ...field,
    resolve: (root, args, context, info) => {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- graphql-js types a resolver's args as `any`
      assertNoNul(args);
      return resolve(root, args, context, info);
    },
    ...(subscribe
      ? {
          subscribe: (root: unknown, args: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo) => {
            assertNoNul(args);
            return subscribe(root, args, context, info);
          },
        }
      : {}),
  };
}

function assertNoNul(args: Record<string, unknown>): void {
  const offending = findNul(args, []);
  if (offending) {
    const field = offending.join('.').replace(/^input\./, '');
    throw badInput(field, `\`${field}\` must not contain the NUL character (U+0000).`);
  }
}

function findNul(value: unknown, path: string[]): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNul(item, [...path, String(index)]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      const found = findNul(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Input types are checked by their class-validator decorators, as TypeGraphQL would. Plain
 * connection arguments skip class-validator: a dashboard resolves hundreds of connections, and
 * their one rule (1–100) is the request gate's, checked for every connection before execution.
 */
async function validateArguments(value: unknown, type: unknown): Promise<void> {
  if (type === ConnectionArgs) return;
  if (value === null || typeof value !== 'object') return;
  const options = { skipMissingProperties: true, forbidUnknownValues: false };
  try {
    if (Array.isArray(value))
      await Promise.all(value.filter((item): item is object => item !== null && typeof item === 'object').map((item) => validateOrReject(item, options)));
    else await validateOrReject(value, options);
  } catch (errors) {
    throw new ArgumentValidationError(errors as ValidationError[]);
  }
}

/** The SDL as committed in schema.graphql: sorted, so it only changes when the API does. */
export function printWorkroomSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
