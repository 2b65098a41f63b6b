import type { DataSource, DeepPartial, EntityTarget, ObjectLiteral } from 'typeorm';
import { hashPassword } from '../src/auth/passwords.js';
import { ActivityEvent, EventAudience } from '../src/events/activity-event.entity.js';
import { AccessGrant, AccessKind } from '../src/modules/access/access-grant.entity.js';
import { Organization } from '../src/modules/accounts/organization.entity.js';
import { User, UserRole } from '../src/modules/accounts/user.entity.js';
import { Invoice } from '../src/modules/billing/invoice.entity.js';
import { Payout, PayoutStatus } from '../src/modules/billing/payout.entity.js';
import { PayoutMethod } from '../src/modules/billing/payout-method.entity.js';
import { payoutMethodRow, type AddPayoutMethodCommand } from '../src/modules/billing/payout-methods.mutations.js';
import { devPayoutMethodsKey } from '../src/config.js';
import { CalendarEventAttendee } from '../src/modules/calendar/calendar-event-attendee.entity.js';
import { CalendarEvent, CalendarEventKind } from '../src/modules/calendar/calendar-event.entity.js';
import { Contract, ContractStatus } from '../src/modules/contracts/contract.entity.js';
import { InstructionDocument, InstructionStatus } from '../src/modules/instructions/instruction-document.entity.js';
import { InstructionRevision } from '../src/modules/instructions/instruction-revision.entity.js';
import { Job, JobStatus, PaymentType } from '../src/modules/jobs/job.entity.js';
import { ChannelMember } from '../src/modules/messaging/channel-member.entity.js';
import { Channel, ChannelKind } from '../src/modules/messaging/channel.entity.js';
import { Message } from '../src/modules/messaging/message.entity.js';
import { MilestoneAction, MilestoneEvent } from '../src/modules/milestones/milestone-event.entity.js';
import { Milestone, MilestoneStatus } from '../src/modules/milestones/milestone.entity.js';
import { Proposal, ProposalStatus } from '../src/modules/proposals/proposal.entity.js';

export const testPassword = 'workroom';
let passwordHash: Promise<string> | undefined;
let sequence = 0;
const next = () => (sequence += 1);

/** Small builders over the real tables; each takes overrides for what a test cares about. */
export class Factory {
  constructor(private readonly dataSource: DataSource) {}

  private save<T extends ObjectLiteral>(entity: EntityTarget<T>, values: NoInfer<DeepPartial<T>>): Promise<T> {
    const repository = this.dataSource.getRepository(entity);
    return repository.save(repository.create(values));
  }

  organization(values: Partial<Organization> = {}) {
    return this.save(Organization, { name: `Org ${next()}`, ...values });
  }

  async user(values: Partial<User> & { role: UserRole }) {
    passwordHash ??= hashPassword(testPassword);
    return this.save(User, {
      email: `user${next()}@test.example`,
      name: `User ${sequence}`,
      timezone: 'UTC',
      skills: [],
      passwordHash: await passwordHash,
      organizationId: null,
      ...values,
    });
  }

  trainer(values: Partial<User> = {}) {
    return this.user({ role: UserRole.TRAINER, ...values });
  }

  employer(organization: Organization, values: Partial<User> = {}) {
    return this.user({ role: UserRole.EMPLOYER, organizationId: organization.id, ...values });
  }

  job(organization: Organization, values: Partial<Job> = {}) {
    return this.save(Job, {
      organizationId: organization.id,
      title: `Job ${next()}`,
      description: 'Rank model answers for helpfulness.',
      skills: ['rlhf'],
      paymentType: PaymentType.FIXED_PRICE,
      budgetCents: 500_000,
      rateCents: null,
      currency: 'USD',
      status: JobStatus.OPEN,
      ...values,
    });
  }

  proposal(job: Job, trainer: User, values: Partial<Proposal> = {}) {
    return this.save(Proposal, {
      jobId: job.id,
      trainerId: trainer.id,
      organizationId: job.organizationId,
      coverLetter: 'I have ranked 20,000 model answers.',
      rateCents: 4_000,
      currency: 'USD',
      status: ProposalStatus.UNREVIEWED,
      ...values,
    });
  }

  contract(job: Job, trainer: User, values: Partial<Contract> = {}) {
    return this.save(Contract, {
      jobId: job.id,
      trainerId: trainer.id,
      organizationId: job.organizationId,
      title: job.title,
      scope: 'Label 10,000 examples.',
      terms: 'Net 7 after approval.',
      paymentType: PaymentType.FIXED_PRICE,
      rateCents: null,
      totalBudgetCents: 500_000,
      currency: 'USD',
      status: ContractStatus.ACTIVE,
      ...values,
    });
  }

  milestone(contract: Contract, values: Partial<Milestone> = {}) {
    return this.save(Milestone, {
      contractId: contract.id,
      number: next(),
      title: `Milestone ${sequence}`,
      description: '',
      amountCents: 100_000,
      currency: contract.currency,
      dueAt: new Date(Date.now() + 7 * 24 * 3600 * 1000),
      status: MilestoneStatus.FUNDED,
      ...values,
    });
  }

  milestoneEvent(milestone: Milestone, actor: User, values: Partial<MilestoneEvent> = {}) {
    return this.save(MilestoneEvent, {
      milestoneId: milestone.id,
      actorId: actor.id,
      action: MilestoneAction.FUNDED,
      fromStatus: MilestoneStatus.NOT_FUNDED,
      toStatus: MilestoneStatus.FUNDED,
      note: null,
      attachments: [],
      ...values,
    });
  }

  async instructions(job: Job, author: User, values: { body?: string; publishedVersion?: number | null; versions?: number } = {}) {
    const versions = values.versions ?? 1;
    const publishedVersion = values.publishedVersion === undefined ? versions : values.publishedVersion;
    const document = await this.save(InstructionDocument, {
      jobId: job.id,
      organizationId: job.organizationId,
      title: 'Guidelines',
      body: values.body ?? `# Guidelines v${versions}`,
      version: versions,
      status: publishedVersion === null ? InstructionStatus.DRAFT : InstructionStatus.PUBLISHED,
      publishedVersion,
      publishedAt: publishedVersion === null ? null : new Date(),
      updatedById: author.id,
    });
    const revisions: InstructionRevision[] = [];
    for (let version = 1; version <= versions; version += 1) {
      revisions.push(
        await this.save(InstructionRevision, {
          documentId: document.id,
          version,
          title: 'Guidelines',
          body: `# Guidelines v${version}`,
          authorId: author.id,
          publishedAt: version === publishedVersion ? new Date() : null,
        }),
      );
    }
    return { document, revisions };
  }

  async calendarEvent(organization: Organization, creator: User, attendees: User[], values: Partial<CalendarEvent> = {}) {
    const startsAt = values.startsAt ?? new Date(Date.now() + 24 * 3600 * 1000);
    const event = await this.save(CalendarEvent, {
      organizationId: organization.id,
      kind: CalendarEventKind.CHECK_IN,
      title: 'Weekly check-in',
      description: '',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60 * 1000),
      allDay: false,
      createdById: creator.id,
      ...values,
    });
    for (const attendee of attendees) await this.save(CalendarEventAttendee, { eventId: event.id, userId: attendee.id });
    return event;
  }

  async channel(organization: Organization, members: User[], values: Partial<Channel> = {}) {
    const channel = await this.save(Channel, {
      organizationId: organization.id,
      kind: ChannelKind.DIRECT,
      name: `Channel ${next()}`,
      ...values,
    });
    for (const member of members) await this.save(ChannelMember, { channelId: channel.id, userId: member.id });
    return channel;
  }

  async message(channel: Channel, author: User, body = 'Hello!') {
    const [row]: Array<{ last_message_seq: string }> = await this.dataSource.query(
      'WITH bumped AS (UPDATE channels SET last_message_seq = last_message_seq + 1, last_message_at = now() WHERE id = $1 RETURNING last_message_seq) SELECT last_message_seq FROM bumped',
      [channel.id],
    );
    const seq = Number(row!.last_message_seq);
    return this.save(Message, { channelId: channel.id, authorId: author.id, body, seq });
  }

  invoice(contract: Contract, values: Partial<Invoice> = {}) {
    return this.save(Invoice, {
      number: `WR-TEST-${String(next()).padStart(6, '0')}`,
      contractId: contract.id,
      organizationId: contract.organizationId,
      trainerId: contract.trainerId,
      grossCents: 100_000,
      feeCents: 10_000,
      netCents: 90_000,
      currency: contract.currency,
      ...values,
    });
  }

  /** A payout is for one organization: pass `organizationId`, or it gets a fresh organization of its own. */
  async payout(trainer: User, values: Partial<Payout> = {}) {
    const organizationId = values.organizationId ?? (await this.organization()).id;
    return this.save(Payout, { trainerId: trainer.id, organizationId, amountCents: 90_000, currency: 'USD', status: PayoutStatus.REQUESTED, ...values });
  }

  /**
   * A payout method, sealed with the key test servers use (the development default): a German
   * bank account unless `account` says otherwise; the default unless `isDefault: false`.
   */
  payoutMethod(trainer: User, account: Partial<AddPayoutMethodCommand> = {}, values: Partial<PayoutMethod> = {}) {
    const bank = account.paypal ? {} : { bankAccount: { accountHolder: trainer.name, accountNumber: 'DE89 3704 0044 0532 0130 00' } };
    const input = { country: 'DE', ...bank, ...account };
    return this.save(PayoutMethod, { ...payoutMethodRow(devPayoutMethodsKey, trainer.id, input), isDefault: true, ...values });
  }

  accessGrant(contract: Contract, grantor: User, values: Partial<AccessGrant> = {}) {
    return this.save(AccessGrant, {
      contractId: contract.id,
      kind: AccessKind.TOOL,
      name: 'Labelbox workspace',
      url: 'https://tools.example.com/workspace',
      grantedById: grantor.id,
      ...values,
    });
  }

  activity(values: Partial<ActivityEvent> & { organizationId: string; subjectType: string; subjectId: string }) {
    return this.save(ActivityEvent, {
      type: 'MILESTONE_STATUS_CHANGED',
      audience: EventAudience.PARTICIPANTS,
      summary: 'Something happened',
      payload: {},
      ...values,
    });
  }
}
