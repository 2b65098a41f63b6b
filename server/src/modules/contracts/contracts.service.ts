import { In } from 'typeorm';
import { participantsScope } from '../../policy/policy.js';
import { exactInteger } from '../../db/columns.js';
import type { SignedInContext } from '../../api/context.js';
import { Money } from '../../graphql/money.js';
import type { Connection } from '../../graphql/pagination.js';
import { defineList, pageQueryOf } from '../../graphql/lists.js';
import { Contract, ContractStatus } from './contract.entity.js';
import type { BillingSummary, ContractFilterArgs, JobTeamMember } from './contract.types.js';
import { UserRole } from '../accounts/user.entity.js';
import { jobTeamScope } from './contracts.policy.js';
import { Job } from '../jobs/job.entity.js';

export const activeStatuses = [ContractStatus.ACTIVE, ContractStatus.PAUSED];
export const finishedStatuses = [ContractStatus.ENDED];

export interface ContractQuery extends ContractFilterArgs {
  organizationId?: string;
  jobId?: string;
}

/** The viewer's contracts (a trainer's own, an employer's organization's), newest first. */
export const viewerContracts = defineList<Contract, ContractQuery>({
  entity: Contract,
  alias: 'a',
  where: (query, filter, viewer) => {
    participantsScope(query, viewer);
    if (filter.status?.length) query.andWhere('a.status IN (:...statuses)', { statuses: filter.status });
    if (filter.organizationId) query.andWhere('a.organization_id = :organizationId', { organizationId: filter.organizationId });
    if (filter.jobId) query.andWhere('a.job_id = :jobId', { jobId: filter.jobId });
  },
  sort: [{ expression: 'a.started_at', direction: 'DESC' }],
  plannedArgs: ['status'],
});

/** `Viewer.activeContracts` and `Viewer.finishedContracts`: the viewer's contracts in those statuses. */
export const viewerContractsIn = (statuses: ContractStatus[]) =>
  defineList<Contract, ContractQuery>({
    ...viewerContracts,
    where: (query, filter, viewer) => viewerContracts.where(query, { ...filter, status: statuses }, viewer),
    plannedArgs: [],
  });

export const activeContracts = viewerContractsIn(activeStatuses);
export const finishedContracts = viewerContractsIn(finishedStatuses);

/** `Organization.contracts`: an organization's contracts that the viewer may see. */
export const organizationContracts = defineList<Contract, ContractQuery>({ ...viewerContracts, parent: 'a.organization_id' });

export function contractsOf(context: SignedInContext, filter: ContractQuery, list = viewerContracts): Promise<Connection<Contract>> {
  return context.loaders.page(Contract, filter, pageQueryOf(context.loaders.manager, list, filter, context.viewer));
}

/** An organization's contracts, batched across the organizations of a request. */
export function contractsOfOrganization(context: SignedInContext, organizationId: string, filter: ContractQuery): Promise<Connection<Contract>> {
  const statuses = filter.status?.length ? [...filter.status].sort().join(',') : '*';
  return context.loaders
    .connection(Contract, `organization.contracts:${statuses}`, filter, (organizationIds) =>
      pageQueryOf(context.loaders.manager, organizationContracts, filter, context.viewer, organizationIds),
    )
    .load(organizationId);
}

/** A contract's milestone sums by status, over `milestones`: the billing summary's one SQL, for both read paths. */
export const billingSums = [
  ['paid', `COALESCE(sum(amount_cents - refunded_cents) FILTER (WHERE status = 'PAID'), 0)`],
  ['funded', `COALESCE(sum(amount_cents) FILTER (WHERE status IN ('FUNDED', 'CHANGES_REQUESTED')), 0)`],
  ['pending', `COALESCE(sum(amount_cents) FILTER (WHERE status = 'SUBMITTED'), 0)`],
  ['disputed', `COALESCE(sum(amount_cents) FILTER (WHERE status = 'DISPUTED'), 0)`],
  ['refunded', `COALESCE(sum(refunded_cents), 0)`],
] as const;

type BillingRow = { contract_id: string } & Record<(typeof billingSums)[number][0], string>;

/**
 * Sums of milestone amounts by status, for every contract of the request in one statement.
 * PostgreSQL sums `bigint` into an exact `numeric`, so nothing overflows on the way; the sums are
 * bounded by the contract's milestone cap (`maxContractMilestonesCents`). Should one ever not be
 * an exact JS number (rows written around every bound), this contract's summary fails alone: the
 * field is nullable, so its error stops there and never reaches the rest of the dashboard.
 */
export function billingSummary(context: SignedInContext, contract: Contract): Promise<BillingSummary> {
  return context.loaders
    .named<string, BillingRow | undefined>('contracts.billing', async (contractIds) => {
      const rows: BillingRow[] = await context.loaders.manager.query(
        `SELECT contract_id, ${billingSums.map(([name, sum]) => `${sum} AS ${name}`).join(', ')}
           FROM milestones WHERE contract_id = ANY($1::uuid[]) GROUP BY contract_id`,
        [contractIds],
      );
      const byContract = new Map(rows.map((row) => [row.contract_id, row]));
      return contractIds.map((id) => byContract.get(id));
    })
    .load(contract.id)
    .then((row) => billingSummaryOf(contract, row));
}

/** The summary from the sums of {@link billingSums} (absent for a contract without milestones). */
export function billingSummaryOf(contract: Contract, sums: Partial<Record<(typeof billingSums)[number][0], string>> | undefined): BillingSummary {
  const money = (sum: string | undefined) => {
    try {
      return new Money(exactInteger(sum ?? '0'), contract.currency);
    } catch (error) {
      throw new RangeError(`The billing summary of contract ${contract.id} has a sum beyond 2^53 − 1 cents`, { cause: error });
    }
  };
  return {
    paidOut: money(sums?.paid),
    activeAndFunded: money(sums?.funded),
    pendingApproval: money(sums?.pending),
    inDispute: money(sums?.disputed),
    refunded: money(sums?.refunded),
    totalBudget: contract.totalBudget,
  };
}

/** The contract a hire created from a proposal (the caller may read the proposal, so its contract too). */
export function contractOfProposal(context: SignedInContext, proposalId: string): Promise<Contract | null> {
  return context.loaders
    .named<string, Contract | null>('contracts.byProposal', async (proposalIds) => {
      const rows = await context.loaders.manager.getRepository(Contract).findBy({ proposalId: In([...proposalIds]) });
      const byProposal = new Map(rows.map((row) => [row.proposalId, row]));
      return proposalIds.map((id) => byProposal.get(id) ?? null);
    })
    .load(proposalId);
}

/**
 * Who is on each job, batched across the jobs of a request: the organization's employers, then
 * the trainers with a contract on the job (any status), each by name. Only for the jobs whose
 * team the viewer sees (the jobs policy's `jobTeamScope`); empty for the others.
 */
export function teamOf(context: SignedInContext, jobId: string): Promise<JobTeamMember[]> {
  return context.loaders
    .named<string, JobTeamMember[]>('job.team', async (jobIds) => {
      const visible = jobTeamScope(
        context.loaders.manager.getRepository(Job).createQueryBuilder('j').select('j.id', 'id').where('j.id IN (:...jobIds)', { jobIds }),
        context.viewer,
      );
      const [visibleSql, parameters] = visible.getQueryAndParameters();
      const rows: Array<{ job_id: string; user_id: string; role: UserRole }> = await context.loaders.manager.query(
        `WITH visible AS (${visibleSql})
         SELECT team.job_id, team.user_id, team.role FROM (
           SELECT j.id AS job_id, u.id AS user_id, u.role::text AS role, 0 AS rank, u.name
             FROM jobs j JOIN users u ON u.organization_id = j.organization_id AND u.role = 'EMPLOYER'
            WHERE j.id IN (SELECT id FROM visible)
           UNION
           SELECT j.id, u.id, u.role::text, 1, u.name
             FROM jobs j JOIN contracts c ON c.job_id = j.id JOIN users u ON u.id = c.trainer_id
            WHERE j.id IN (SELECT id FROM visible)
         ) team
         ORDER BY team.job_id, team.rank, team.name, team.user_id`,
        parameters,
      );
      const byJob = new Map<string, JobTeamMember[]>(jobIds.map((id) => [id, []]));
      for (const row of rows) byJob.get(row.job_id)?.push({ userId: row.user_id, role: row.role });
      return jobIds.map((id) => byJob.get(id) ?? []);
    })
    .load(jobId);
}
