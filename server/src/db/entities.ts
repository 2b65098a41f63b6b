import { ActivityEvent } from '../events/activity-event.entity.js';
import { IdempotencyKey } from './idempotency-key.entity.js';
import { AccessGrant } from '../modules/access/access-grant.entity.js';
import { Organization } from '../modules/accounts/organization.entity.js';
import { User } from '../modules/accounts/user.entity.js';
import { Invoice } from '../modules/billing/invoice.entity.js';
import { Payout } from '../modules/billing/payout.entity.js';
import { CalendarEventAttendee } from '../modules/calendar/calendar-event-attendee.entity.js';
import { CalendarEvent } from '../modules/calendar/calendar-event.entity.js';
import { Contract } from '../modules/contracts/contract.entity.js';
import { InstructionAck } from '../modules/instructions/instruction-ack.entity.js';
import { InstructionDocument } from '../modules/instructions/instruction-document.entity.js';
import { InstructionRevision } from '../modules/instructions/instruction-revision.entity.js';
import { Job } from '../modules/jobs/job.entity.js';
import { ChannelMember } from '../modules/messaging/channel-member.entity.js';
import { Channel } from '../modules/messaging/channel.entity.js';
import { Message } from '../modules/messaging/message.entity.js';
import { MilestoneEvent } from '../modules/milestones/milestone-event.entity.js';
import { Milestone } from '../modules/milestones/milestone.entity.js';
import { Proposal } from '../modules/proposals/proposal.entity.js';

export const entities = [
  Organization,
  User,
  Job,
  Proposal,
  Contract,
  Milestone,
  MilestoneEvent,
  InstructionDocument,
  InstructionRevision,
  InstructionAck,
  CalendarEvent,
  CalendarEventAttendee,
  Channel,
  ChannelMember,
  Message,
  Invoice,
  Payout,
  AccessGrant,
  ActivityEvent,
  IdempotencyKey,
];
