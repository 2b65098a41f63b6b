import { Arg, Mutation, Resolver } from 'type-graphql';
import { type Context, type SignedInContext } from '../../graphql/context.js';
import { SignedIn } from '../../graphql/signed-in.js';
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

/**
 * Reads back what a mutation changed, after its commit, as the viewer now sees it (for a trainer's
 * acknowledgement: the published document of their contract's job).
 * By id and unchecked (byId, not loadVisible): the viewer's own mutation just wrote it, as someone the
 * policy let write it, which implies reading it; the payload's relation fields are checked as usual.
 */
async function documentOf(context: Context, change: instructions.InstructionsChange) {
  return (await context.loaders.byId(InstructionDocument).load(change.documentId))!;
}

async function withRevision(context: Context, change: instructions.InstructionsChange) {
  const [document, revision] = await Promise.all([
    documentOf(context, change),
    context.loaders.byId(InstructionRevision).load(change.revisionId!),
  ]);
  return { document, revision: revision! };
}

@Resolver()
export class InstructionMutationResolver {
  @Mutation(() => SaveInstructionsPayload, {
    description:
      "Employer: creates a job's instructions (DRAFT, version 1) or saves a new draft version. Trainers keep reading the " +
      'published version until `publishInstructions`. CONFLICT when someone saved since `baseVersion`.',
  })
  async saveInstructions(@Arg('input') input: SaveInstructionsInput, @SignedIn() context: SignedInContext): Promise<SaveInstructionsPayload> {
    return withRevision(context, await instructions.saveInstructions(context, input));
  }

  @Mutation(() => PublishInstructionsPayload, {
    description: 'Employer: makes a saved version (the latest by default) the one trainers read; they see it as an unread update.',
  })
  async publishInstructions(@Arg('input') input: PublishInstructionsInput, @SignedIn() context: SignedInContext): Promise<PublishInstructionsPayload> {
    return withRevision(context, await instructions.publishInstructions(context, input));
  }

  @Mutation(() => AcknowledgeInstructionsPayload, {
    description: 'Trainer: "I have read version N" (up to the published one); clears `hasUnreadUpdate` once N is the published version.',
  })
  async acknowledgeInstructions(
    @Arg('input') input: AcknowledgeInstructionsInput,
    @SignedIn() context: SignedInContext,
  ): Promise<AcknowledgeInstructionsPayload> {
    return { document: await documentOf(context, await instructions.acknowledgeInstructions(context, input)) };
  }
}
