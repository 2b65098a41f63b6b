import type { Area } from '../../api/area.js';
import { instructionEvents } from './instruction.events.js';
import { InstructionAck } from './instruction-ack.entity.js';
import { InstructionDocument } from './instruction-document.entity.js';
import { InstructionRevision } from './instruction-revision.entity.js';
import { InstructionMutationResolver } from './instruction.mutations.resolver.js';
import { ContractInstructionsResolver, InstructionDocumentResolver, InstructionRevisionResolver, JobInstructionsResolver } from './instruction.resolver.js';
import './instructions.policy.js';
import './instructions.read-plan.js';

/** The employer's instructions: drafts, published versions, revisions and acknowledgements. */
export const instructionsArea: Area = {
  name: 'instructions',
  entities: [InstructionDocument, InstructionRevision, InstructionAck],
  resolvers: [JobInstructionsResolver, ContractInstructionsResolver, InstructionDocumentResolver, InstructionRevisionResolver, InstructionMutationResolver],
  events: instructionEvents,
};
