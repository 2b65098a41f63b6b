import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ActivityEvent, EventAudience } from '../events/activity-event.entity.js';
import { forbidden, notFound } from '../graphql/errors.js';
import type { Loaders } from '../graphql/loaders.js';
import { AccessGrant } from '../modules/access/access-grant.entity.js';
import { Organization } from '../modules/accounts/organization.entity.js';
import { User, UserRole } from '../modules/accounts/user.entity.js';
import { Invoice } from '../modules/billing/invoice.entity.js';
import { Payout } from '../modules/billing/payout.entity.js';
import { CalendarEventAttendee } from '../modules/calendar/calendar-event-attendee.entity.js';
import { CalendarEvent } from '../modules/calendar/calendar-event.entity.js';
import { Contract } from '../modules/contracts/contract.entity.js';
import { InstructionDocument, InstructionStatus } from '../modules/instructions/instruction-document.entity.js';
import { InstructionRevision } from '../modules/instructions/instruction-revision.entity.js';
import { Job, JobStatus } from '../modules/jobs/job.entity.js';
import { ChannelMember } from '../modules/messaging/channel-member.entity.js';
import { Channel } from '../modules/messaging/channel.entity.js';
import { Message } from '../modules/messaging/message.entity.js';
import { MilestoneEvent } from '../modules/milestones/milestone-event.entity.js';
import { Milestone } from '../modules/milestones/milestone.entity.js';
import { Proposal } from '../modules/proposals/proposal.entity.js';
import { isEmployer, type Viewer } from './viewer.js';

/**
 * Who may read what. Every read of a record by id goes through {@link canRead}; every list is
 * built on one of the {@link scope} functions, so there is no unscoped query to forget. The
 * rules, in words:
 *
 * - Organizations, user profiles and OPEN jobs are public to anyone signed in.
 * - A trainer sees their own proposals, contracts (and everything on them: milestones and their
 *   history, access grants, invoices), payouts, the channels they are a member of, calendar
 *   events they attend or that belong to their contracts, and the published version (only) of
 *   the instructions of jobs they hold a contract on.
 * - An employer sees everything that belongs to their organization (drafts and revisions
 *   included), its members (their colleagues) and the channels they are a member of.
 * - A member removed from a channel still sees it, as it was when they were removed: the
 *   messages, events and members up to that moment, nothing after ({@link channelView}).
 * - An organization's member list is its members' business: to anyone else it is empty.
 * - A payout is the platform paying a trainer one organization's invoices: its trainer alone
 *   requests and reads it. No employer reads one, not even of their own organization (their
 *   invoices show PAID once paid out), and no viewer settles one: only the payment processor
 *   does, as the platform, outside the API (modules/billing/payout-processor.ts).
 * - Anything else does not exist for the viewer: reads of it fail with NOT_FOUND, exactly as for
 *   an id that was never issued.
 */
export interface PolicyContext {
  viewer: Viewer;
  loaders: Loaders;
}

type ReadRule<T> = (node: T, context: PolicyContext) => boolean | Promise<boolean>;

const readRules = new Map<Function, ReadRule<never>>();

function rule<T>(entity: abstract new (...args: never[]) => T, check: ReadRule<T>): void {
  readRules.set(entity, check as ReadRule<never>);
}

const inOrganization = (viewer: Viewer, organizationId: string | null) =>
  isEmployer(viewer) && organizationId !== null && viewer.organizationId === organizationId;

async function contractVisible(contractId: string | null, context: PolicyContext): Promise<boolean> {
  if (!contractId) return false;
  const contract = await context.loaders.byId(Contract).load(contractId);
  return contract !== null && contractRule(contract, context);
}

const contractRule = (contract: Contract, { viewer }: PolicyContext) =>
  contract.trainerId === viewer.id || inOrganization(viewer, contract.organizationId);

rule(Organization, () => true);
rule(User, () => true);
rule(Job, async (job, context) => {
  if (job.status === JobStatus.OPEN || inOrganization(context.viewer, job.organizationId)) return true;
  const involved = await trainerJobIds(context);
  return involved.has(job.id);
});
rule(Proposal, (proposal, { viewer }) => proposal.trainerId === viewer.id || inOrganization(viewer, proposal.organizationId));
rule(Contract, contractRule);
rule(Milestone, (milestone, context) => contractVisible(milestone.contractId, context));
rule(MilestoneEvent, async (event, context) => {
  const milestone = await context.loaders.byId(Milestone).load(event.milestoneId);
  return milestone !== null && contractVisible(milestone.contractId, context);
});
rule(AccessGrant, (grant, context) => contractVisible(grant.contractId, context));
rule(InstructionDocument, async (document, context) => {
  if (inOrganization(context.viewer, document.organizationId)) return true;
  if (document.status !== InstructionStatus.PUBLISHED) return false;
  return (await trainerContractJobIds(context)).has(document.jobId);
});
rule(InstructionRevision, async (revision, context) => {
  const document = await context.loaders.byId(InstructionDocument).load(revision.documentId);
  if (!document) return false;
  if (inOrganization(context.viewer, document.organizationId)) return true;
  // Trainers read the published version and nothing else: no drafts, no history.
  return revision.version === document.publishedVersion && (await canRead(document, context));
});
rule(CalendarEvent, async (event, context) => {
  if (inOrganization(context.viewer, event.organizationId)) return true;
  if (await attends(event.id, context)) return true;
  const contract = event.contractId ? await context.loaders.byId(Contract).load(event.contractId) : null;
  return contract?.trainerId === context.viewer.id;
});
rule(Channel, async (channel, context) => (await membership(channel.id, context)) !== null);
rule(Message, (message, context) => visibleInChannel('messages', message.id, context));
rule(Invoice, (invoice, { viewer }) => invoice.trainerId === viewer.id || inOrganization(viewer, invoice.organizationId));
rule(Payout, (payout, { viewer }) => viewer.role === UserRole.TRAINER && payout.trainerId === viewer.id);
rule(ActivityEvent, async (event, context) => {
  const { viewer } = context;
  switch (event.audience) {
    case EventAudience.ORGANIZATION:
      return inOrganization(viewer, event.organizationId);
    case EventAudience.PARTICIPANTS:
      return inOrganization(viewer, event.organizationId) || event.trainerId === viewer.id;
    case EventAudience.TRAINER:
      return event.trainerId === viewer.id;
    case EventAudience.JOB:
      return (
        inOrganization(viewer, event.organizationId) ||
        (event.jobId !== null && (await trainerContractJobIds(context)).has(event.jobId))
      );
    case EventAudience.CALENDAR:
      return inOrganization(viewer, event.organizationId) || attends(event.subjectId, context);
    case EventAudience.CHANNEL:
      return visibleInChannel('events', event.id, context);
  }
});

/**
 * The ActivityEvent rule above, turned around for live delivery: one event, every viewer. It
 * reads the audience's members once (channel members, the job's trainers, the attendees) and
 * answers each subscriber without another query. The two must agree; a test checks them against
 * each other for every audience.
 */
export async function eventReaders(event: ActivityEvent, manager: EntityManager): Promise<(viewer: Viewer) => boolean> {
  const inOrg = (viewer: Viewer) => inOrganization(viewer, event.organizationId);
  const members = async (sql: string, parameters: unknown[]) => {
    const rows: Array<{ user_id: string }> = await manager.query(sql, parameters);
    return new Set(rows.map((row) => row.user_id));
  };
  switch (event.audience) {
    case EventAudience.ORGANIZATION:
      return inOrg;
    case EventAudience.PARTICIPANTS:
      return (viewer) => inOrg(viewer) || event.trainerId === viewer.id;
    case EventAudience.TRAINER:
      return (viewer) => event.trainerId === viewer.id;
    case EventAudience.JOB: {
      const trainers = event.jobId === null ? new Set<string>() : await members('SELECT trainer_id AS user_id FROM contracts WHERE job_id = $1', [event.jobId]);
      return (viewer) => inOrg(viewer) || trainers.has(viewer.id);
    }
    case EventAudience.CALENDAR: {
      const attendees = await members('SELECT user_id FROM calendar_event_attendees WHERE event_id = $1', [event.subjectId]);
      return (viewer) => inOrg(viewer) || attendees.has(viewer.id);
    }
    case EventAudience.CHANNEL: {
      const readers = await members(
        `SELECT cm.user_id FROM events t
           JOIN channel_members cm ON cm.channel_id = t.channel_id
          WHERE t.id = $1 AND ${channelView.includes('cm', 't.created_at')}`,
        [event.id],
      );
      return (viewer) => readers.has(viewer.id);
    }
  }
}

/** Whether the viewer may read this node. Unknown node types are refused: safe by default. */
export async function canRead(node: object, context: PolicyContext): Promise<boolean> {
  const check = readRules.get(node.constructor) as ReadRule<object> | undefined;
  return check ? check(node, context) : false;
}

/** The node if the viewer may read it; NOT_FOUND otherwise, exactly like a missing id. */
export async function authorizeRead<T extends object>(node: T | null, context: PolicyContext, what: string, id: string): Promise<T> {
  if (node && (await canRead(node, context))) return node;
  throw notFound(what, id);
}

/** Who acts on a contract: its employer organization's members, or its trainer. */
export type ContractParty = 'employer' | 'trainer';

/**
 * The write rule for anything on a contract: the viewer must take part in it as `party`.
 * Someone who may not even see the contract gets NOT_FOUND (nothing is revealed); the other
 * party gets FORBIDDEN with what they tried, since they can see it is not theirs to do.
 */
export function authorizeContractParty(contract: Contract | null, context: PolicyContext, party: ContractParty, what: string, id: string): Contract {
  if (!contract || !contractRule(contract, context)) throw notFound(what, id);
  const allowed = party === 'employer' ? inOrganization(context.viewer, contract.organizationId) : contract.trainerId === context.viewer.id;
  if (!allowed) {
    throw forbidden(
      party === 'employer'
        ? `Only the employer of this contract can do this (you are its trainer).`
        : `Only the trainer of this contract can do this.`,
    );
  }
  return contract;
}

/** The write rule for payouts: a trainer requests their own; settling is no viewer's move (see above). */
export function authorizePayoutRequest({ viewer }: PolicyContext): void {
  if (viewer.role !== UserRole.TRAINER) throw forbidden('Only trainers request payouts of their earnings.');
}

/** Node types without a read rule; the schema build refuses to start when this is not empty. */
export function typesWithoutReadRule(nodeTypes: Function[]): string[] {
  return nodeTypes.filter((type) => !readRules.has(type)).map((type) => type.name);
}

/** Per-request facts about the viewer, loaded once. */
function trainerContractJobIds(context: PolicyContext): Promise<Set<string>> {
  return context.loaders
    .named<string, Set<string>>('policy.contractJobIds', async (viewerIds) => {
      const rows: Array<{ job_id: string }> = await context.loaders.manager.query(
        'SELECT DISTINCT job_id FROM contracts WHERE trainer_id = $1',
        [viewerIds[0]],
      );
      return [new Set(rows.map((row) => row.job_id))];
    })
    .load(context.viewer.id);
}

function trainerJobIds(context: PolicyContext): Promise<Set<string>> {
  return context.loaders
    .named<string, Set<string>>('policy.involvedJobIds', async (viewerIds) => {
      const rows: Array<{ job_id: string }> = await context.loaders.manager.query(
        'SELECT job_id FROM contracts WHERE trainer_id = $1 UNION SELECT job_id FROM proposals WHERE trainer_id = $1',
        [viewerIds[0]],
      );
      return [new Set(rows.map((row) => row.job_id))];
    })
    .load(context.viewer.id);
}

function membership(channelId: string, context: PolicyContext): Promise<ChannelMember | null> {
  return context.loaders
    .named<string, ChannelMember | null>('policy.membership', async (channelIds) => {
      const rows = await context.loaders.manager
        .getRepository(ChannelMember)
        .createQueryBuilder('m')
        .where('m.user_id = :viewerId AND m.channel_id IN (:...channelIds)', { viewerId: context.viewer.id, channelIds })
        .getMany();
      const byChannel = new Map(rows.map((row) => [row.channelId, row]));
      return channelIds.map((id) => byChannel.get(id) ?? null);
    })
    .load(channelId);
}

/**
 * What a channel member reads, as SQL: the one rule behind messages, read positions and unread
 * counts, the feed, live delivery and the member list. A member reads the channel up to their
 * horizon: everything while they are in it; once removed, the channel as it was at their
 * removal, and nothing after. Each form takes `member`, the alias of the viewer's own
 * `channel_members` row, which the query joins.
 *
 * Decided in SQL only, never in JavaScript: timestamps there have microseconds, JavaScript dates
 * only milliseconds, and two copies of the rule must never disagree. Everything compared with
 * the horizon is dated by `clock_timestamp()` under the channel's lock (see messaging.mutations.ts),
 * like removals, so "before" and "after" a removal mean commit order.
 */
export const channelView = {
  /** The last moment the member reads: their removal, or no end while they are in it. */
  horizon: (member: string) => `COALESCE(${member}.removed_at, 'infinity')`,

  /** Whether something in the channel dated `at` (a message, an event, a membership change) is readable. */
  includes: (member: string, at: string) => `${at} <= ${channelView.horizon(member)}`,

  /**
   * Whether the membership row `other` is listed: its joining is readable and its removal, if
   * any, is not. For a current member that is who is in the channel now; for a removed one, who
   * was in it when they were removed (without themselves), never who joined or left after.
   */
  lists: (member: string, other: string) =>
    `(${channelView.includes(member, `${other}.joined_at`)} AND NOT COALESCE(${channelView.includes(member, `${other}.removed_at`)}, FALSE))`,
};

/** A message or channel event, by the channel rule above. */
function visibleInChannel(table: 'messages' | 'events', id: string, context: PolicyContext): Promise<boolean> {
  return context.loaders
    .named<string, boolean>(`policy.visibleIn.${table}`, async (ids) => {
      const rows: Array<{ id: string }> = await context.loaders.manager.query(
        `SELECT t.id FROM ${table} t
           JOIN channel_members cm ON cm.channel_id = t.channel_id AND cm.user_id = $1
          WHERE t.id = ANY($2::uuid[]) AND ${channelView.includes('cm', 't.created_at')}`,
        [context.viewer.id, ids],
      );
      const visible = new Set(rows.map((row) => row.id));
      return ids.map((candidate) => visible.has(candidate));
    })
    .load(id);
}

async function attends(calendarEventId: string, context: PolicyContext): Promise<boolean> {
  return context.loaders
    .named<string, boolean>('policy.attends', async (eventIds) => {
      const rows = await context.loaders.manager
        .getRepository(CalendarEventAttendee)
        .createQueryBuilder('a')
        .where('a.user_id = :viewerId AND a.event_id IN (:...eventIds)', { viewerId: context.viewer.id, eventIds })
        .getMany();
      const attended = new Set(rows.map((row) => row.eventId));
      return eventIds.map((id) => attended.has(id));
    })
    .load(calendarEventId);
}

type Query = SelectQueryBuilder<ObjectLiteral>;

/**
 * The same rules as SQL, for lists. Each adds one WHERE clause over the query's alias `a` and
 * binds the viewer under parameter names of its own.
 */
export const scope = {
  /** Contracts (or rows carrying `organization_id` and `trainer_id`: proposals, invoices). */
  participants(query: Query, viewer: Viewer, alias = query.alias): Query {
    return isEmployer(viewer)
      ? query.andWhere(`${alias}.organization_id = :scopeOrganizationId`, { scopeOrganizationId: viewer.organizationId })
      : query.andWhere(`${alias}.trainer_id = :scopeViewerId`, { scopeViewerId: viewer.id });
  },

  /** Job postings: OPEN ones, the organization's own, and those the trainer applied to or works on. */
  jobs(query: Query, viewer: Viewer, alias = query.alias): Query {
    return query.andWhere(
      `(${alias}.status = 'OPEN' OR ${alias}.organization_id = :scopeOrganizationId
        OR ${alias}.id IN (SELECT scope_c.job_id FROM contracts scope_c WHERE scope_c.trainer_id = :scopeViewerId
                           UNION SELECT scope_p.job_id FROM proposals scope_p WHERE scope_p.trainer_id = :scopeViewerId))`,
      { scopeViewerId: viewer.id, scopeOrganizationId: viewer.organizationId },
    );
  },

  /** Users by organization: an employer sees their colleagues; to anyone else no one is listed. */
  organizationMembers(query: Query, viewer: Viewer, alias = query.alias): Query {
    return isEmployer(viewer)
      ? query.andWhere(`${alias}.organization_id = :scopeOrganizationId`, { scopeOrganizationId: viewer.organizationId })
      : query.andWhere('FALSE');
  },

  /** Payouts: the trainer's own; an employer has none. */
  payouts(query: Query, viewer: Viewer, alias = query.alias): Query {
    return viewer.role === UserRole.TRAINER
      ? query.andWhere(`${alias}.trainer_id = :scopeViewerId`, { scopeViewerId: viewer.id })
      : query.andWhere('FALSE');
  },

  channels(query: Query, viewer: Viewer, alias = query.alias): Query {
    return query.andWhere(
      `EXISTS (SELECT 1 FROM channel_members scope_m WHERE scope_m.channel_id = ${alias}.id AND scope_m.user_id = :scopeViewerId)`,
      { scopeViewerId: viewer.id },
    );
  },

  calendarEvents(query: Query, viewer: Viewer, alias = query.alias): Query {
    return query.andWhere(
      `(${alias}.organization_id = :scopeOrganizationId
        OR EXISTS (SELECT 1 FROM calendar_event_attendees scope_a WHERE scope_a.event_id = ${alias}.id AND scope_a.user_id = :scopeViewerId)
        OR ${alias}.contract_id IN (SELECT scope_c.id FROM contracts scope_c WHERE scope_c.trainer_id = :scopeViewerId))`,
      { scopeViewerId: viewer.id, scopeOrganizationId: viewer.organizationId },
    );
  },

  activity(query: Query, viewer: Viewer, alias = query.alias): Query {
    return query.andWhere(
      `((${alias}.audience IN ('ORGANIZATION', 'PARTICIPANTS', 'JOB', 'CALENDAR') AND ${alias}.organization_id = :scopeOrganizationId)
        OR (${alias}.audience IN ('PARTICIPANTS', 'TRAINER') AND ${alias}.trainer_id = :scopeViewerId)
        OR (${alias}.audience = 'JOB' AND ${alias}.job_id IN (SELECT scope_c.job_id FROM contracts scope_c WHERE scope_c.trainer_id = :scopeViewerId))
        OR (${alias}.audience = 'CALENDAR' AND EXISTS (SELECT 1 FROM calendar_event_attendees scope_a WHERE scope_a.event_id = ${alias}.subject_id AND scope_a.user_id = :scopeViewerId))
        OR (${alias}.audience = 'CHANNEL' AND EXISTS (SELECT 1 FROM channel_members scope_m WHERE scope_m.channel_id = ${alias}.channel_id
              AND scope_m.user_id = :scopeViewerId AND ${channelView.includes('scope_m', `${alias}.created_at`)})))`,
      { scopeViewerId: viewer.id, scopeOrganizationId: viewer.organizationId },
    );
  },
};
