import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { canRead } from '../../auth/policy.js';
import { requireViewer, type Context } from '../../graphql/context.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { ViewerType } from '../accounts/viewer.type.js';
import { Contract } from '../contracts/contract.entity.js';
import { Job } from '../jobs/job.entity.js';
import { Milestone } from '../milestones/milestone.entity.js';
import { CalendarEntry, MilestoneDeadline } from './calendar-entry.type.js';
import { CalendarEvent } from './calendar-event.entity.js';
import { attendeesOf, calendarOf, maxCalendarRangeDays } from './calendar.service.js';

@Resolver(() => CalendarEvent)
export class CalendarEventResolver {
  @FieldResolver(() => [User])
  attendees(@Root() event: CalendarEvent, @Ctx() context: Context) {
    return attendeesOf(requireViewer(context), event.id);
  }

  @FieldResolver(() => User)
  createdBy(@Root() event: CalendarEvent, @Ctx() context: Context) {
    return context.loaders.byId(User).load(event.createdById);
  }

  @FieldResolver(() => Organization)
  organization(@Root() event: CalendarEvent, @Ctx() context: Context) {
    return context.loaders.byId(Organization).load(event.organizationId);
  }

  @FieldResolver(() => Job, { nullable: true })
  job(@Root() event: CalendarEvent, @Ctx() context: Context) {
    return event.jobId ? context.loaders.byId(Job).load(event.jobId) : null;
  }

  @FieldResolver(() => Contract, { nullable: true })
  async contract(@Root() event: CalendarEvent, @Ctx() context: Context) {
    const contract = event.contractId ? await context.loaders.byId(Contract).load(event.contractId) : null;
    return contract && (await canRead(contract, requireViewer(context))) ? contract : null;
  }
}

@Resolver(() => MilestoneDeadline)
export class MilestoneDeadlineResolver {
  @FieldResolver(() => Milestone)
  milestone(@Root() deadline: MilestoneDeadline) {
    return deadline.milestone;
  }

  @FieldResolver(() => Contract)
  contract(@Root() deadline: MilestoneDeadline, @Ctx() context: Context) {
    return context.loaders.byId(Contract).load(deadline.milestone.contractId);
  }
}

@Resolver(() => ViewerType)
export class CalendarTabResolver {
  @FieldResolver(() => [CalendarEntry], {
    description: `Calendar: scheduled events and milestone deadlines from \`from\` to \`to\` (at most ${maxCalendarRangeDays} days), in time order.`,
  })
  calendar(@Arg('from', () => Date) from: Date, @Arg('to', () => Date) to: Date, @Ctx() context: Context) {
    return calendarOf(requireViewer(context), from, to);
  }
}
