import { ArgsType, Field } from 'type-graphql';
import { ConnectionArgs, connectionType } from '../../graphql/pagination.js';
import { MilestoneEvent } from './milestone-event.entity.js';
import { Milestone, MilestoneStatus } from './milestone.entity.js';

export const MilestoneConnection = connectionType(Milestone);
export const MilestoneEventConnection = connectionType(MilestoneEvent);

@ArgsType()
export class MilestoneFilterArgs extends ConnectionArgs {
  @Field(() => [MilestoneStatus], { nullable: true, description: 'Only milestones in these statuses.' })
  status?: MilestoneStatus[] | null;
}
