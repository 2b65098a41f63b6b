import type { SignedInContext } from '../../api/context.js';
import type { Connection, ConnectionArgs } from '../../graphql/pagination.js';
import { defineList, pageQueryOf } from '../../graphql/lists.js';
import { MilestoneDispute } from './milestone-dispute.entity.js';
import { MilestoneEvent } from './milestone-event.entity.js';
import { Milestone } from './milestone.entity.js';
import type { MilestoneFilterArgs } from './milestone.types.js';

/** A contract's milestones in order; the caller has already been allowed to read the contract. */
export const contractMilestones = defineList<Milestone, MilestoneFilterArgs>({
  entity: Milestone,
  alias: 'm',
  parent: 'm.contract_id',
  where: (query, args) => {
    if (args.status?.length) query.andWhere('m.status IN (:...statuses)', { statuses: [...args.status].sort() });
  },
  sort: [{ expression: 'm.number', direction: 'ASC' }],
  plannedArgs: ['status'],
});

export function milestonesOfContract(context: SignedInContext, contractId: string, args: MilestoneFilterArgs): Promise<Connection<Milestone>> {
  const statuses = args.status?.length ? [...args.status].sort() : undefined;
  return context.loaders
    .connection(Milestone, `contract.milestones:${statuses?.join(',') ?? '*'}`, args, (contractIds) =>
      pageQueryOf(context.loaders.manager, contractMilestones, args, context.viewer, contractIds),
    )
    .load(contractId);
}

/** The submission and approval history of a milestone, oldest first. */
export const milestoneHistory = defineList<MilestoneEvent, ConnectionArgs>({
  entity: MilestoneEvent,
  alias: 'e',
  parent: 'e.milestone_id',
  where: () => undefined,
  sort: [{ expression: 'e.at', direction: 'ASC' }],
});

export function historyOfMilestone(context: SignedInContext, milestoneId: string, args: ConnectionArgs): Promise<Connection<MilestoneEvent>> {
  return context.loaders
    .connection(MilestoneEvent, 'milestone.history', args, (milestoneIds) =>
      pageQueryOf(context.loaders.manager, milestoneHistory, args, context.viewer, milestoneIds),
    )
    .load(milestoneId);
}

/** A milestone's latest dispute (by when it opened), batched; the caller may read the milestone. */
export function latestDisputeOf(context: SignedInContext, milestoneId: string): Promise<MilestoneDispute | null> {
  return context.loaders
    .named<string, MilestoneDispute | null>('milestone.latestDispute', async (milestoneIds) => {
      const rows = await context.loaders.manager
        .getRepository(MilestoneDispute)
        .createQueryBuilder('d')
        .where(
          `d.id IN (SELECT DISTINCT ON (l.milestone_id) l.id FROM milestone_disputes l
                     WHERE l.milestone_id = ANY(:milestoneIds) ORDER BY l.milestone_id, l.opened_at DESC, l.id DESC)`,
          { milestoneIds: [...milestoneIds] },
        )
        .getMany();
      const byMilestone = new Map(rows.map((row) => [row.milestoneId, row]));
      return milestoneIds.map((id) => byMilestone.get(id) ?? null);
    })
    .load(milestoneId);
}
