import { Link } from 'react-router';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatTime, humanize } from '../../ui/format';
import { formatDueDate } from './event-times';
import { statusLabel } from '../../ui/StatusBadge';

export const CalendarEntryItem_entry = graphql(`
  fragment CalendarEntryItem_entry on CalendarEntry {
    __typename
    kind
    title
    startsAt
    endsAt
    allDay
    ... on CalendarEvent {
      id
      cancelledAt
      location
      meetingUrl
      job {
        id
        title
      }
    }
    ... on MilestoneDeadline {
      milestone {
        id
        number
        status
      }
      contract {
        id
        title
      }
    }
  }
`);

interface CalendarEntryItemProps {
  entry: FragmentType<typeof CalendarEntryItem_entry>;
  /** Month cells show less. */
  compact?: boolean;
  /** Opens a scheduled event's details; its title is then a button. */
  onOpen?: (eventId: string) => void;
}

export const CalendarEntryItem = ({ entry: entryRef, compact = false, onOpen }: CalendarEntryItemProps) => {
  const entry = getFragmentData(CalendarEntryItem_entry, entryRef);
  const cancelled = entry.__typename === 'CalendarEvent' && entry.cancelledAt != null;
  // A deadline is a date (the end of the day the employer picked), never "6:59 PM".
  const when =
    entry.__typename === 'MilestoneDeadline'
      ? `Due ${formatDueDate(entry.startsAt)}`
      : entry.allDay
        ? 'All day'
        : `${formatTime(entry.startsAt)}–${formatTime(entry.endsAt)}`;
  const eventButton = (label: string) =>
    entry.__typename === 'CalendarEvent' && onOpen ? (
      <button type="button" className="calendar-entry__open" onClick={() => onOpen(entry.id)} aria-haspopup="dialog">
        {label}
      </button>
    ) : (
      <span>{label}</span>
    );
  const className = `calendar-entry calendar-entry--${entry.kind.toLowerCase()}${cancelled ? ' calendar-entry--cancelled' : ''}`;

  const title = entry.__typename === 'MilestoneDeadline' ? <Link to={`/jobs/${entry.contract.id}/contract`}>{entry.title}</Link> : eventButton(entry.title);

  if (compact) {
    // "Milestone 3 due: Label set B" reads as "Due: Label set B" in a small cell.
    const short = entry.title.replace(/^Milestone \d+ due:\s*/i, '');
    const label =
      entry.__typename === 'MilestoneDeadline' ? (
        <Link to={`/jobs/${entry.contract.id}/contract`} aria-label={entry.title}>
          {short}
        </Link>
      ) : (
        eventButton(entry.title)
      );
    return (
      <li className={className} title={`${when} · ${entry.title}${cancelled ? ' (cancelled)' : ''}`}>
        <span className="calendar-entry__time">{entry.__typename === 'MilestoneDeadline' ? 'Due' : entry.allDay ? '' : formatTime(entry.startsAt)}</span>{' '}
        {label}
        {cancelled && <span className="visually-hidden"> (cancelled)</span>}
      </li>
    );
  }

  return (
    <li className={className}>
      <div className="calendar-entry__line">
        <span className="calendar-entry__time">{when}</span>
        <span className="kind-tag">{humanize(entry.kind)}</span>
        {cancelled && <span className="kind-tag calendar-entry__cancelled-tag">Cancelled</span>}
      </div>
      <div className="calendar-entry__title">{title}</div>
      {entry.__typename === 'MilestoneDeadline' && (
        <div className="calendar-entry__detail">
          {entry.contract.title} · {statusLabel(entry.milestone.status)}
        </div>
      )}
      {entry.__typename === 'CalendarEvent' && (
        <div className="calendar-entry__detail">
          {entry.job?.title}
          {entry.location ? ` · ${entry.location}` : ''}
          {entry.meetingUrl && !cancelled && (
            <>
              {' · '}
              <a href={entry.meetingUrl} target="_blank" rel="noreferrer">
                Join<span className="visually-hidden"> {entry.title}</span>
              </a>
            </>
          )}
        </div>
      )}
    </li>
  );
};
