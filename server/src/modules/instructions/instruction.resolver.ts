import { Arg, Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { isEmployer } from '../../auth/viewer.js';
import { type Context, type SignedInContext } from '../../api/context.js';
import { badInput } from '../../errors/domain-error.js';
import { ConnectionArgs, emptyConnection, type Connection } from '../../graphql/pagination.js';
import { SignedIn } from '../../api/signed-in.js';
import { loadVisible } from '../../api/visible.js';
import { User, UserRole } from '../accounts/user.entity.js';
import { Job } from '../jobs/job.entity.js';
import { InstructionDocument } from './instruction-document.entity.js';
import { InstructionRevision } from './instruction-revision.entity.js';
import { InstructionDiff } from './instruction.inputs.js';
import { InstructionRevisionConnection } from './instruction.types.js';
import { acknowledgedVersion, diffRevisions, instructionsOfJob, revisionOf, revisionsOf, unreadUpdate } from './instructions.service.js';
import { readableOrNull } from '../../api/node.service.js';
import { Contract } from '../contracts/contract.entity.js';

const editorOf = (context: SignedInContext, document: InstructionDocument) =>
  isEmployer(context.viewer) && context.viewer.organizationId === document.organizationId;

@Resolver(() => InstructionDocument)
export class InstructionDocumentResolver {
  @FieldResolver(() => Job)
  job(@Root() document: InstructionDocument, @Ctx() context: Context) {
    return loadVisible(context, Job, document.jobId);
  }

  @FieldResolver(() => InstructionRevision, { nullable: true, description: 'The version trainers read; null until published.' })
  published(@Root() document: InstructionDocument, @SignedIn() context: SignedInContext) {
    if (document.publishedVersion === null) return null;
    return revisionOf(context, document.id, document.publishedVersion);
  }

  @FieldResolver(() => InstructionRevision, {
    nullable: true,
    description: 'The latest saved draft (employers of the organization only; null for others).',
  })
  draft(@Root() document: InstructionDocument, @SignedIn() context: SignedInContext) {
    return editorOf(context, document) ? revisionOf(context, document.id, document.version) : null;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'The latest saved version (employers only).' })
  version(@Root() document: InstructionDocument, @SignedIn() context: SignedInContext): number | null {
    return editorOf(context, document) ? document.version : null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the draft has changes that are not published (false for trainers).' })
  hasUnpublishedChanges(@Root() document: InstructionDocument, @SignedIn() context: SignedInContext): boolean {
    return editorOf(context, document) && document.version !== document.publishedVersion;
  }

  @FieldResolver(() => InstructionRevisionConnection, {
    description: 'Every saved version, newest first (employers only; trainers get an empty list).',
  })
  revisions(
    @Root() document: InstructionDocument,
    @Args() args: ConnectionArgs,
    @SignedIn() context: SignedInContext,
  ): Promise<Connection<InstructionRevision>> | Connection<InstructionRevision> {
    if (!editorOf(context, document)) {
      return emptyConnection();
    }
    return revisionsOf(context, document.id, args);
  }

  @FieldResolver(() => InstructionDiff, {
    nullable: true,
    // Computing a diff is real work (bounded: see maxDiffEditLength); count it as a small page.
    complexity: 10,
    description: 'What changed in the body between two saved versions (employers of the organization only; null for others).',
  })
  async diff(
    @Root() document: InstructionDocument,
    @Arg('fromVersion', () => Int) fromVersion: number,
    @Arg('toVersion', () => Int) toVersion: number,
    @SignedIn() context: SignedInContext,
  ): Promise<InstructionDiff | null> {
    if (!editorOf(context, document)) return null;
    const [from, to] = await Promise.all([revisionOf(context, document.id, fromVersion), revisionOf(context, document.id, toVersion)]);
    const unknown = (version: number) => `There is no version ${version}: the saved versions are 1 to ${document.version}.`;
    if (!from) throw badInput('fromVersion', unknown(fromVersion));
    if (!to) throw badInput('toVersion', unknown(toVersion));
    return diffRevisions(from, to);
  }

  @FieldResolver(() => InstructionDiff, {
    nullable: true,
    complexity: 10,
    description:
      "For a trainer: what changed in the body from the version they acknowledged to the published one (with that version's " +
      '`changeNote` on `published`); null when they are up to date or have acknowledged nothing yet, and for employers (who use `diff`).',
  })
  async changesSinceAcknowledged(@Root() document: InstructionDocument, @SignedIn() context: SignedInContext): Promise<InstructionDiff | null> {
    if (context.viewer.role !== UserRole.TRAINER || document.publishedVersion === null) return null;
    const acknowledged = await acknowledgedVersion(context, document.id);
    if (acknowledged === null || acknowledged >= document.publishedVersion) return null;
    const [from, to] = await Promise.all([revisionOf(context, document.id, acknowledged), revisionOf(context, document.id, document.publishedVersion)]);
    // Only versions that were published once: a draft trainers never read stays the employer's.
    if (!from?.publishedAt || !to) return null;
    return diffRevisions(from, to);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'The published version the viewer acknowledged having read.' })
  acknowledgedVersion(@Root() document: InstructionDocument, @SignedIn() context: SignedInContext) {
    return acknowledgedVersion(context, document.id);
  }

  @FieldResolver(() => Boolean, {
    description: 'For trainers: a version newer than the one they acknowledged is published ("updated since you last read").',
  })
  async hasUnreadUpdate(@Root() document: InstructionDocument, @SignedIn() context: SignedInContext): Promise<boolean> {
    if (context.viewer.role !== UserRole.TRAINER || document.publishedVersion === null) return false;
    return unreadUpdate(document, await acknowledgedVersion(context, document.id));
  }
}

@Resolver(() => InstructionRevision)
export class InstructionRevisionResolver {
  @FieldResolver(() => User)
  author(@Root() revision: InstructionRevision, @Ctx() context: Context) {
    return loadVisible(context, User, revision.authorId);
  }

  @FieldResolver(() => InstructionDocument, { nullable: true })
  document(@Root() revision: InstructionRevision, @Ctx() context: Context) {
    return loadVisible(context, InstructionDocument, revision.documentId);
  }
}

/** A contract's instructions (its job's), from the instructions area. */
@Resolver(() => Contract)
export class ContractInstructionsResolver {
  @FieldResolver(() => InstructionDocument, {
    nullable: true,
    description: "The job's instructions: published for the trainer; drafts and revisions for the employer.",
  })
  async instructions(@Root() contract: Contract, @SignedIn() context: SignedInContext) {
    return readableOrNull(context, await instructionsOfJob(context, contract.jobId));
  }
}

/** A job's instructions, from the instructions area. */
@Resolver(() => Job)
export class JobInstructionsResolver {
  @FieldResolver(() => InstructionDocument, {
    nullable: true,
    description: "The job's instructions, when the viewer may read them (published, for hired trainers).",
  })
  async instructions(@Root() job: Job, @SignedIn() context: SignedInContext): Promise<InstructionDocument | null> {
    return readableOrNull(context, await instructionsOfJob(context, job.id));
  }
}
