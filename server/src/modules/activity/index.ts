import type { Area } from '../../api/area.js';
import { ActivityEventResolver, ActivityTabResolver } from './activity.resolver.js';
import { LiveResolver } from './live.resolver.js';
import './activity.read-plan.js';

/** The activity feed and the live subscriptions (events themselves are the kernel's outbox). */
export const activityArea: Area = {
  name: 'activity',
  entities: [],
  resolvers: [ActivityEventResolver, ActivityTabResolver, LiveResolver],
};
