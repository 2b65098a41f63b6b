import { Arg, Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { isEmployer } from '../../auth/viewer.js';
import { requireViewer, type Context, type SignedInContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { loadReadable } from '../../graphql/node.service.js';
import { connectionComplexity, ConnectionArgs, emptyConnection, type Connection } from '../../graphql/pagination.js';
import { User, UserRole } from '../accounts/user.entity.js';
import { Job } from '../jobs/job.entity.js';
import { InstructionDocument } from './instruction-document.entity.js';
import { InstructionRevision } from './instruction-revision.entity.js';
import { InstructionDiff } from './instruction.inputs.js';
import { InstructionRevisionConnection } from './instruction.types.js';
import { acknowledgedVersion, diffRevisions, revisionOf, revisionsOf } from './instructions.service.js';

const editorOf = (context: SignedInContext, document: InstructionDocument) =>
  isEmployer(context.viewer) && context.viewer.organizationId === document.organizationId;

@Resolver(() => InstructionDocument)
export class InstructionDocumentResolver {
  @FieldResolver(() => Job)
  job(@Root() document: InstructionDocument, @Ctx() context: Context) {
    return context.loaders.byId(Job).load(document.jobId);
  }

  @FieldResolver(() => InstructionRevision, { nullable: true, description: 'The version trainers read; null until published.' })
  published(@Root() document: InstructionDocument, @Ctx() context: Context) {
    if (document.publishedVersion === null) return null;
    return revisionOf(requireViewer(context), document.id, document.publishedVersion);
  }

  @FieldResolver(() => InstructionRevision, {
    nullable: true,
    description: 'The latest saved draft (employers of the organization only; null for others).',
  })
  draft(@Root() document: InstructionDocument, @Ctx() context: Context) {
    const signedIn = requireViewer(context);
    return editorOf(signedIn, document) ? revisionOf(signedIn, document.id, document.version) : null;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'The latest saved version (employers only).' })
  version(@Root() document: InstructionDocument, @Ctx() context: Context): number | null {
    return editorOf(requireViewer(context), document) ? document.version : null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the draft has changes that are not published (false for trainers).' })
  hasUnpublishedChanges(@Root() document: InstructionDocument, @Ctx() context: Context): boolean {
    return editorOf(requireViewer(context), document) && document.version !== document.publishedVersion;
  }

  @FieldResolver(() => InstructionRevisionConnection, {
    complexity: connectionComplexity,
    description: 'Every saved version, newest first (employers only; trainers get an empty list).',
  })
  revisions(@Root() document: InstructionDocument, @Args() args: ConnectionArgs, @Ctx() context: Context): Promise<Connection<InstructionRevision>> | Connection<InstructionRevision> {
    const signedIn = requireViewer(context);
    if (!editorOf(signedIn, document)) {
      return emptyConnection();
    }
    return revisionsOf(signedIn, document.id, args);
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
    @Ctx() context: Context,
  ): Promise<InstructionDiff | null> {
    const signedIn = requireViewer(context);
    if (!editorOf(signedIn, document)) return null;
    const [from, to] = await Promise.all([revisionOf(signedIn, document.id, fromVersion), revisionOf(signedIn, document.id, toVersion)]);
    const unknown = (version: number) => `There is no version ${version}: the saved versions are 1 to ${document.version}.`;
    if (!from) throw badInput('fromVersion', unknown(fromVersion));
    if (!to) throw badInput('toVersion', unknown(toVersion));
    return diffRevisions(from, to);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'The published version the viewer acknowledged having read.' })
  acknowledgedVersion(@Root() document: InstructionDocument, @Ctx() context: Context) {
    return acknowledgedVersion(requireViewer(context), document.id);
  }

  @FieldResolver(() => Boolean, {
    description: 'For trainers: a version newer than the one they acknowledged is published ("updated since you last read").',
  })
  async hasUnreadUpdate(@Root() document: InstructionDocument, @Ctx() context: Context): Promise<boolean> {
    const signedIn = requireViewer(context);
    if (signedIn.viewer.role !== UserRole.TRAINER || document.publishedVersion === null) return false;
    const acknowledged = await acknowledgedVersion(signedIn, document.id);
    return acknowledged === null || acknowledged < document.publishedVersion;
  }
}

@Resolver(() => InstructionRevision)
export class InstructionRevisionResolver {
  @FieldResolver(() => User)
  author(@Root() revision: InstructionRevision, @Ctx() context: Context) {
    return context.loaders.byId(User).load(revision.authorId);
  }

  @FieldResolver(() => InstructionDocument, { nullable: true })
  document(@Root() revision: InstructionRevision, @Ctx() context: Context) {
    return loadReadable(requireViewer(context), InstructionDocument, revision.documentId);
  }
}
