import { createHash } from 'node:crypto';
import {
  getVariableValues,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Logger } from 'pino';
import { isDatabaseUnavailable, isPoolSaturated } from '../../db/failures.js';
import { parseGlobalId } from '../../graphql/global-id.js';
import { managerOf, type Context } from '../context.js';
import { nodeTypes } from '../node.service.js';
import { compileRead, Fallback, NotPlanned, type CompiledRead } from './compile.js';
import { planGetter, planRoot } from './registry.js';

const maxPlansPerDocument = 200;
const maxPreparedStatements = 100;
const maxRememberedStatements = 10_000;

// `node(id)`: the row behind a global ID of a Node type, through its read scope.
planRoot('node', (args) => {
  const decoded = typeof args.id === 'string' ? parseGlobalId(args.id) : undefined;
  const entity = decoded && nodeTypes.get(decoded.typename);
  return decoded && entity ? { kind: 'row', entity, typeName: decoded.typename, id: decoded.id } : undefined;
});

/**
 * Answers the queries it can plan from one SQL statement (see compile.ts) and leaves every other
 * operation to graphql-js. It runs after the request gate has admitted the operation (rate,
 * size, trust, validation, depth, cost, page sizes), so every limit holds on both paths. Plans
 * are cached per document, by operation, variables and the viewer facts the scopes read; a
 * document it cannot plan is remembered as such, so the resolvers' path pays nothing for it.
 */
export class ReadPlanner {
  private readonly plans = new WeakMap<OperationDefinitionNode, Map<string, CompiledRead | null>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly log: Logger,
  ) {}

  /**
   * The answer's `data`, or undefined when graphql-js should run the operation. `operation` is the
   * one Apollo resolved from the request's `operationName`: none (an unknown name) is for graphql-js
   * to refuse.
   */
  async read(
    document: DocumentNode,
    operation: OperationDefinitionNode | undefined,
    rawVariables: Record<string, unknown> | undefined,
    context: Context,
  ): Promise<Record<string, unknown> | undefined> {
    const viewer = context.viewer;
    if (!viewer || !operation || operation.operation !== OperationTypeNode.QUERY) return undefined;
    const operationName = operation.name?.value;
    let plan: CompiledRead | null | undefined;
    try {
      // Only the variables the operation declares: the others are ignored by both paths, however deep.
      const variables = (operation.variableDefinitions ?? []).map((definition) => rawVariables?.[definition.variable.name.value] ?? null);
      const key = `${viewer.id}\n${viewer.role}\n${viewer.organizationId ?? ''}\n${JSON.stringify(variables)}`;
      let byKey = this.plans.get(operation);
      if (!byKey) this.plans.set(operation, (byKey = new Map<string, CompiledRead | null>()));
      plan = byKey.get(key);
      if (plan === undefined) {
        plan = this.compile(document, operation, rawVariables, context);
        if (byKey.size >= maxPlansPerDocument) byKey.delete(byKey.keys().next().value!);
        byKey.set(key, plan);
      }
    } catch (error) {
      // Variables too deep to key, say: the resolvers answer, with their own checks.
      this.log.debug({ err: error, operationName }, 'not planned');
      return undefined;
    }
    if (plan === null) return undefined;
    let rows: Array<{ r: unknown[] }> = [{ r: [] }];
    try {
      if (plan.sql !== null) rows = await this.query(context, plan.sql, plan.parameters);
    } catch (error) {
      // The resolvers meet the same database and answer for it (SERVICE_UNAVAILABLE, OVERLOADED);
      // anything else is the planner's own mistake, worth a warning, never the user's problem.
      if (!isDatabaseUnavailable(error) && !isPoolSaturated(error)) this.log.warn({ err: error, operationName }, 'read plan failed; answered by the resolvers');
      return undefined;
    }
    try {
      return plan.shape(rows[0]!.r, viewer);
    } catch (error) {
      if (error instanceof Fallback) return undefined;
      this.log.warn({ err: error, operationName }, 'read plan could not shape its answer; answered by the resolvers');
      return undefined;
    }
  }

  /**
   * Runs a plan's statement on the request's connection. A statement sent again and again (the
   * dashboard's, the same for every request of a viewer kind and shape) is prepared once per
   * connection under a name, so PostgreSQL does not plan a large statement on every request (it
   * took it 3–8 ms to plan the dashboard's, about as long as running it). At most
   * {@link maxPreparedStatements} are named per process, the first ones seen twice: a tool
   * sending endless new shapes cannot fill the connections' memory with prepared statements.
   */
  private async query(context: Context, sql: string, parameters: unknown[]): Promise<Array<{ r: unknown[] }>> {
    const manager = managerOf(context);
    const runner = manager.queryRunner;
    let name = this.preparedNames.get(sql);
    if (name === undefined && runner && !runner.isReleased) {
      const seen = this.seenStatements.get(sql) ?? 0;
      if (seen >= 1 && this.preparedNames.size < maxPreparedStatements) {
        name = `read_plan_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
        this.preparedNames.set(sql, name);
      } else if (this.seenStatements.size < maxRememberedStatements) {
        this.seenStatements.set(sql, seen + 1);
      }
    }
    if (name === undefined || !runner || runner.isReleased) return manager.query(sql, parameters);
    manager.connection.logger.logQuery(sql, parameters, runner);
    const client = (await runner.connect()) as { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Array<{ r: unknown[] }> }> };
    return (await client.query({ name, text: sql, values: parameters })).rows;
  }

  private readonly preparedNames = new Map<string, string>();
  private readonly seenStatements = new Map<string, number>();

  private compile(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    rawVariables: Record<string, unknown> | undefined,
    context: Context,
  ): CompiledRead | null {
    const operationName = operation.name?.value;
    if (!context.viewer) return null;
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], rawVariables ?? {});
    if (coerced.errors) return null;
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    }
    try {
      return compileRead({ schema: this.schema, operation, fragments, variables: coerced.coerced, viewer: context.viewer, manager: managerOf(context) });
    } catch (error) {
      if (error instanceof NotPlanned) this.log.debug({ operationName, reason: error.message }, 'not planned');
      // Never the user's problem: the resolvers answer whatever the planner could not plan.
      else this.log.warn({ err: error, operationName }, 'read planning failed; answered by the resolvers');
      return null;
    }
  }
}

// `Node.id` reads the row's id (and the type's name).
planGetter('*', 'globalId', ['id']);
