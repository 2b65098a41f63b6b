import { Arg, Mutation, Resolver } from 'type-graphql';
import { runCommand } from '../../commands/command.js';
import { type SignedInContext } from '../../api/context.js';
import { expectGlobalId } from '../../graphql/global-id.js';
import { readBack } from '../../api/payload.js';
import { SignedIn } from '../../api/signed-in.js';
import { InstructionDocument } from './instruction-document.entity.js';
import { InstructionRevision } from './instruction-revision.entity.js';
import {
  AcknowledgeInstructionsInput,
  AcknowledgeInstructionsPayload,
  PublishInstructionsInput,
  PublishInstructionsPayload,
  SaveInstructionsInput,
  SaveInstructionsPayload,
} from './instruction.inputs.js';
import * as instructions from './instructions.mutations.js';

/** The input with its document named by database id, as the commands take it. */
const onDocument = <T extends { documentId: string }>(input: T): T => ({
  ...input,
  documentId: expectGlobalId(input.documentId, 'InstructionDocument', 'documentId'),
});

const withRevision = (context: SignedInContext, change: instructions.InstructionsChange) =>
  readBack(context, { document: [InstructionDocument, change.documentId], revision: [InstructionRevision, change.revisionId!] });

@Resolver()
export class InstructionMutationResolver {
  @Mutation(() => SaveInstructionsPayload, {
    description:
      "Employer: creates a job's instructions (DRAFT, version 1) or saves a new draft version. Trainers keep reading the " +
      'published version until `publishInstructions`. CONFLICT when someone saved since `baseVersion`.',
  })
  async saveInstructions(@Arg('input') input: SaveInstructionsInput, @SignedIn() context: SignedInContext): Promise<SaveInstructionsPayload> {
    const change = await runCommand(context, instructions.saveInstructions, { ...input, jobId: expectGlobalId(input.jobId, 'Job', 'jobId') });
    return withRevision(context, change);
  }

  @Mutation(() => PublishInstructionsPayload, {
    description: 'Employer: makes a saved version (the latest by default) the one trainers read; they see it as an unread update.',
  })
  async publishInstructions(@Arg('input') input: PublishInstructionsInput, @SignedIn() context: SignedInContext): Promise<PublishInstructionsPayload> {
    return withRevision(context, await runCommand(context, instructions.publishInstructions, onDocument(input)));
  }

  @Mutation(() => AcknowledgeInstructionsPayload, {
    description: 'Trainer: "I have read version N" (up to the published one); clears `hasUnreadUpdate` once N is the published version.',
  })
  async acknowledgeInstructions(
    @Arg('input') input: AcknowledgeInstructionsInput,
    @SignedIn() context: SignedInContext,
  ): Promise<AcknowledgeInstructionsPayload> {
    const change = await runCommand(context, instructions.acknowledgeInstructions, onDocument(input));
    // For a trainer: the published document of their contract's job.
    return readBack(context, { document: [InstructionDocument, change.documentId] });
  }
}
