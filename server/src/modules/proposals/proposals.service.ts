import { participantsScope } from '../../policy/policy.js';
import type { SignedInContext } from '../../api/context.js';
import type { Connection } from '../../graphql/pagination.js';
import { defineList, pageQueryOf } from '../../graphql/lists.js';
import { Proposal } from './proposal.entity.js';
import type { ProposalFilterArgs } from './proposal.types.js';

export interface ProposalQuery extends ProposalFilterArgs {
  organizationId?: string;
}

/** A trainer's own proposals, or those an employer's organization received; newest first. */
export const viewerProposals = defineList<Proposal, ProposalQuery>({
  entity: Proposal,
  alias: 'a',
  where: (query, filter, viewer) => {
    participantsScope(query, viewer);
    if (filter.status?.length) query.andWhere('a.status IN (:...statuses)', { statuses: filter.status });
    if (filter.organizationId) query.andWhere('a.organization_id = :organizationId', { organizationId: filter.organizationId });
  },
  sort: [{ expression: 'a.created_at', direction: 'DESC' }],
  plannedArgs: ['status'],
});

export function proposalsOf(context: SignedInContext, filter: ProposalQuery): Promise<Connection<Proposal>> {
  return context.loaders.page(Proposal, filter, pageQueryOf(context.loaders.manager, viewerProposals, filter, context.viewer));
}

/**
 * The viewer's own proposal to a job (a trainer applies once per job), batched across jobs; null
 * for employers and for jobs they did not apply to. The viewer's own row, so the Proposal rule holds.
 */
export function viewerProposalForJob(context: SignedInContext, jobId: string): Promise<Proposal | null> {
  return context.loaders
    .named<string, Proposal | null>('proposals.viewerProposalForJob', async (jobIds) => {
      const rows = await context.loaders.manager
        .getRepository(Proposal)
        .createQueryBuilder('a')
        .where('a.trainer_id = :viewerId AND a.job_id IN (:...jobIds)', { viewerId: context.viewer.id, jobIds })
        .getMany();
      const byJob = new Map(rows.map((row) => [row.jobId, row]));
      return jobIds.map((id) => byJob.get(id) ?? null);
    })
    .load(jobId);
}
