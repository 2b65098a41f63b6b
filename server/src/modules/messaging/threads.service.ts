import type { EntityManager } from 'typeorm';
import { recordEvent } from '../../events/outbox.js';
import type { Organization } from '../accounts/organization.entity.js';
import { User, UserRole } from '../accounts/user.entity.js';
import type { Contract } from '../contracts/contract.entity.js';
import type { Job } from '../jobs/job.entity.js';
import type { Proposal } from '../proposals/proposal.entity.js';
import { ChannelMember } from './channel-member.entity.js';
import { Channel, ChannelKind } from './channel.entity.js';
import { ChannelCreated } from './messaging.events.js';

/**
 * The channels the marketplace opens by itself, in the caller's transaction: a proposal's
 * thread when a trainer applies, and the hired trainer's DIRECT channel with their employer.
 * Their members are fixed by their kind (only GROUP channels change membership).
 */

async function openChannel(
  manager: EntityManager,
  values: Pick<Channel, 'organizationId' | 'jobId' | 'contractId' | 'proposalId' | 'kind' | 'name'>,
  memberIds: string[],
): Promise<Channel> {
  const channels = manager.getRepository(Channel);
  const channel = await channels.save(channels.create(values));
  const unique = [...new Set(memberIds)];
  await manager.getRepository(ChannelMember).insert(unique.map((userId) => ({ channelId: channel.id, userId })));
  return channel;
}

/**
 * A PROPOSAL thread between the applicant and the employers of the job's organization (every
 * one of them: any of them may review the proposal), named "Proposal: <job> · <trainer>".
 */
export async function openProposalThread(manager: EntityManager, refs: { proposal: Proposal; job: Job; trainer: User }): Promise<Channel> {
  const { proposal, job, trainer } = refs;
  const employers = await manager.getRepository(User).find({
    where: { role: UserRole.EMPLOYER, organizationId: job.organizationId },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  return openChannel(
    manager,
    {
      organizationId: proposal.organizationId,
      jobId: job.id,
      contractId: null,
      proposalId: proposal.id,
      kind: ChannelKind.PROPOSAL,
      name: `Proposal: ${job.title} · ${trainer.name}`,
    },
    [trainer.id, ...employers.map((employer) => employer.id)],
  );
}

/**
 * The hired trainer's DIRECT channel with the employer who hired them, on the new contract,
 * named "<trainer> · <organization> · <job>", and its CHANNEL_CREATED event (audience CHANNEL:
 * its two members).
 */
export async function openContractChannel(
  manager: EntityManager,
  refs: { contract: Contract; job: Job; organization: Organization; trainer: User; employer: User },
): Promise<Channel> {
  const { contract, job, organization, trainer, employer } = refs;
  const channel = await openChannel(
    manager,
    {
      organizationId: contract.organizationId,
      jobId: job.id,
      contractId: contract.id,
      proposalId: null,
      kind: ChannelKind.DIRECT,
      name: `${trainer.name} · ${organization.name} · ${job.title}`,
    },
    [trainer.id, employer.id],
  );
  await recordEvent(manager, ChannelCreated, {
    subject: channel,
    contract,
    actorId: employer.id,
    summary: `${employer.name} created ${channel.name} with ${trainer.name}`,
    payload: { memberIds: [trainer.id, employer.id] },
  });
  return channel;
}
