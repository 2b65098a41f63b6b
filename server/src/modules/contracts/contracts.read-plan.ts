import { list, planField, planGetter, reference } from '../../api/read-plan/registry.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { Job } from '../jobs/job.entity.js';
import { Proposal } from '../proposals/proposal.entity.js';
import type { Contract } from './contract.entity.js';
import { activeContracts, billingSums, billingSummaryOf, finishedContracts, organizationContracts, viewerContracts } from './contracts.service.js';

// How the SQL read planner reads the contracts area's fields: from the same lists and sums as its resolvers.
planField('Contract', 'trainer', reference(User, 'trainerId'));
planField('Contract', 'organization', reference(Organization, 'organizationId'));
planField('Contract', 'job', reference(Job, 'jobId'));
planField('Contract', 'proposal', reference(Proposal, 'proposalId'));
planField('Contract', 'billingSummary', {
  kind: 'computed',
  sql: (alias) => {
    if (alias === null) throw new Error('a contract is a row');
    return `(SELECT ARRAY[${billingSums.map(([, sum]) => `(${sum})::text`).join(', ')}] FROM milestones WHERE contract_id = ${alias}."id")`;
  },
  read: (raw, contract) => {
    const [paid, funded, pending, disputed, refunded] = raw as string[];
    return billingSummaryOf(contract as Contract, { paid, funded, pending, disputed, refunded });
  },
  reads: ['id', 'currency', 'totalBudgetCents'],
});
planField('Viewer', 'activeContracts', list(activeContracts));
planField('Viewer', 'finishedContracts', list(finishedContracts));
planField('Viewer', 'contracts', list(viewerContracts));
planField('Organization', 'contracts', list(organizationContracts));
planGetter('Contract', 'rate', ['rateCents', 'currency']);
planGetter('Contract', 'totalBudget', ['totalBudgetCents', 'currency']);
