import { ArgsType, Field } from 'type-graphql';
import { ConnectionArgs, connectionType } from '../../graphql/pagination.js';
import { Proposal, ProposalStatus } from './proposal.entity.js';

export const ProposalConnection = connectionType(Proposal);

@ArgsType()
export class ProposalFilterArgs extends ConnectionArgs {
  @Field(() => [ProposalStatus], { nullable: true, description: 'Only proposals in these statuses.' })
  status?: ProposalStatus[] | null;
}
