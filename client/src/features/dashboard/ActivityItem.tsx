import { Link } from 'react-router';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatRelative, formatDateTime } from '../../ui/format';
import { useNow } from '../../ui/use-now';

export const ActivityItem_event = graphql(`
  fragment ActivityItem_event on ActivityEvent {
    id
    type
    summary
    createdAt
    channel {
      id
    }
    contract {
      id
    }
  }
`);

/** Where an event is best followed up: its conversation, or its contract's relevant tab. */
export const activityHref = (event: { type: string; channel?: { id: string } | null; contract?: { id: string } | null }): string | null => {
  if (event.channel && event.type.startsWith('MESSAGE')) return `/messages/${event.channel.id}`;
  if (event.contract) {
    const base = `/jobs/${event.contract.id}`;
    if (event.type.startsWith('INSTRUCTIONS')) return `${base}/instructions`;
    if (event.type.startsWith('ACCESS')) return `${base}/access`;
    if (event.type.startsWith('CHANNEL')) return `${base}/messages`;
    return `${base}/contract`;
  }
  if (event.channel) return `/messages/${event.channel.id}`;
  if (event.type.startsWith('CALENDAR')) return '/calendar';
  if (event.type.startsWith('PROPOSAL')) return '/proposals';
  if (event.type.startsWith('INVOICE') || event.type.startsWith('PAYOUT')) return '/reports';
  return null;
};

export const ActivityItem = (props: { event: FragmentType<typeof ActivityItem_event> }) => {
  const event = getFragmentData(ActivityItem_event, props.event);
  const href = activityHref(event);
  const now = useNow();
  return (
    <li className="activity-item">
      {href ? <Link to={href}>{event.summary}</Link> : <span>{event.summary}</span>}
      <time dateTime={event.createdAt} title={formatDateTime(event.createdAt)}>
        {formatRelative(event.createdAt, now)}
      </time>
    </li>
  );
};
