import { canRead, defineReadRule, inOrganization } from '../../policy/policy.js';
import { trainerContractJobIds } from '../contracts/contracts.policy.js';
import { InstructionDocument, InstructionStatus } from './instruction-document.entity.js';
import { InstructionRevision } from './instruction-revision.entity.js';

// The organization reads everything; a trainer with a contract on the job reads the published version.
defineReadRule(InstructionDocument, async (document, context) => {
  if (inOrganization(context.viewer, document.organizationId)) return true;
  if (document.status !== InstructionStatus.PUBLISHED) return false;
  return (await trainerContractJobIds(context)).has(document.jobId);
});
defineReadRule(InstructionRevision, async (revision, context) => {
  const document = await context.loaders.byId(InstructionDocument).load(revision.documentId);
  if (!document) return false;
  if (inOrganization(context.viewer, document.organizationId)) return true;
  // Trainers read the published version and nothing else: no drafts, no history.
  return revision.version === document.publishedVersion && (await canRead(document, context));
});
