import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput } from '../errors/domain-error.js';
import { joinedRows } from '../db/rows-by-id.js';
import type { EntityClass } from './loaders.js';

/** Relay connection arguments; `first`/`last` are 1–100, forward paging is the default. */
@ArgsType()
export class ConnectionArgs {
  // 1–100: assertPageSize, run for every connection field by the request gate (gate.ts).
  @Field(() => Int, { nullable: true, description: 'Page forwards: at most this many (1–100).' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Start after this cursor.' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: 'Page backwards: at most this many (1–100).' })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'End before this cursor.' })
  before?: string | null;
}

export const defaultPageSize = 20;
export const maxPageSize = 100;

@ObjectType({ description: 'Where a page sits in its list (Relay).' })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Declares `<Name>Connection` and `<Name>Edge` for a node type. */
export function connectionType<T extends object>(nodeType: ClassType<T>, name = nodeType.name): ClassType<Connection<T>> {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with the cursor to page on from it.` })
  class EdgeType {
    @Field(() => nodeType)
    node: T;

    @Field({ description: 'Pass as `after` or `before` to page from here.' })
    cursor: string;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} (Relay connection).` })
  class ConnectionType {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => [nodeType], { description: 'The nodes of `edges`, for when cursors are not needed.' })
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'How many there are in all, across every page.' })
    totalCount: number;
  }

  return ConnectionType;
}

export type SortDirection = 'ASC' | 'DESC';

export interface SortKey {
  /** An SQL expression over the query's aliases; it must not be NULL (wrap it in COALESCE). */
  expression: string;
  direction: SortDirection;
}

export interface PageQuery {
  /** Filters and joins. Its selection is replaced; its alias's `id` is the tie-breaker. */
  query: SelectQueryBuilder<ObjectLiteral>;
  sort: SortKey[];
  /** For batched loading: the expression naming each row's parent (for example `m.contract_id`). */
  partitionBy?: string;
}

export interface PageWindow {
  direction: 'forward' | 'backward';
  limit: number;
  after?: string[];
  before?: string[];
}

/** The rows of one page as ids, before the entities are loaded. */
export interface IdPage {
  ids: string[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
}

export const emptyPage: IdPage = { ids: [], cursors: [], hasNextPage: false, hasPreviousPage: false, totalCount: 0 };

/** The one rule of connection arguments, checked for every connection field by the request gate (gate.ts). */
export function assertPageSize(args: ConnectionArgs): void {
  for (const field of ['first', 'last'] as const) {
    const size = args[field];
    if (size != null && (size < 1 || size > maxPageSize)) throw badInput(field, `\`${field}\` must be between 1 and ${maxPageSize}.`);
  }
}

/** Validates the arguments and decodes the cursors; `sortLength` is the number of sort keys. */
export function pageWindow(args: ConnectionArgs, sortLength: number): PageWindow {
  // The gate refuses these before execution (gate.ts); this holds for any caller that bypasses it.
  assertPageSize(args);
  if (args.first != null && args.last != null) {
    throw badInput('last', 'Pass either `first` or `last`, not both.');
  }
  const after = args.after == null ? undefined : decodeCursor(args.after, sortLength, 'after');
  const before = args.before == null ? undefined : decodeCursor(args.before, sortLength, 'before');
  if (args.last != null) return { direction: 'backward', limit: args.last, after, before };
  return { direction: 'forward', limit: args.first ?? defaultPageSize, after, before };
}

export function encodeCursor(values: string[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, sortLength: number, field: string): string[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === sortLength + 1 && values.every((v) => typeof v === 'string')) {
      return values;
    }
  } catch {
    // Falls through to the error below: a cursor is opaque, so any decoding failure is the same mistake.
  }
  throw badInput(field, `\`${field}\` is not a cursor from this list. Use a cursor returned by the same field.`);
}

/**
 * Reads one page per partition in a single statement. Keyset pagination over the sort keys and
 * the id (so pages stay stable while rows are added), with window functions computing
 * `totalCount` and both `hasNextPage` and `hasPreviousPage` exactly.
 */
export async function fetchPages<T extends ObjectLiteral>(
  manager: EntityManager,
  { query, sort, partitionBy }: PageQuery,
  window: PageWindow,
  entity: EntityClass<T>,
): Promise<Map<string, IdPage & { nodes: Array<T | null> }>> {
  const alias = query.alias;
  const keys = [...sort, { expression: `${alias}.id`, direction: 'ASC' as const }];
  const base = query
    .clone()
    .select(partitionBy ? `(${partitionBy})::text` : `''`, 'p')
    .orderBy();
  keys.forEach((key, index) => base.addSelect(key.expression, `s${index}`));
  const [baseSql, baseParameters] = base.getQueryAndParameters();

  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- TypeORM types query parameters as `any[]`
  const parameters: unknown[] = [...baseParameters];
  const parameter = (value: unknown) => {
    parameters.push(value);
    return `$${parameters.length}`;
  };
  const conditions: string[] = [];
  if (window.after) conditions.push(keysetCondition(keys, window.after, 'after', parameter));
  if (window.before) conditions.push(keysetCondition(keys, window.before, 'before', parameter));
  const backward = window.direction === 'backward';
  const order = keys.map((key, index) => `"s${index}" ${backward === (key.direction === 'ASC') ? 'DESC' : 'ASC'}`).join(', ');
  const cursorColumns = keys.map((_, index) => `"s${index}"::text AS "c${index}"`).join(', ');
  // The rows themselves come with the page: one statement per connection, not two.
  const rowsOf = joinedRows(manager, entity, 'e', 'e_');

  const sql = `
    WITH base AS (${baseSql}),
    totals AS (SELECT "p", count(*) AS "total" FROM base GROUP BY "p"),
    windowed AS (
      SELECT base.*, count(*) OVER (PARTITION BY "p") AS "remaining",
             row_number() OVER (PARTITION BY "p" ORDER BY ${order}) AS "rn"
      FROM base ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
    )
    SELECT t."p", t."total", w."remaining", w."rn", ${cursorColumns.replaceAll('"s', 'w."s')}, ${rowsOf.select}
    FROM totals t LEFT JOIN windowed w ON w."p" = t."p" AND w."rn" <= ${parameter(window.limit + 1)}
    LEFT JOIN ${rowsOf.table} e ON e."id" = w."s${keys.length - 1}"
    ORDER BY t."p", w."rn"`;
  const rows: PageRow[] = await manager.query(sql, parameters);

  const pages = new Map<string, IdPage & { nodes: Array<T | null> }>();
  const grouped = new Map<string, { total: number; rows: PageRow[] }>();
  for (const row of rows) {
    const group = grouped.get(row.p) ?? { total: Number(row.total), rows: [] };
    grouped.set(row.p, group);
    if (row.rn !== null) group.rows.push(row);
  }
  for (const [partition, { total, rows: group }] of grouped) {
    const remaining = Number(group[0]?.remaining ?? 0);
    const page = windowPage(window, total, remaining, group);
    pages.set(partition, {
      ids: page.rows.map((row) => row[`c${keys.length - 1}`] as string),
      nodes: page.rows.map((row) => rowsOf.read(row)),
      cursors: page.rows.map((row) => encodeCursor(keys.map((_, index) => row[`c${index}`] as string))),
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      totalCount: total,
    });
  }
  return pages;
}

/**
 * One page from the rows a window query found, in the window's order (up to `limit + 1` of them,
 * the extra one telling that more follow): the visible rows in list order and whether rows lie
 * beyond either end. `total` counts the list, `remaining` the rows on the window's side of its
 * cursors. The resolvers' page queries and the read planner both answer through this.
 */
export function windowPage<R>(
  window: PageWindow,
  total: number,
  remaining: number,
  rows: readonly R[],
): { rows: R[]; hasNextPage: boolean; hasPreviousPage: boolean } {
  const backward = window.direction === 'backward';
  const visible = rows.slice(0, window.limit);
  if (backward) visible.reverse();
  const more = remaining > window.limit;
  // Rows exist on the other side of the cursors when the filtered count is below the total.
  const outside = total > remaining && (window.after !== undefined || window.before !== undefined);
  return {
    rows: visible,
    hasNextPage: backward ? outside && window.before !== undefined : more,
    hasPreviousPage: backward ? more : outside && window.after !== undefined,
  };
}

interface PageRow extends Record<string, unknown> {
  p: string;
  total: string;
  remaining: string | null;
  rn: string | null;
  [cursorColumn: `c${number}`]: string | null;
}

/**
 * `(s0, s1, …) > (v0, v1, …)` in the sort order of each key, spelled out because directions
 * may differ per key. Cursor values are bound as text and PostgreSQL casts them to the column
 * type, so timestamps keep their microseconds.
 */
export function keysetCondition(
  keys: SortKey[],
  values: string[],
  side: 'after' | 'before',
  parameter: (value: unknown) => string,
  columnOf: (index: number) => string = (index) => `"s${index}"`,
): string {
  const clauses: string[] = [];
  for (let index = keys.length - 1; index >= 0; index -= 1) {
    const key = keys[index]!;
    const forwardOperator = key.direction === 'ASC' ? '>' : '<';
    const operator = side === 'after' ? forwardOperator : forwardOperator === '>' ? '<' : '>';
    const column = columnOf(index);
    const value = parameter(values[index]);
    const inner = clauses.length === 0 ? '' : ` OR (${column} = ${value} AND ${clauses[clauses.length - 1]})`;
    clauses.push(`(${column} ${operator} ${value}${inner})`);
  }
  return clauses[clauses.length - 1]!;
}

/** Assembles the connection from an id page and the loaded nodes (in the same order). */
export function toConnection<T>(page: IdPage, nodes: Array<T | null | undefined | Error>): Connection<T> {
  const edges: Edge<T>[] = [];
  nodes.forEach((node, index) => {
    if (node && !(node instanceof Error)) edges.push({ node, cursor: page.cursors[index]! });
  });
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: page.totalCount,
  };
}

export const emptyConnection = <T>(): Connection<T> => toConnection<T>(emptyPage, []);
