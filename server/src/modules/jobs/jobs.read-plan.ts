import { list, planField, planGetter, reference } from '../../api/read-plan/registry.js';
import { Organization } from '../accounts/organization.entity.js';
import type { Job } from './job.entity.js';
import { matchingSkillsOf, viewerRecommendedJobs } from './jobs.service.js';

// How the SQL read planner reads the jobs area's fields: from the same list and function as its resolvers.
planField('Job', 'organization', reference(Organization, 'organizationId'));
planField('Job', 'matchingSkills', { kind: 'derived', read: (job, viewer) => matchingSkillsOf(job as Job, viewer), reads: ['skills'] });
planField('Viewer', 'recommendedJobs', list(viewerRecommendedJobs));
planGetter('Job', 'rate', ['rateCents', 'currency']);
planGetter('Job', 'budget', ['budgetCents', 'currency']);
