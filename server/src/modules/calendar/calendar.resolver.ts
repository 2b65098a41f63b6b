import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type Context, type SignedInContext } from '../../api/context.js';
import { ConnectionArgs, connectionType } from '../../graphql/pagination.js';
import { SignedIn } from '../../api/signed-in.js';
import { loadVisible } from '../../api/visible.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { ViewerType } from '../accounts/viewer.type.js';
import { Contract } from '../contracts/contract.entity.js';
import { Job } from '../jobs/job.entity.js';
import { Milestone } from '../milestones/milestone.entity.js';
import { CalendarEntry, MilestoneDeadline } from './calendar-entry.type.js';
import { CalendarEvent } from './calendar-event.entity.js';
import { attendeesOf, calendarFeedPath, calendarOf, maxCalendarRangeDays, meetingsOf } from './calendar.service.js';

export const CalendarEventConnection = connectionType(CalendarEvent);

@Resolver(() => CalendarEvent)
export class CalendarEventResolver {
  @FieldResolver(() => [User])
  attendees(@Root() event: CalendarEvent, @SignedIn() context: SignedInContext) {
    return attendeesOf(context, event.id);
  }

  @FieldResolver(() => User)
  createdBy(@Root() event: CalendarEvent, @Ctx() context: Context) {
    return loadVisible(context, User, event.createdById);
  }

  @FieldResolver(() => Organization)
  organization(@Root() event: CalendarEvent, @Ctx() context: Context) {
    return loadVisible(context, Organization, event.organizationId);
  }

  @FieldResolver(() => Job, { nullable: true })
  job(@Root() event: CalendarEvent, @Ctx() context: Context) {
    return loadVisible(context, Job, event.jobId);
  }

  @FieldResolver(() => Contract, { nullable: true })
  contract(@Root() event: CalendarEvent, @Ctx() context: Context) {
    return loadVisible(context, Contract, event.contractId);
  }
}

@Resolver(() => Contract)
export class ContractMeetingsResolver {
  @FieldResolver(() => CalendarEventConnection, {
    description: "The contract's scheduled events that have not ended yet, soonest first (cancelled ones too, with `cancelledAt`).",
  })
  meetings(@Root() contract: Contract, @Args() args: ConnectionArgs, @SignedIn() context: SignedInContext) {
    return meetingsOf(context, contract.id, args);
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
    return loadVisible(context, Contract, deadline.milestone.contractId);
  }
}

@Resolver(() => ViewerType)
export class CalendarTabResolver {
  @FieldResolver(() => [CalendarEntry], {
    description: `Calendar: scheduled events and milestone deadlines from \`from\` to \`to\` (at most ${maxCalendarRangeDays} days), in time order.`,
  })
  calendar(@Arg('from', () => Date) from: Date, @Arg('to', () => Date) to: Date, @SignedIn() context: SignedInContext) {
    return calendarOf(context, from, to);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Your private ICS feed (subscribe to it in a calendar app), as a path on the API's origin: `/calendar/<secret>.ics`. Null until `rotateCalendarFeed`, and after `revokeCalendarFeed`. Keep it secret: it is the only credential the feed asks for.",
  })
  async calendarFeedUrl(@Root() root: ViewerType, @Ctx() context: Context): Promise<string | null> {
    // Read through the loader, not the viewer captured at sign-in: after a rotation in this request it is fresh.
    const user = await loadVisible(context, User, root.viewer.id);
    return user?.calendarFeedToken ? calendarFeedPath(user.calendarFeedToken) : null;
  }
}
