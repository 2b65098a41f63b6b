import { canRead, defineReadRule, defineReadScope, inOrganization } from '../../policy/policy.js';
import { scopeParameters, trainerContractJobIds } from '../contracts/contracts.policy.js';
import { InstructionDocument, InstructionStatus } from './instruction-document.entity.js';
import { InstructionRevision } from './instruction-revision.entity.js';

// The organization reads everything; a trainer with a contract on the job reads the published version.
defineReadRule(InstructionDocument, async (document, context) => {
  if (inOrganization(context.viewer, document.organizationId)) return true;
  if (document.status !== InstructionStatus.PUBLISHED) return false;
  return (await trainerContractJobIds(context)).has(document.jobId);
});
// The same rule as SQL.
defineReadScope(InstructionDocument, (query, viewer, alias) =>
  query.andWhere(
    `(${alias}.organization_id = :scopeOrganizationId
      OR (${alias}.status = '${InstructionStatus.PUBLISHED}' AND ${alias}.job_id IN (SELECT scope_c.job_id FROM contracts scope_c WHERE scope_c.trainer_id = :scopeViewerId)))`,
    scopeParameters(viewer),
  ),
);
defineReadRule(InstructionRevision, async (revision, context) => {
  const document = await context.loaders.byId(InstructionDocument).load(revision.documentId);
  if (!document) return false;
  if (inOrganization(context.viewer, document.organizationId)) return true;
  // Trainers read the published version and nothing else: no drafts, no history.
  return revision.version === document.publishedVersion && (await canRead(document, context));
});
