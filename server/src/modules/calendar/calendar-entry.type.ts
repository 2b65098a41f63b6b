import { Field, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import type { Milestone } from '../milestones/milestone.entity.js';

// Declared here rather than with CalendarEvent, which implements this interface: the two files
// importing each other made the interface undefined when the entity happened to load first.
export enum CalendarEventKind {
  KICKOFF = 'KICKOFF',
  CHECK_IN = 'CHECK_IN',
  DEADLINE = 'DEADLINE',
  OTHER = 'OTHER',
}

registerEnumType(CalendarEventKind, {
  name: 'CalendarEventKind',
  description: 'What a calendar entry is for; a milestone due date is always DEADLINE.',
  valuesConfig: {
    KICKOFF: { description: 'The first meeting of a contract.' },
    CHECK_IN: { description: 'A recurring or one-off progress meeting.' },
    DEADLINE: { description: 'A due date: a milestone deadline or another date work is due.' },
    OTHER: { description: 'Any other meeting.' },
  },
});

/** One thing on a calendar: a scheduled event, or a milestone's due date. */
@InterfaceType({
  description: 'An entry of the calendar: a scheduled CalendarEvent or a MilestoneDeadline.',
  resolveType: (value: object) => (value instanceof MilestoneDeadline ? 'MilestoneDeadline' : 'CalendarEvent'),
})
export abstract class CalendarEntry {
  @Field(() => CalendarEventKind)
  kind: CalendarEventKind;

  @Field()
  title: string;

  @Field(() => Date)
  startsAt: Date;

  @Field(() => Date)
  endsAt: Date;

  @Field()
  allDay: boolean;
}

@ObjectType({ implements: CalendarEntry, description: "A milestone's due date, shown as a deadline." })
export class MilestoneDeadline implements CalendarEntry {
  readonly kind = CalendarEventKind.DEADLINE;
  readonly allDay = false;
  readonly title: string;
  readonly startsAt: Date;
  readonly endsAt: Date;

  constructor(readonly milestone: Milestone) {
    this.title = `Milestone ${milestone.number} due: ${milestone.title}`;
    this.startsAt = milestone.dueAt!;
    this.endsAt = milestone.dueAt!;
  }
}
