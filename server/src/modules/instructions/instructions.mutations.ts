import type { EntityManager } from 'typeorm';
import { lockRowById } from '../../db/rows-by-id.js';
import { authorizeRead, canRead } from '../../policy/policy.js';
import { isEmployer } from '../../auth/viewer.js';
import type { CommandContext } from '../../commands/command.js';
import { recordEvent } from '../../events/outbox.js';
import { badInput, conflict, forbidden, invalidTransition, notFound } from '../../errors/domain-error.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { UserRole } from '../accounts/user.entity.js';
import { Job } from '../jobs/job.entity.js';
import { InstructionDocument, InstructionStatus } from './instruction-document.entity.js';
import { InstructionRevision } from './instruction-revision.entity.js';
import { InstructionsPublished, InstructionsSaved } from './instruction.events.js';
import type { AcknowledgeInstructionsInput, PublishInstructionsInput, SaveInstructionsInput } from './instruction.inputs.js';
import { instructionsOfJob } from './instructions.service.js';

/** A change note as one line of an activity summary. */
const excerpt = (text: string) => {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
};

/** What an instructions mutation changed, as ids; the resolver reads them back after the commit. */
export interface InstructionsChange {
  documentId: string;
  revisionId?: string;
}

/** Employers of the organization that posted the job write its instructions; nobody else does. */
const isEditor = ({ viewer }: CommandContext, organizationId: string) => isEmployer(viewer) && viewer.organizationId === organizationId;

const editorsOnly = 'Only employers of the organization that posted this job can edit or publish its instructions.';

/** The document, locked for this transaction, if the viewer may edit it: NOT_FOUND if they cannot see it, FORBIDDEN if they only read it. */
async function lockDocumentToEdit(tx: CommandContext, id: string): Promise<InstructionDocument> {
  const locked = await lockRowById(tx.manager, InstructionDocument, id);
  const document = await authorizeRead(locked, tx, 'InstructionDocument', toGlobalId('InstructionDocument', id));
  if (!isEditor(tx, document.organizationId)) throw forbidden(editorsOnly);
  return document;
}

const lockDocumentOfJob = (manager: EntityManager, jobId: string) =>
  manager.getRepository(InstructionDocument).findOne({ where: { jobId }, lock: { mode: 'pessimistic_write' } });

/**
 * The commands below take database ids (the resolver decodes global ids) and run in the caller's
 * transaction.
 */

/**
 * Creates the job's instructions or saves a new draft version. Optimistic concurrency: the save
 * names the version it was based on, and the document row is locked while it is compared, so of
 * two saves from the same version exactly one lands and the other gets CONFLICT. Nothing is ever
 * overwritten; every save is a revision.
 */
export async function saveInstructions(tx: CommandContext, input: SaveInstructionsInput): Promise<InstructionsChange> {
  const { manager, viewer } = tx;
  const jobId = input.jobId;
  const job = await authorizeRead(await tx.loaders.byId(Job).load(jobId), tx, 'Job', toGlobalId('Job', jobId));
  if (!isEditor(tx, job.organizationId)) {
    // A trainer who reads the published instructions sees they are not theirs to edit; anyone
    // else learns nothing, not even whether the job has instructions.
    const existing = await instructionsOfJob(tx, job.id);
    if (existing && (await canRead(existing, tx))) throw forbidden(editorsOnly);
    throw notFound('instructions for Job', toGlobalId('Job', jobId));
  }
  const title = input.title.trim();
  const baseVersion = input.baseVersion ?? 0;
  let document = await lockDocumentOfJob(manager, job.id);
  let created = false;
  if (!document && baseVersion === 0) {
    // Two first saves may race: the unique job_id lets one insert, and the other then finds
    // (and locks) the committed row and is refused below as based on an old version.
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO instruction_documents (job_id, organization_id, title, body, version, status, updated_by_id)
       VALUES ($1, $2, $3, $4, 1, 'DRAFT', $5) ON CONFLICT (job_id) DO NOTHING RETURNING id`,
      [job.id, job.organizationId, title, input.body, viewer.id],
    );
    created = inserted.length === 1;
    document = await lockDocumentOfJob(manager, job.id);
  }
  if (!document) {
    throw badInput('baseVersion', 'This job has no instructions yet: leave baseVersion empty to create them.');
  }
  if (!created) {
    if (baseVersion > document.version) {
      throw badInput('baseVersion', `There is no version ${baseVersion}: the latest saved version is ${document.version}.`);
    }
    if (baseVersion !== document.version) {
      throw conflict(`Someone else saved version ${document.version} since you started editing; reload and merge your changes.`, {
        currentVersion: document.version,
      });
    }
    document.version += 1;
    document.title = title;
    document.body = input.body;
    document.updatedById = viewer.id;
    await manager.getRepository(InstructionDocument).save(document);
  }
  const revisions = manager.getRepository(InstructionRevision);
  const revision = await revisions.save(revisions.create({ documentId: document.id, version: document.version, title, body: input.body, authorId: viewer.id }));
  await recordEvent(manager, InstructionsSaved, {
    subject: document,
    actorId: viewer.id,
    summary: `${viewer.user.name} saved draft version ${document.version} of "${title}"`,
    payload: { version: document.version, baseVersion: created ? null : baseVersion },
  });
  return { documentId: document.id, revisionId: revision.id };
}

/** Makes a saved version the one trainers read: the latest by default, or an older one to roll back. */
export async function publishInstructions(tx: CommandContext, input: PublishInstructionsInput): Promise<InstructionsChange> {
  const { manager, viewer } = tx;
  const document = await lockDocumentToEdit(tx, input.documentId);
  const version = input.version ?? document.version;
  const revision = version <= document.version ? await manager.getRepository(InstructionRevision).findOneBy({ documentId: document.id, version }) : null;
  if (!revision) {
    throw badInput('version', `There is no version ${version}: the saved versions are 1 to ${document.version}.`);
  }
  if (version === document.publishedVersion) {
    throw invalidTransition(`Version ${version} is already the published version; save changes to publish a new one.`, {
      currentStatus: document.status,
      attemptedAction: 'PUBLISH',
    });
  }
  const previousVersion = document.publishedVersion;
  const changeNote = input.changeNote?.trim() || null;
  // publishedAt on the database's clock, like createdAt and updatedAt.
  await manager
    .getRepository(InstructionDocument)
    .update(document.id, { publishedVersion: version, publishedAt: () => 'now()', status: InstructionStatus.PUBLISHED });
  // The note belongs to this publication of the version: publishing it again (a rollback) says
  // anew what changed, or nothing. publishedAt marks the version as one trainers may have read.
  await manager.getRepository(InstructionRevision).update(revision.id, { changeNote, publishedAt: () => 'now()' });
  await recordEvent(manager, InstructionsPublished, {
    subject: document,
    actorId: viewer.id,
    summary: `${viewer.user.name} published version ${version} of "${revision.title}"${changeNote ? `: ${excerpt(changeNote)}` : ''}`,
    payload: { version, previousVersion, changeNote },
  });
  return { documentId: document.id, revisionId: revision.id };
}

/**
 * A trainer confirms having read a published version. Any version up to the published one is
 * accepted (a client may acknowledge what it showed while a newer one was being published); the
 * acknowledgement only ever moves forward.
 */
export async function acknowledgeInstructions(tx: CommandContext, input: AcknowledgeInstructionsInput): Promise<InstructionsChange> {
  const { manager, viewer } = tx;
  const id = input.documentId;
  const document = await authorizeRead(
    await manager.getRepository(InstructionDocument).findOneBy({ id }),
    tx,
    'InstructionDocument',
    toGlobalId('InstructionDocument', id),
  );
  if (viewer.role !== UserRole.TRAINER) {
    throw forbidden('Only trainers working on this job acknowledge its instructions; employers publish them.');
  }
  const published = document.publishedVersion;
  if (published === null || input.version > published) {
    throw badInput('version', `Version ${input.version} is not published: the published version is ${published ?? 'none yet'}.`);
  }
  // One row per document and trainer; the unique pair makes concurrent acknowledgements safe.
  await manager.query(
    `INSERT INTO instruction_acks (document_id, trainer_id, version) VALUES ($1, $2, $3)
     ON CONFLICT (document_id, trainer_id) DO UPDATE SET version = EXCLUDED.version, at = now()
     WHERE instruction_acks.version < EXCLUDED.version`,
    [document.id, viewer.id, input.version],
  );
  return { documentId: document.id };
}
