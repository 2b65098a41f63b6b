import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { notFound } from '../errors/domain-error.js';
import type { Loaders } from '../graphql/loaders.js';
import { isEmployer, type Viewer } from '../auth/viewer.js';

/**
 * The machinery of authorization; the rules themselves live with their areas, one file each
 * (`modules/<area>/<area>.policy.ts`: an entity's read rule, its SQL scope for lists and its write
 * rules side by side), registered here when the composition root loads the areas. Every read of a
 * record by id goes through {@link canRead}; every list is built on its area's scope, so there is
 * no unscoped query to forget. The rules, in words:
 *
 * - Organizations, user profiles and OPEN jobs are public to anyone signed in.
 * - A trainer sees their own proposals, contracts (and everything on them: milestones and their
 *   history, access grants, invoices), payouts, the channels they are a member of, calendar
 *   events they attend or that belong to their contracts, and the published version (only) of
 *   the instructions of jobs they hold a contract on.
 * - An employer sees everything that belongs to their organization (drafts and revisions
 *   included), its members (their colleagues) and the channels they are a member of.
 * - A member removed from a channel still sees it, as it was when they were removed: the
 *   messages, events and members up to that moment, nothing after (messaging.policy.ts).
 * - An organization's member list is its members' business: to anyone else it is empty.
 * - A payout is the platform paying a trainer one organization's invoices: its trainer alone
 *   requests and reads it. No employer reads one, not even of their own organization (their
 *   invoices show PAID once paid out), and no viewer settles one: only the payment processor
 *   does, as the platform, outside the API (modules/billing/payout-processor.ts).
 * - Events (the activity feed and live delivery) are read by their audience, each audience
 *   declared once with its three forms (below).
 * - Anything else does not exist for the viewer: reads of it fail with NOT_FOUND, exactly as for
 *   an id that was never issued.
 */
export interface PolicyContext {
  viewer: Viewer;
  loaders: Loaders;
}

export type ReadRule<T> = (node: T, context: PolicyContext) => boolean | Promise<boolean>;
export type PolicyQuery = SelectQueryBuilder<ObjectLiteral>;

const readRules = new Map<Function, ReadRule<never>>();

/** Declares who may read `entity`; an area calls this once per entity it owns. */
export function defineReadRule<T>(entity: abstract new (...args: never[]) => T, check: ReadRule<T>): void {
  if (readRules.has(entity)) throw new Error(`${entity.name} has two read rules`);
  readRules.set(entity, check);
}

/** The viewer is an employer of this organization. */
export const inOrganization = (viewer: Viewer, organizationId: string | null) =>
  isEmployer(viewer) && organizationId !== null && viewer.organizationId === organizationId;

/**
 * Whether the viewer may read this node. Unknown node types are refused: safe by default. A rule
 * that needs nothing but the row answers at once, without a promise (a dashboard asks thousands
 * of times).
 */
export function canRead(node: object, context: PolicyContext): boolean | Promise<boolean> {
  const check = readRules.get(node.constructor) as ReadRule<object> | undefined;
  return check ? check(node, context) : false;
}

/** The node if the viewer may read it; NOT_FOUND otherwise, exactly like a missing id. */
export async function authorizeRead<T extends object>(node: T | null, context: PolicyContext, what: string, id: string): Promise<T> {
  if (node && (await canRead(node, context))) return node;
  throw notFound(what, id);
}

/** Node types without a read rule; the schema build refuses to start when this is not empty. */
export function typesWithoutReadRule(nodeTypes: Function[]): string[] {
  return nodeTypes.filter((type) => !readRules.has(type)).map((type) => type.name);
}

/**
 * A fact about the viewer (the jobs they work on, say) loaded once per request, however many
 * rules ask for it.
 */
export function viewerFact<T>(context: PolicyContext, name: string, load: (viewerId: string, manager: EntityManager) => Promise<T>): Promise<T> {
  return context.loaders.named<string, T>(`policy.${name}`, async (viewerIds) => [await load(viewerIds[0]!, context.loaders.manager)]).load(context.viewer.id);
}

/** The user ids of a query's `user_id` column, for an audience's readers. */
export async function userIds(manager: EntityManager, sql: string, parameters: unknown[]): Promise<Set<string>> {
  const rows: Array<{ user_id: string }> = await manager.query(sql, parameters);
  return new Set(rows.map((row) => row.user_id));
}

/** The two sides of an engagement: the organization's employers, or the trainer. */
export type Party = 'employer' | 'trainer';

/**
 * The parties of a trainer's engagement with an organization, as SQL: rows carrying
 * `organization_id` and `trainer_id` (contracts, proposals, invoices) are their trainer's and their
 * organization's employers'.
 */
export function participantsScope(query: PolicyQuery, viewer: Viewer, alias = query.alias): PolicyQuery {
  return isEmployer(viewer)
    ? query.andWhere(`${alias}.organization_id = :scopeOrganizationId`, { scopeOrganizationId: viewer.organizationId })
    : query.andWhere(`${alias}.trainer_id = :scopeViewerId`, { scopeViewerId: viewer.id });
}

/** The SQL form of an entity's read rule: narrows a query over the entity (at `alias`) to the rows the viewer may read. */
export type ReadScope = (query: PolicyQuery, viewer: Viewer, alias: string) => PolicyQuery;

const readScopes = new Map<Function, ReadScope>();

/**
 * Declares the SQL form of `entity`'s read rule, beside the rule ({@link defineReadRule}), for
 * readers that follow references inside one statement (the SQL read planner). `policy-forms.test`
 * holds the two forms to each other for every seeded viewer and row; an entity without a scope is
 * never read that way (the planner hands such operations to the resolvers).
 */
export function defineReadScope<T>(entity: abstract new (...args: never[]) => T, scope: ReadScope): void {
  if (readScopes.has(entity)) throw new Error(`${entity.name} has two read scopes`);
  readScopes.set(entity, scope);
}

export function readScopeOf(entity: Function): ReadScope | undefined {
  return readScopes.get(entity);
}

/** Entities whose read rule has an SQL form, for the test that compares the two. */
export function entitiesWithReadScope(): Function[] {
  return [...readScopes.keys()];
}

/** Rows anyone signed in may read (organizations, profiles): the scope adds no condition. */
export const everyone: ReadScope = (query) => query;
