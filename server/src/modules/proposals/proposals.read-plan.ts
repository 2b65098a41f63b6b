import { list, planField, planGetter, reference } from '../../api/read-plan/registry.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { Job } from '../jobs/job.entity.js';
import { viewerProposals } from './proposals.service.js';

// How the SQL read planner reads the proposals area's fields: from the same list as its resolvers.
planField('Viewer', 'proposals', list(viewerProposals));
planField('Proposal', 'job', reference(Job, 'jobId'));
planField('Proposal', 'trainer', reference(User, 'trainerId'));
planField('Proposal', 'organization', reference(Organization, 'organizationId'));
planGetter('Proposal', 'rate', ['rateCents', 'currency']);
