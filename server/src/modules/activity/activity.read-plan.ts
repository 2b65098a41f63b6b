import { eventCursor } from '../../api/live-feed.js';
import { list, planField, reference } from '../../api/read-plan/registry.js';
import type { ActivityEvent } from '../../events/activity-event.entity.js';
import { User } from '../accounts/user.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { Job } from '../jobs/job.entity.js';
import { Channel } from '../messaging/channel.entity.js';
import { viewerActivity } from './activity.service.js';

// How the SQL read planner reads the activity area's fields: from the same list as its resolver.
planField('Viewer', 'latestActivity', list(viewerActivity));
planField('ActivityEvent', 'cursor', {
  kind: 'derived',
  read: (event) => ((event as ActivityEvent).position === null ? null : eventCursor((event as ActivityEvent).position!)),
  reads: ['position'],
});
planField('ActivityEvent', 'actor', reference(User, 'actorId'));
planField('ActivityEvent', 'contract', reference(Contract, 'contractId'));
planField('ActivityEvent', 'job', reference(Job, 'jobId'));
planField('ActivityEvent', 'channel', reference(Channel, 'channelId'));
