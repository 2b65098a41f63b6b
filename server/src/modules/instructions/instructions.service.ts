import { In } from 'typeorm';
import type { SignedInContext } from '../../graphql/context.js';
import type { Connection, ConnectionArgs } from '../../graphql/pagination.js';
import { InstructionAck } from './instruction-ack.entity.js';
import { InstructionDocument } from './instruction-document.entity.js';
import { InstructionRevision } from './instruction-revision.entity.js';

/** A job's instruction document (unauthorized: callers check `canRead`). */
export function instructionsOfJob(context: SignedInContext, jobId: string): Promise<InstructionDocument | null> {
  return context.loaders
    .named<string, InstructionDocument | null>('instructions.byJob', async (jobIds) => {
      const rows = await context.loaders.manager.getRepository(InstructionDocument).findBy({ jobId: In([...jobIds]) });
      const byJob = new Map(rows.map((row) => [row.jobId, row]));
      return jobIds.map((id) => byJob.get(id) ?? null);
    })
    .load(jobId);
}

export function revisionOf(context: SignedInContext, documentId: string, version: number): Promise<InstructionRevision | null> {
  return context.loaders
    .named<string, InstructionRevision | null>('instructions.revision', async (keys) => {
      const pairs = keys.map((key) => key.split('@') as [string, string]);
      const rows = await context.loaders.manager
        .getRepository(InstructionRevision)
        .createQueryBuilder('r')
        .where('(r.document_id, r.version) IN (SELECT * FROM unnest(CAST(:documentIds AS uuid[]), CAST(:versions AS int[])))', {
          documentIds: pairs.map(([documentId]) => documentId),
          versions: pairs.map(([, revisionVersion]) => Number(revisionVersion)),
        })
        .getMany();
      const byKey = new Map(rows.map((row) => [`${row.documentId}@${row.version}`, row]));
      return keys.map((key) => byKey.get(key) ?? null);
    })
    .load(`${documentId}@${version}`);
}

export function revisionsOf(context: SignedInContext, documentId: string, args: ConnectionArgs): Promise<Connection<InstructionRevision>> {
  return context.loaders
    .connection(InstructionRevision, 'instructions.revisions', args, (documentIds) => ({
      query: context.loaders.manager
        .getRepository(InstructionRevision)
        .createQueryBuilder('r')
        .where('r.document_id IN (:...documentIds)', { documentIds }),
      partitionBy: 'r.document_id',
      sort: [{ expression: 'r.version', direction: 'DESC' }],
    }))
    .load(documentId);
}

/** The version the viewer last acknowledged, or null. */
export function acknowledgedVersion(context: SignedInContext, documentId: string): Promise<number | null> {
  return context.loaders
    .named<string, number | null>('instructions.ack', async (documentIds) => {
      const rows = await context.loaders.manager
        .getRepository(InstructionAck)
        .findBy({ documentId: In([...documentIds]), trainerId: context.viewer.id });
      const byDocument = new Map(rows.map((row) => [row.documentId, row.version]));
      return documentIds.map((id) => byDocument.get(id) ?? null);
    })
    .load(documentId);
}
