import { planField, planRoot, reference } from '../../api/read-plan/registry.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Organization } from './organization.entity.js';
import { ViewerType } from './viewer.type.js';

// How the SQL read planner reads the accounts area's fields (the resolvers in accounts.resolver.ts).
planRoot('viewer', (_args, viewer) => ({ kind: 'value', value: new ViewerType(viewer) }));
planField('Viewer', 'id', { kind: 'derived', read: (root) => toGlobalId('User', (root as ViewerType).viewer.id) });
planField('Viewer', 'organization', reference(Organization, 'organizationId'));
