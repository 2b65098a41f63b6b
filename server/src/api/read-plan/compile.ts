import {
  getNamedType,
  getNullableType,
  GraphQLEnumType,
  GraphQLID,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLString,
  isObjectType,
  OperationTypeNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { collectFields, collectSubfields } from 'graphql/execution/collectFields.js';
import { getArgumentValues } from 'graphql/execution/values.js';
import pg from 'pg';
import { getMetadataStorage } from 'type-graphql';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers.js';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata.js';
import type { Viewer } from '../../auth/viewer.js';
import { listQuery, type ListSpec } from '../../graphql/lists.js';
import { encodeCursor, keysetCondition, pageWindow, windowPage, type PageWindow, type SortKey } from '../../graphql/pagination.js';
import { readScopeOf } from '../../policy/policy.js';
import { isoString } from './iso-date.js';
import { plannedField, plannedRoot, readsOfGetter, type FieldPlan } from './registry.js';

/** The operation (or a part of it) is not one the planner covers: graphql-js runs it, as always. */
export class NotPlanned extends Error {}

/**
 * The data holds something only the resolvers answer exactly (a row the viewer may not see where
 * the schema promises one, a value a resolver would fail on): graphql-js runs the operation
 * instead, and answers with its error. Never a different answer.
 */
export class Fallback extends Error {}

/** One planned operation: a single statement and the function that turns its row into `data`. */
export interface CompiledRead {
  sql: string | null;
  parameters: unknown[];
  /** The `data` of the answer from the statement's row, for this viewer (the plan may be cached across their requests). */
  shape(row: unknown[], viewer: Viewer): Record<string, unknown>;
}

interface CompileInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  viewer: Viewer;
  manager: EntityManager;
}

/** Reads the value the SQL put at this point and completes it for the selection. */
type Shaper = (raw: unknown) => unknown;

/**
 * Where a field's parent comes from: a row of the statement (under `alias`) or a value known before
 * it runs. A row read from a list's window has `joins`, the FROM clause's tail after the window, so
 * that the rows it references can be joined there (see {@link Compiler.joinedRow}). A row is
 * `repeated` when it is one of a list's rows (or read from one): a list under it is a subquery that
 * PostgreSQL runs again for each such row.
 */
type Parent = { kind: 'row'; alias: string; metadata: EntityMetadata; joins?: string[]; repeated: boolean } | { kind: 'value'; value: object };

const maxArrayArguments = 90;

/**
 * Plans a query operation into one SQL statement that builds every root field's rows, the
 * policy's read scopes and the connection windows inside it, and a synchronous function that
 * shapes the statement's JSON into the exact `data` graphql-js would have answered. Throws
 * {@link NotPlanned} for anything it does not cover.
 */
export function compileRead(input: CompileInput): CompiledRead {
  if (input.operation.operation !== OperationTypeNode.QUERY) throw new NotPlanned('only queries');
  const compiler = new Compiler(input);
  return compiler.compileOperation();
}

class Compiler {
  private readonly parameters: unknown[] = [];
  private readonly rootSlots: string[] = [];
  private aliases = 0;
  /** The statement's root array, while a shape runs (shaping is synchronous). */
  private rootRow: unknown[] = [];
  private currentViewer: Viewer;

  constructor(private readonly input: CompileInput) {
    this.currentViewer = input.viewer;
  }

  compileOperation(): CompiledRead {
    const { schema, operation } = this.input;
    const queryType = schema.getQueryType();
    if (!queryType) throw new NotPlanned('no query type');
    const fields = this.collect(queryType, operation.selectionSet);
    const shapers: Array<[string, Shaper]> = [];
    for (const [key, nodes] of fields) {
      const node = nodes[0]!;
      const name = node.name.value;
      if (name === '__typename') {
        shapers.push([key, () => queryType.name]);
        continue;
      }
      if (name.startsWith('__')) throw new NotPlanned('introspection');
      const field = queryType.getFields()[name];
      if (!field) throw new NotPlanned(`unknown field ${name}`);
      const root = plannedRoot(name);
      if (!root) throw new NotPlanned(`root field ${name}`);
      const args = this.argumentsOf(field, node);
      const start = root(args, this.input.viewer);
      if (start === undefined) throw new NotPlanned(`root field ${name} with these arguments`);
      if (start.kind === 'value') {
        const shaper = this.completeValue(field.type, nodes, { kind: 'value', value: start.value });
        // The value afresh for each answer: a cached plan serves the same viewer's later requests.
        shapers.push([
          key,
          () => {
            const current = root(args, this.currentViewer);
            if (current?.kind !== 'value') throw new Fallback('the root changed');
            return shaper(current.value);
          },
        ]);
      } else {
        const metadata = this.metadataOf(start.entity);
        const type = this.objectTypeOf(start.typeName);
        const scoped = this.scopedRow(metadata, type, nodes, (alias) => [`${alias}."id" = :rootId`, { rootId: start.id }]);
        const slot = this.rootSlots.push(scoped.sql) - 1;
        shapers.push([
          key,
          () => {
            const raw = this.rootRow[slot];
            // Missing or hidden: the resolvers answer NOT_FOUND with the null.
            if (raw === null || raw === undefined) throw new Fallback('root row not found');
            return scoped.shape(raw);
          },
        ]);
      }
    }
    // Nothing to read at all (a trainer's `viewer { organization { … } }`): answered without a statement.
    const sql = this.rootSlots.length === 0 ? null : `SELECT json_build_array(${this.rootSlots.join(', ')}) AS "r"`;
    if (this.rootSlots.length > maxArrayArguments) throw new NotPlanned('too many root reads');
    const parameters = this.parameters;
    return {
      sql,
      parameters,
      shape: (row, viewer) => {
        this.rootRow = row;
        this.currentViewer = viewer;
        const data: Record<string, unknown> = {};
        for (const [key, shaper] of shapers) data[key] = shaper(undefined);
        return data;
      },
    };
  }

  // ── Values read from JS objects, as graphql-js's default resolver does ─────────────────────

  /** Completes what a resolver returned (`value`, at runtime) for `type`. */
  private completeValue(type: GraphQLOutputType, nodes: readonly FieldNode[], parent: Parent | undefined): Shaper {
    if (type instanceof GraphQLNonNull) {
      const inner = this.completeValue(type.ofType, nodes, parent);
      return (value) => {
        const completed = inner(value);
        if (completed === null || completed === undefined) throw new Fallback('null in a non-null field');
        return completed;
      };
    }
    if (type instanceof GraphQLList) {
      const item = this.completeValue(type.ofType, nodes, undefined);
      return (value) => {
        if (value === null || value === undefined) return null;
        if (!Array.isArray(value)) throw new Fallback('not a list');
        return value.map(item);
      };
    }
    if (type instanceof GraphQLScalarType || type instanceof GraphQLEnumType) {
      // graphql-js's String and ID serialize a string as it is.
      const passesStrings = type === GraphQLString || type === GraphQLID;
      return (value) => {
        if (value === null || value === undefined) return null;
        if (passesStrings && typeof value === 'string') return value;
        try {
          const serialized = type.serialize(value);
          // What Apollo sends is the JSON text, where a Date (DateTime's serialized form) is its
          // toJSON(): one slow call out of JSON.stringify for each. The answer holds that text already.
          return serialized instanceof Date ? isoString(serialized) : serialized;
        } catch {
          throw new Fallback(`${type.name} cannot serialize the value`);
        }
      };
    }
    if (!isObjectType(type)) throw new NotPlanned(`abstract type ${String(type)}`);
    const parts: Array<[string, (value: object) => unknown]> = [];
    for (const { key, name, field, fieldNodes } of this.selectedFields(type, nodes)) {
      if (!field) {
        parts.push([key, () => type.name]);
        continue;
      }
      const plan = plannedField(type.name, name);
      if (plan) {
        if (parent?.kind !== 'value') throw new NotPlanned(`${type.name}.${name} below a value that is not known before the statement`);
        parts.push([key, this.valueParentField(plan, type, field, fieldNodes, parent.value)]);
        continue;
      }
      parts.push([key, this.plainField(type, name, field, fieldNodes).part]);
    }
    return (value) => {
      if (value === null || value === undefined) return null;
      const result: Record<string, unknown> = {};
      for (const [key, part] of parts) result[key] = part(value);
      return result;
    };
  }

  /** The fields a selection asks of an object type, in answer order; `field` is absent for `__typename`. */
  private *selectedFields(type: GraphQLObjectType, nodes: readonly FieldNode[]) {
    for (const [key, fieldNodes] of this.collectSub(type, nodes)) {
      const name = fieldNodes[0]!.name.value;
      if (name === '__typename') {
        yield { key, name, field: undefined, fieldNodes };
        continue;
      }
      const field = type.getFields()[name];
      if (!field) throw new NotPlanned(`unknown field ${type.name}.${name}`);
      yield { key, name, field, fieldNodes };
    }
  }

  /** A field without a resolver: the property graphql-js's default resolver reads (a getter, say), completed for its type. */
  private plainField(type: GraphQLObjectType, name: string, field: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[]) {
    if (hasResolver(type.name, name)) throw new NotPlanned(`${type.name}.${name} has a resolver and no plan`);
    if (Object.keys(field.args).length > 0) throw new NotPlanned(`${type.name}.${name} takes arguments`);
    const property = propertyOf(type.name, name);
    const complete = this.completeValue(field.type, nodes, undefined);
    return {
      property,
      part: (value: object) => {
        const read: unknown = (value as Record<string, unknown>)[property];
        if (typeof read === 'function') throw new Fallback(`${type.name}.${name} is a method`);
        return complete(read);
      },
    };
  }

  /** A planned field of a value known before the statement runs (the root `viewer`): its SQL joins the root array. */
  private valueParentField(
    plan: FieldPlan,
    type: GraphQLObjectType,
    field: GraphQLField<unknown, unknown>,
    nodes: readonly FieldNode[],
    value: object,
  ): (value: object) => unknown {
    const parent: Parent = { kind: 'value', value };
    const planned = this.plannedFieldSql(plan, type, field, nodes, parent);
    if (planned.sql === null) return (current) => planned.shape(null, current);
    const slot = this.rootSlots.push(planned.sql) - 1;
    return () => planned.shape(this.rootRow[slot]);
  }

  // ── Fields with a read plan ───────────────────────────────────────────────────────────────

  /** The SQL of a planned field (null when nothing needs reading) and the shaper of its raw value. */
  private plannedFieldSql(
    plan: FieldPlan,
    type: GraphQLObjectType,
    field: GraphQLField<unknown, unknown>,
    nodes: readonly FieldNode[],
    parent: Parent,
  ): { sql: string | null; shape: (raw: unknown, parentValue?: object) => unknown } {
    switch (plan.kind) {
      case 'reference':
        return this.referenceSql(plan, field, nodes, parent);
      case 'list':
        return this.listSql(plan.list, field, nodes[0]!, nodes, parent);
      case 'first':
      case 'all':
        return this.rowsSql(plan.kind, plan.list, field, nodes, parent);
      case 'derived': {
        if (Object.keys(field.args).length > 0) throw new NotPlanned(`${type.name}.${field.name} takes arguments`);
        const complete = this.completeValue(field.type, nodes, undefined);
        return {
          sql: null,
          shape: (_raw, parentValue) => {
            let value: unknown;
            try {
              value = plan.read(parentValue!, this.currentViewer);
            } catch {
              throw new Fallback(`${type.name}.${field.name} failed`);
            }
            return complete(value);
          },
        };
      }
      case 'computed': {
        if (Object.keys(field.args).length > 0) throw new NotPlanned(`${type.name}.${field.name} takes arguments`);
        const complete = this.completeValue(field.type, nodes, undefined);
        const { viewer } = this.input;
        const helpers = {
          viewer,
          parameter: (value: unknown) => this.parameter(value),
          readScope: (entity: Function, alias: string) => this.readScopeCondition(entity, alias),
        };
        return {
          sql: plan.sql(parent.kind === 'row' ? parent.alias : null, helpers),
          shape: (raw, parentValue) => {
            let value: unknown;
            try {
              value = plan.read(raw, parentValue!, this.currentViewer);
            } catch {
              // The resolver would have failed the same way: its error, not a guess.
              throw new Fallback(`${type.name}.${field.name} failed`);
            }
            return complete(value);
          },
        };
      }
    }
  }

  private referenceSql(plan: Extract<FieldPlan, { kind: 'reference' }>, field: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[], parent: Parent) {
    if (Object.keys(field.args).length > 0) throw new NotPlanned(`${field.name} takes arguments`);
    const type = getNullableType(field.type);
    if (!isObjectType(type)) throw new NotPlanned(`${field.name} is not an object`);
    const nonNull = field.type instanceof GraphQLNonNull;
    const metadata = this.metadataOf(plan.entity);
    let condition: (alias: string) => [string, Record<string, unknown>];
    let joined: { sql: string; shape: Shaper } | undefined;
    if (parent.kind === 'row') {
      const key = `${parent.alias}."${columnOf(parent.metadata, plan.key).databaseName}"`;
      condition = (alias) => [`${alias}."id" = ${key}`, {}];
      joined = parent.joins ? this.joinedRow(metadata, type, nodes, condition, parent.joins, parent.repeated) : undefined;
    } else {
      const id = (parent.value as Record<string, unknown>)[plan.key];
      if (id === null || id === undefined) {
        if (nonNull) throw new Fallback(`${field.name} is null`);
        return { sql: null, shape: () => null };
      }
      condition = (alias) => [`${alias}."id" = :referenceId`, { referenceId: id }];
    }
    // Joined after the list's window where the parent row allows it, else a subquery per row.
    const row = joined ?? this.scopedRow(metadata, type, nodes, condition, parent.kind === 'row' && parent.repeated);
    return {
      sql: row.sql,
      shape: (raw: unknown) => {
        if (raw === null || raw === undefined) {
          if (nonNull) throw new Fallback(`${field.name} not visible`);
          return null;
        }
        return row.shape(raw);
      },
    };
  }

  /** `<table> alias WHERE <condition>` under the entity's read scope: what scopedRow and joinedRow both build on. */
  private scopedQuery(metadata: EntityMetadata, condition: (alias: string) => [string, Record<string, unknown>]) {
    const scope = readScopeOf(metadata.target as Function);
    if (!scope) throw new NotPlanned(`${metadata.name} has no read scope`);
    const alias = this.alias();
    const query = this.input.manager.createQueryBuilder<ObjectLiteral>(metadata.target as Function, alias);
    query.where(...condition(alias));
    scope(query, this.input.viewer, alias);
    return { alias, query };
  }

  /** `(SELECT <row json> FROM <table> alias WHERE <condition> AND <read scope>)`. */
  private scopedRow(
    metadata: EntityMetadata,
    type: GraphQLObjectType,
    nodes: readonly FieldNode[],
    condition: (alias: string) => [string, Record<string, unknown>],
    repeated = false,
  ) {
    const { alias, query } = this.scopedQuery(metadata, condition);
    const row = this.rowJson(metadata, type, nodes, alias, undefined, repeated);
    return { sql: `(${this.embed(query, row.sql)})`, shape: row.shape };
  }

  /**
   * A referenced row as a `LEFT JOIN <table> alias ON <condition> AND <read scope>` after its
   * parent's list window (pushed onto `joins`), and its JSON, null where nothing joined. The
   * scalar subquery of {@link scopedRow} runs once per parent row (a message's author, 20 times
   * for a page of messages); the join lets PostgreSQL read the referenced table once for the page.
   * The statement is the one scopedRow builds, from the same read scope, turned into a join;
   * undefined (the subquery, then) when the scope brings joins, ordering or limits of its own.
   */
  private joinedRow(
    metadata: EntityMetadata,
    type: GraphQLObjectType,
    nodes: readonly FieldNode[],
    condition: (alias: string) => [string, Record<string, unknown>],
    joins: string[],
    repeated: boolean,
  ): { sql: string; shape: Shaper } | undefined {
    const { alias, query } = this.scopedQuery(metadata, condition);
    const map = query.expressionMap;
    const plain =
      map.joinAttributes.length === 0 &&
      Object.keys(map.orderBys).length === 0 &&
      map.groupBys.length === 0 &&
      map.havings.length === 0 &&
      map.limit === undefined &&
      map.offset === undefined &&
      map.take === undefined &&
      map.skip === undefined;
    // Checked before embedding, which numbers the parameters in: an unused one would have no type.
    const shape = new RegExp(`^SELECT 1 FROM ("[^"]+"(?:\\."[^"]+")? "${alias}") WHERE `);
    if (!plain || !shape.test(query.clone().select('1').getQuery())) return undefined;
    const statement = this.embed(query, '1');
    const [, from] = shape.exec(statement)!;
    joins.push(`LEFT JOIN ${from} ON ${statement.slice(statement.indexOf(' WHERE ') + ' WHERE '.length)}`);
    // After the push: the referenced row's own references join after it, and may use its alias.
    const row = this.rowJson(metadata, type, nodes, alias, joins, repeated);
    return { sql: `CASE WHEN ${alias}."id" IS NULL THEN NULL ELSE ${row.sql} END`, shape: row.shape };
  }

  private listSql(spec: ListSpec<ObjectLiteral, never>, field: GraphQLField<unknown, unknown>, node: FieldNode, nodes: readonly FieldNode[], parent: Parent) {
    const args = this.argumentsOf(field, node);
    for (const [name, value] of Object.entries(args)) {
      if (value === undefined || value === null) continue;
      if (['first', 'after', 'last', 'before'].includes(name)) continue;
      if (!spec.plannedArgs?.includes(name)) throw new NotPlanned(`argument ${field.name}(${name})`);
    }
    const keys: SortKey[] = [...spec.sort, { expression: `${spec.alias}.id`, direction: 'ASC' }];
    let window: PageWindow;
    try {
      window = pageWindow(args, spec.sort.length);
    } catch {
      throw new NotPlanned('arguments the resolvers refuse');
    }
    const connectionType = getNullableType(field.type);
    if (!isObjectType(connectionType)) throw new NotPlanned('a list that is not a connection');
    const selection = this.collectSub(connectionType, nodes);
    const nodeType = getNamedType(connectionType.getFields().nodes!.type) as GraphQLObjectType;
    const metadata = this.metadataOf(spec.entity);

    // What the connection's selection reads of its rows: the nodes (under `nodes` or `edges.node`), cursors, counts.
    const nodeSelections: FieldNode[] = [];
    let wantsTotal = false;
    // Cursors cost a text conversion of every sort key of every row: only when an edge or the page info shows one.
    let wantsCursors = false;
    for (const [, fieldNodes] of selection) {
      const name = fieldNodes[0]!.name.value;
      if (name === 'nodes') nodeSelections.push(...fieldNodes);
      if (name === 'totalCount') wantsTotal = true;
      if (name === 'pageInfo') wantsCursors = true;
      if (name === 'edges') {
        const edgeType = getNamedType(connectionType.getFields().edges!.type) as GraphQLObjectType;
        for (const [, edgeNodes] of this.collectSub(edgeType, fieldNodes)) {
          if (edgeNodes[0]!.name.value === 'node') nodeSelections.push(...edgeNodes);
          if (edgeNodes[0]!.name.value === 'cursor') wantsCursors = true;
        }
      }
    }
    const cursors = window.after !== undefined || window.before !== undefined;
    const backward = window.direction === 'backward';

    const base = (extra?: (query: SelectQueryBuilder<ObjectLiteral>) => void) => {
      const query = listQuery(this.input.manager, spec, args as never, this.input.viewer);
      if (spec.parent !== undefined) this.linkToParent(query, spec, parent);
      extra?.(query);
      return query;
    };
    const withKeyset = (query: SelectQueryBuilder<ObjectLiteral>) => {
      const values: Record<string, unknown> = {};
      let count = 0;
      const named = (value: unknown) => {
        const name = `keyset${count++}`;
        values[name] = value;
        return `:${name}`;
      };
      const conditions: string[] = [];
      const expression = (index: number) => keys[index]!.expression;
      if (window.after) conditions.push(keysetCondition(keys, window.after, 'after', named, expression));
      if (window.before) conditions.push(keysetCondition(keys, window.before, 'before', named, expression));
      if (conditions.length > 0) query.andWhere(conditions.join(' AND '), values);
    };

    const rows = this.alias();
    // One order for the window (reversed when paging backwards) and the same for the aggregate.
    const direction = (key: SortKey) => (backward === (key.direction === 'ASC') ? 'DESC' : 'ASC');
    const order = keys.map((key, index) => `"__s${index}" ${direction(key)}`).join(', ');
    const outerOrder = keys.map((key, index) => `${rows}."__s${index}" ${direction(key)}`).join(', ');
    const sortColumns = keys.map((key, index) => [key.expression, `__s${index}`] as const);
    const windowQuery = base(withKeyset);
    const inner = `${this.embed(windowQuery, `${spec.alias}.*`, sortColumns)} ORDER BY ${order} LIMIT ${window.limit + 1}`;

    const joins: string[] = [];
    const nodeRow = nodeSelections.length > 0 ? this.rowJson(metadata, nodeType, nodeSelections, rows, referenceJoins(parent, joins), true) : undefined;
    // An item is its node's row, or [its sort keys' texts, the row] when cursors are shown.
    const cursorTexts = `ARRAY[${keys.map((_, index) => `${rows}."__s${index}"::text`).join(', ')}]`;
    const item = wantsCursors ? `json_build_array(${cursorTexts}, ${nodeRow?.sql ?? 'NULL'})` : (nodeRow?.sql ?? '1');
    const total = wantsTotal || cursors ? `(${this.embed(base(), 'count(*)')})` : 'NULL';
    const remaining = cursors ? `(${this.embed(base(withKeyset), 'count(*)')})` : 'NULL';
    const sql = `json_build_array(${total}, ${remaining}, ${orderedArray(item, inner, rows, outerOrder, joins)})`;

    return {
      sql,
      shape: (raw: unknown) => {
        const [totalRaw, remainingRaw, items] = raw as [number | null, number | null, unknown[]];
        const total = totalRaw ?? 0;
        // Without cursors, the rows on the window's side are all of them: more than the limit iff the extra row came.
        const remaining = remainingRaw ?? (cursors ? 0 : items.length > window.limit ? window.limit + 1 : items.length);
        const page = windowPage(window, cursors ? total : remaining, remaining, items);
        const cursorsOf = wantsCursors ? page.rows.map((item) => encodeCursor((item as [string[], unknown])[0])) : [];
        const nodesOf = nodeRow ? page.rows.map((item) => nodeRow.shape(wantsCursors ? (item as [string[], unknown])[1] : item)) : [];
        const connection = {
          totalCount: total,
          pageInfo: {
            hasNextPage: page.hasNextPage,
            hasPreviousPage: page.hasPreviousPage,
            startCursor: cursorsOf[0] ?? null,
            endCursor: cursorsOf[cursorsOf.length - 1] ?? null,
          },
        };
        return this.shapeConnection(connectionType, selection, connection, cursorsOf, nodesOf);
      },
    };
  }

  /** A list's first row (or null), or all its rows as a plain list, in the list's order. */
  private rowsSql(
    mode: 'first' | 'all',
    spec: ListSpec<ObjectLiteral, never>,
    field: GraphQLField<unknown, unknown>,
    nodes: readonly FieldNode[],
    parent: Parent,
  ) {
    if (Object.keys(field.args).length > 0) throw new NotPlanned(`${field.name} takes arguments`);
    const nodeType = getNamedType(field.type);
    if (!isObjectType(nodeType)) throw new NotPlanned(`${field.name} is not a list of objects`);
    const metadata = this.metadataOf(spec.entity);
    const keys: SortKey[] = [...spec.sort, { expression: `${spec.alias}.id`, direction: 'ASC' }];
    const query = listQuery(this.input.manager, spec, {} as never, this.input.viewer);
    if (spec.parent !== undefined) this.linkToParent(query, spec, parent);
    const rows = this.alias();
    const order = keys.map((key, index) => `"__s${index}" ${key.direction}`).join(', ');
    const outerOrder = keys.map((key, index) => `${rows}."__s${index}" ${key.direction}`).join(', ');
    const sortColumns = keys.map((key, index) => [key.expression, `__s${index}`] as const);
    const inner = `${this.embed(query, `${spec.alias}.*`, sortColumns)} ORDER BY ${order}${mode === 'first' ? ' LIMIT 1' : ''}`;
    const joins: string[] = [];
    const row = this.rowJson(metadata, nodeType, nodes, rows, referenceJoins(parent, joins), true);
    const nonNull = field.type instanceof GraphQLNonNull;
    if (mode === 'first') {
      return {
        sql: `(SELECT ${row.sql} FROM (${inner}) ${rows}${joins.map((join) => ` ${join}`).join('')})`,
        shape: (raw: unknown) => {
          if (raw === null || raw === undefined) {
            if (nonNull) throw new Fallback(`${field.name} is null`);
            return null;
          }
          return row.shape(raw);
        },
      };
    }
    return {
      sql: orderedArray(row.sql, inner, rows, outerOrder, joins),
      shape: (raw: unknown) => (raw as unknown[]).map((item) => row.shape(item)),
    };
  }

  /** Ties a list's rows to their parent: the parent row's key column, or the value's key as a parameter. */
  private linkToParent(query: SelectQueryBuilder<ObjectLiteral>, spec: ListSpec<ObjectLiteral, never>, parent: Parent): void {
    const key = spec.parentKey ?? 'id';
    if (parent.kind === 'row') query.andWhere(`${spec.parent} = ${parent.alias}."${columnOf(parent.metadata, key).databaseName}"`);
    else query.andWhere(`${spec.parent} = :listParentKey`, { listParentKey: (parent.value as Record<string, unknown>)[key] });
  }

  /** The condition an entity's read scope puts on rows at `alias` (its parameters renumbered into the statement's). */
  private readScopeCondition(entity: Function, alias: string): string {
    const scope = readScopeOf(entity);
    if (!scope) throw new NotPlanned(`${entity.name} has no read scope`);
    const query = this.input.manager.createQueryBuilder(entity, alias).where('TRUE');
    scope(query, this.input.viewer, alias);
    const statement = this.embed(query, '1');
    const where = statement.indexOf(' WHERE ');
    if (where < 0) throw new NotPlanned('unexpected scope shape');
    return `(${statement.slice(where + ' WHERE '.length)})`;
  }

  private connectionShapers = new WeakMap<object, unknown>();

  /** The connection object in the selection's order: counts and page info read as values, nodes already shaped. */
  private shapeConnection(
    type: GraphQLObjectType,
    selection: Map<string, readonly FieldNode[]>,
    connection: { totalCount: number; pageInfo: object },
    cursors: string[],
    nodes: unknown[],
  ): Record<string, unknown> {
    let plan = this.connectionShapers.get(selection) as Array<[string, (c: typeof connection, cursors: string[], nodes: unknown[]) => unknown]> | undefined;
    if (!plan) {
      plan = [];
      for (const [key, fieldNodes] of selection) {
        const name = fieldNodes[0]!.name.value;
        const field = type.getFields()[name];
        if (name === '__typename') plan.push([key, () => type.name]);
        else if (name === 'nodes') plan.push([key, (_c, _k, shaped) => shaped]);
        else if (name === 'totalCount') plan.push([key, (c) => c.totalCount]);
        else if (name === 'pageInfo') {
          const complete = this.completeValue(field!.type, fieldNodes, undefined);
          plan.push([key, (c) => complete(c.pageInfo)]);
        } else if (name === 'edges') {
          const edgeType = getNamedType(field!.type) as GraphQLObjectType;
          const edgeFields = [...this.collectSub(edgeType, fieldNodes)].map(([edgeKey, edgeNodes]) => [edgeKey, edgeNodes[0]!.name.value] as const);
          plan.push([
            key,
            (_c, cursorList, shaped) =>
              shaped.map((node, index) => {
                const edge: Record<string, unknown> = {};
                for (const [edgeKey, edgeName] of edgeFields) {
                  edge[edgeKey] = edgeName === 'node' ? node : edgeName === 'cursor' ? cursorList[index] : edgeType.name;
                }
                return edge;
              }),
          ]);
        } else throw new NotPlanned(`connection field ${name}`);
      }
      this.connectionShapers.set(selection, plan);
    }
    const result: Record<string, unknown> = {};
    for (const [key, part] of plan) result[key] = part(connection, cursors, nodes);
    return result;
  }

  // ── Rows ──────────────────────────────────────────────────────────────────────────────────

  /**
   * A row of `metadata` at `alias` as JSON: its columns (in the form node-postgres would have
   * read them, so TypeORM hydrates the same entity), then the SQL of each planned field.
   */
  private rowJson(
    metadata: EntityMetadata,
    type: GraphQLObjectType,
    nodes: readonly FieldNode[],
    alias: string,
    joins: string[] | undefined,
    repeated: boolean,
  ): { sql: string; shape: Shaper } {
    const entityType = this.objectTypeOfEntity(metadata);
    if (entityType !== type) throw new NotPlanned(`${type.name} is not ${metadata.name}'s type`);
    const allColumns = columnsOf(metadata);
    const parent: Parent = joins ? { kind: 'row', alias, metadata, joins, repeated } : { kind: 'row', alias, metadata, repeated };
    // The columns this selection reads: plain fields' own and what getters and computed fields declare
    // (a reference's key or a list's parent link is read from the row inside the statement).
    const reads = new Set<string>();
    let readsAll = false;
    const read = (properties: readonly string[] | undefined) => {
      if (properties === undefined) readsAll = true;
      else for (const property of properties) reads.add(property);
    };
    const expressions: string[] = [''];
    const parts: Array<[string, (entity: object, raw: unknown[]) => unknown]> = [];
    for (const { key, name, field, fieldNodes } of this.selectedFields(type, nodes)) {
      if (!field) {
        parts.push([key, () => type.name]);
        continue;
      }
      const plan = plannedField(type.name, name);
      if (plan) {
        if (plan.kind === 'computed' || plan.kind === 'derived') read(plan.reads);
        const planned = this.plannedFieldSql(plan, type, field, fieldNodes, parent);
        if (planned.sql === null) {
          parts.push([key, (entity) => planned.shape(null, entity)]);
        } else {
          const index = expressions.push(planned.sql) - 1;
          parts.push([key, (entity, raw) => planned.shape(raw[index], entity)]);
        }
        continue;
      }
      const plain = this.plainField(type, name, field, fieldNodes);
      read(metadata.findColumnWithPropertyName(plain.property) ? [plain.property] : readsOfGetter(type.name, plain.property));
      parts.push([key, plain.part]);
    }
    if (expressions.length > maxArrayArguments) throw new NotPlanned('too many fields');
    const columns = readsAll ? allColumns : allColumns.filter((column) => reads.has(column.propertyName));
    // One text array for the columns: PostgreSQL converts each value with its type's output function
    // once, where json_build_array looks up every argument's type on every call. An empty ARRAY[]
    // would stop `array(SELECT …)` from stacking rows, hence the NULL.
    expressions[0] = columns.length > 0 ? `ARRAY[${columns.map((column) => columnText(alias, column)).join(', ')}]` : `ARRAY[NULL::text]`;
    const hydrate = hydrator(this.input.manager, metadata, columns);
    // A row without planned fields is its columns' array alone; otherwise [columns, field, …].
    const leaf = expressions.length === 1;
    return {
      sql: leaf ? expressions[0] : `json_build_array(${expressions.join(', ')})`,
      shape: (raw) => {
        const values = leaf ? [raw] : (raw as unknown[]);
        const entity = hydrate(values[0] as Array<string | null>);
        const result: Record<string, unknown> = {};
        for (const [key, part] of parts) result[key] = part(entity, values);
        return result;
      },
    };
  }

  // ── Helpers ───────────────────────────────────────────────────────────────────────────────

  private parameter(value: unknown): string {
    this.parameters.push(value);
    return `$${this.parameters.length}`;
  }

  private alias(): string {
    this.aliases += 1;
    return `p${this.aliases}`;
  }

  /**
   * A query builder's statement with `selectList` as its selection and its parameters renumbered
   * into this statement's. The selection is put in after renumbering, since it may hold nested
   * statements whose parameters are numbered already.
   */
  private embed(query: SelectQueryBuilder<ObjectLiteral>, selectList: string, columns: ReadonlyArray<readonly [string, string]> = []): string {
    // Named columns (sort keys) go through the builder, which binds the parameters they may use (a viewer's skills).
    const selection = query.clone().select('__read_plan_selection__');
    for (const [expression, name] of columns) selection.addSelect(expression, name);
    const [sql, parameters] = selection.getQueryAndParameters();
    const renumbered = sql.replace(/\$(\d+)/g, (_, index: string) => this.parameter(parameters[Number(index) - 1]));
    // The builder may order the selection its own way; the placeholder stands wherever it put it.
    const sentinel = '__read_plan_selection__';
    const at = renumbered.indexOf(sentinel);
    if (at < 0 || renumbered.indexOf(sentinel, at + 1) >= 0) throw new NotPlanned('unexpected query shape');
    return renumbered.slice(0, at) + selectList + renumbered.slice(at + sentinel.length);
  }

  private argumentsOf(field: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> {
    try {
      return getArgumentValues(field, node, this.input.variables);
    } catch {
      throw new NotPlanned('arguments');
    }
  }

  private collect(type: GraphQLObjectType, selectionSet: OperationDefinitionNode['selectionSet']) {
    return collectFields(this.input.schema, this.input.fragments, this.input.variables, type, selectionSet);
  }

  private collectSub(type: GraphQLObjectType, nodes: readonly FieldNode[]) {
    return collectSubfields(this.input.schema, this.input.fragments, this.input.variables, type, nodes);
  }

  private metadataOf(entity: Function): EntityMetadata {
    const connection = this.input.manager.connection;
    if (!connection.hasMetadata(entity)) throw new NotPlanned(`${entity.name} is not an entity`);
    return connection.getMetadata(entity);
  }

  private objectTypeOf(name: string): GraphQLObjectType {
    const type = this.input.schema.getType(name);
    if (!isObjectType(type)) throw new NotPlanned(`${name} is not an object type`);
    return type;
  }

  private objectTypeOfEntity(metadata: EntityMetadata): GraphQLObjectType {
    const name = graphQLTypeNameOf(metadata.target as Function);
    if (!name) throw new NotPlanned(`${metadata.name} has no GraphQL type`);
    return this.objectTypeOf(name);
  }
}

// ── Metadata, read once per process ─────────────────────────────────────────────────────────

const typeNames = new Map<Function, string | undefined>();

function graphQLTypeNameOf(target: Function): string | undefined {
  if (!typeNames.has(target)) {
    typeNames.set(target, getMetadataStorage().objectTypes.find((type) => type.target === target)?.name);
  }
  return typeNames.get(target);
}

let fieldIndex: { resolvers: Set<string>; properties: Map<string, string> } | undefined;

/**
 * Which GraphQL fields have a resolver of their own (a `@FieldResolver`), and which property a
 * plain field reads (`Node.id` reads the `globalId` getter), by `Type.field`, from TypeGraphQL's
 * metadata: the same facts the schema was built from.
 */
function fields() {
  if (!fieldIndex) {
    const storage = getMetadataStorage();
    const resolvers = new Set<string>();
    const properties = new Map<string, string>();
    const typeNameOfClass = (target: Function) =>
      storage.objectTypes.find((type) => type.target === target)?.name ?? storage.interfaceTypes.find((type) => type.target === target)?.name;
    for (const resolver of storage.fieldResolvers) {
      // `internal` ones are the type's own getters and methods, read like any property (a method is refused when read).
      if (resolver.kind !== 'external') continue;
      const target = resolver.getObjectType?.();
      const name = target ? typeNameOfClass(target) : undefined;
      if (name) resolvers.add(`${name}.${resolver.schemaName}`);
      // A resolver declared on an interface resolves the field of every type implementing it.
      for (const objectType of storage.objectTypes) {
        if (target && objectType.interfaceClasses?.includes(target)) resolvers.add(`${objectType.name}.${resolver.schemaName}`);
      }
    }
    for (const objectType of storage.objectTypes) {
      // A type's fields include those declared on the classes it extends (Node's `id`).
      for (
        let target: Function | null = objectType.target;
        target && target !== Object && target !== Function.prototype;
        target = Object.getPrototypeOf(target) as Function | null
      ) {
        for (const field of storage.fields.filter((candidate) => candidate.target === target)) {
          const key = `${objectType.name}.${field.schemaName}`;
          if (!properties.has(key)) properties.set(key, field.name);
          // A method with arguments, a middleware or an authorization rule: only its resolver says what it answers.
          if ((field.params?.length ?? 0) > 0 || (field.middlewares?.length ?? 0) > 0 || (field.roles?.length ?? 0) > 0) resolvers.add(key);
        }
      }
    }
    fieldIndex = { resolvers, properties };
  }
  return fieldIndex;
}

function hasResolver(typeName: string, fieldName: string): boolean {
  return fields().resolvers.has(`${typeName}.${fieldName}`);
}

function propertyOf(typeName: string, fieldName: string): string {
  const property = fields().properties.get(`${typeName}.${fieldName}`);
  if (property === undefined) throw new NotPlanned(`${typeName}.${fieldName} is not a known field`);
  return property;
}

const columnLists = new WeakMap<EntityMetadata, ColumnMetadata[]>();

/** The columns a plain read of the entity loads (as rowsById does: not a relation's own property). */
function columnsOf(metadata: EntityMetadata): ColumnMetadata[] {
  let columns = columnLists.get(metadata);
  if (!columns) {
    if (metadata.embeddeds.length > 0) throw new NotPlanned(`${metadata.name} has embedded columns`);
    columns = metadata.columns.filter((column) => !(column.relationMetadata && column.propertyName === column.relationMetadata.propertyName));
    columnLists.set(metadata, columns);
  }
  return columns;
}

function columnOf(metadata: EntityMetadata, propertyName: string): ColumnMetadata {
  const column = metadata.findColumnWithPropertyName(propertyName);
  if (!column) throw new NotPlanned(`${metadata.name}.${propertyName} is not a column`);
  return column;
}

/**
 * How a column's text becomes the value node-postgres would have read: the type parser it uses
 * for that type, or null where node-postgres hands over the text itself (bigint and numeric
 * included, which TypeORM's transformers parse).
 */
const textParsers: Record<string, number | null> = {
  uuid: null,
  text: null,
  varchar: null,
  'character varying': null,
  char: null,
  character: null,
  enum: null,
  integer: pg.types.builtins.INT4,
  int: pg.types.builtins.INT4,
  int4: pg.types.builtins.INT4,
  smallint: pg.types.builtins.INT2,
  int2: pg.types.builtins.INT2,
  boolean: pg.types.builtins.BOOL,
  bool: pg.types.builtins.BOOL,
  'double precision': pg.types.builtins.FLOAT8,
  float8: pg.types.builtins.FLOAT8,
  real: pg.types.builtins.FLOAT4,
  float4: pg.types.builtins.FLOAT4,
  json: pg.types.builtins.JSON,
  jsonb: pg.types.builtins.JSONB,
  bigint: null,
  int8: null,
  numeric: null,
  decimal: null,
  timestamp: pg.types.builtins.TIMESTAMP,
  'timestamp without time zone': pg.types.builtins.TIMESTAMP,
  date: pg.types.builtins.DATE,
};

/**
 * Instants travel as whole milliseconds since the epoch, rounded down: the very Date node-postgres
 * makes of their text (it drops the microseconds the same way), without parsing a string per value.
 */
const epochTypes = new Set(['timestamptz', 'timestamp with time zone']);

/**
 * Types PostgresDriver.prepareHydratedValue returns unchanged (without a transformer, not arrays):
 * its branches convert Boolean, strings of dates and times, enums of numbers and a few exotic
 * types only. An instant arrives here as a Date already, which it hands back as it is.
 */
const unconvertedTypes = new Set([
  'uuid',
  'text',
  'varchar',
  'character varying',
  'char',
  'character',
  'integer',
  'int',
  'int4',
  'json',
  'jsonb',
  'boolean',
  'bool',
  ...epochTypes,
]);
/** Integers that TypeORM reads as text (a transformer makes them numbers); no branch of its own converts them. */
const integerTextTypes = new Set(['bigint', 'int8', 'numeric', 'decimal']);

/** Whether PostgresDriver.prepareHydratedValue leaves the column's value to its transformer alone. */
function passesUnconverted(column: ColumnMetadata): boolean {
  if (column.isArray || typeof column.type !== 'string') return false;
  if (unconvertedTypes.has(column.type) || integerTextTypes.has(column.type)) return true;
  // A text-valued enum: only members that are numbers would be turned into numbers.
  return column.type === 'enum' && (column.enum ?? []).every((member) => typeof member === 'string');
}

/** Arrays whose text node-postgres parses (by the array type's OID). */
const arrayParsers: Record<string, number> = { text: 1009, uuid: 2951, integer: 1007, int4: 1007 };

type ColumnKind = { kind: 'epoch' } | { kind: 'text'; parse: ((text: string) => unknown) | null };

function columnKind(column: ColumnMetadata): ColumnKind {
  const type = typeof column.type === 'string' ? column.type : '';
  const parser = (oid: number) => pg.types.getTypeParser(oid, 'text') as (text: string) => unknown;
  if (column.isArray) {
    // An array of enum values reaches TypeORM as PostgreSQL's array text ('{A,B}'), which it parses itself.
    if (type === 'enum') return { kind: 'text', parse: null };
    const oid = arrayParsers[type];
    if (oid === undefined) throw new NotPlanned(`${column.propertyName}: arrays of ${type}`);
    return { kind: 'text', parse: parser(oid) };
  }
  if (epochTypes.has(type)) return { kind: 'epoch' };
  const known = textParsers[type];
  if (known === undefined) throw new NotPlanned(`${column.propertyName}: columns of type ${type || 'unknown'}`);
  return { kind: 'text', parse: known === null ? null : parser(known) };
}

function columnText(alias: string, column: ColumnMetadata): string {
  const name = `${alias}."${column.databaseName}"`;
  return columnKind(column).kind === 'epoch' ? `floor(extract(epoch FROM ${name}) * 1000)::bigint::text` : `${name}::text`;
}

/**
 * Where a list's rows may join the rows they reference: after its window when the list runs once. A
 * list under another list's row is a subquery PostgreSQL runs again for each of those rows, and
 * there a join is hashed and its result sorted anew each time; a scalar subquery per reference (one
 * primary-key lookup) costs less. Measured on the bench's dashboard (126 milestones' histories, each
 * naming its actors): 8 % less PostgreSQL CPU for the statement.
 */
function referenceJoins(parent: Parent, joins: string[]): string[] | undefined {
  return parent.kind === 'row' && parent.repeated ? undefined : joins;
}

/**
 * A list's rows in their order: an array, which keeps the order of its subquery (json_agg's ORDER BY
 * sorts again). `joins` bring the rows they reference (each joins at most one row: by primary key).
 */
function orderedArray(item: string, inner: string, alias: string, order: string, joins: readonly string[] = []): string {
  return `array(SELECT ${item} FROM (${inner}) ${alias}${joins.map((join) => ` ${join}`).join('')} ORDER BY ${order})`;
}

/** Builds the entity from the row's column values, through TypeORM's own conversions (as `rowsById` does). */
function hydrator(manager: EntityManager, metadata: EntityMetadata, columns: ColumnMetadata[]): (values: Array<string | null>) => object {
  const driver = manager.connection.driver;
  const parsers = columns.map((column): ((text: string) => unknown) | null => {
    const kind = columnKind(column);
    return kind.kind === 'epoch' ? (text) => new Date(Number(text)) : kind.parse;
  });
  // Where TypeORM's conversion would hand the value to the column's transformer as it is (or back
  // unchanged), its chain of type checks is not run for every value.
  const converters = columns.map((column): ((value: unknown) => unknown) | null => {
    if (!passesUnconverted(column)) return (value): unknown => driver.prepareHydratedValue(value, column) as unknown;
    const transformer = column.transformer;
    return transformer ? (value): unknown => ApplyValueTransformers.transformFrom(transformer, value) as unknown : null;
  });
  const properties = columns.map((column) => column.propertyName);
  return (values) => {
    const instance = metadata.create(undefined, { fromDeserializer: true }) as Record<string, unknown>;
    for (let index = 0; index < columns.length; index++) {
      const text = values[index] ?? null;
      const parse = parsers[index];
      const value = text === null || !parse ? text : parse(text);
      const convert = converters[index];
      instance[properties[index]!] = convert ? convert(value) : value;
    }
    return instance;
  };
}
