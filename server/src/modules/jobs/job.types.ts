import { ArgsType, Field } from 'type-graphql';
import { ConnectionArgs, connectionType } from '../../graphql/pagination.js';
import { Job, JobStatus } from './job.entity.js';

export const JobConnection = connectionType(Job);

@ArgsType()
export class JobFilterArgs extends ConnectionArgs {
  @Field(() => [JobStatus], { nullable: true, description: 'Only jobs in these statuses.' })
  status?: JobStatus[] | null;
}
