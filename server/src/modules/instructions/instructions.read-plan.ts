import { planField } from '../../api/read-plan/registry.js';
import { UserRole } from '../../auth/viewer.js';
import { defineList } from '../../graphql/lists.js';
import { readScopeOf } from '../../policy/policy.js';
import { InstructionDocument } from './instruction-document.entity.js';
import { acknowledgedVersionSql, unreadUpdate } from './instructions.service.js';

/** A contract's instructions are its job's document, if the viewer may read it (the Contract.instructions resolver). */
const jobInstructions = defineList<InstructionDocument, Record<string, never>>({
  entity: InstructionDocument,
  alias: 'd',
  parent: 'd.job_id',
  parentKey: 'jobId',
  where: (query, _args, viewer) => {
    readScopeOf(InstructionDocument)!(query, viewer, 'd');
  },
  sort: [],
});

// How the SQL read planner reads the instructions area's fields (the resolvers in instruction.resolver.ts).
planField('Contract', 'instructions', { kind: 'first', list: jobInstructions });
planField('InstructionDocument', 'acknowledgedVersion', {
  kind: 'computed',
  sql: (alias, { viewer, parameter }) => {
    if (alias === null) throw new Error('a document is a row');
    return acknowledgedVersionSql(alias, parameter(viewer.id));
  },
  read: (raw) => raw,
  reads: [],
});
planField('InstructionDocument', 'hasUnreadUpdate', {
  kind: 'computed',
  sql: (alias, { viewer, parameter }) => {
    if (alias === null) throw new Error('a document is a row');
    return acknowledgedVersionSql(alias, parameter(viewer.id));
  },
  read: (raw, document, viewer) => viewer.role === UserRole.TRAINER && unreadUpdate(document as InstructionDocument, raw as number | null),
  reads: ['publishedVersion'],
});
