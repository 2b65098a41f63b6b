import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { humanize } from '../../ui/format';
import { formatEventWhen, localTimeZone } from './event-times';

import './CalendarEventDetail.css';

export const CalendarEventDetail_event = graphql(`
  fragment CalendarEventDetail_event on CalendarEvent {
    id
    kind
    title
    description
    startsAt
    endsAt
    allDay
    location
    meetingUrl
    cancelledAt
    attendees {
      id
      name
      role
    }
    createdBy {
      id
      name
    }
    job {
      id
      title
    }
    contract {
      id
      title
    }
  }
`);

interface CalendarEventDetailProps {
  event: FragmentType<typeof CalendarEventDetail_event>;
  /** The heading's id, for the surrounding dialog or section to be named by. */
  headingId: string;
  /** The heading level: a dialog's title is an h2, a meeting in a list an h3. */
  level?: 2 | 3;
  /** Moves on the event (edit, cancel), for those who may make them. */
  actions?: ReactNode;
}

/** One scheduled event in full: when (with the time zone), who, what, where and the join link. */
export const CalendarEventDetail = ({ event: eventRef, headingId, level = 2, actions }: CalendarEventDetailProps) => {
  const event = getFragmentData(CalendarEventDetail_event, eventRef);
  const cancelled = event.cancelledAt != null;
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <article className={`event-detail${cancelled ? ' event-detail--cancelled' : ''}`}>
      <header className="event-detail__header">
        <Heading id={headingId} className="event-detail__title">
          {event.title}
        </Heading>
        <span className="kind-tag">{humanize(event.kind)}</span>
        {cancelled && <span className="kind-tag calendar-entry__cancelled-tag">Cancelled</span>}
      </header>
      <dl className="event-detail__facts">
        <div>
          <dt>When</dt>
          <dd>
            <time dateTime={event.startsAt}>{formatEventWhen(event)}</time>
            {!event.allDay && <span className="event-detail__zone"> · times in your time zone ({localTimeZone()})</span>}
          </dd>
        </div>
        {event.location && (
          <div>
            <dt>Where</dt>
            <dd>{event.location}</dd>
          </div>
        )}
        {event.meetingUrl && (
          <div>
            <dt>Call link</dt>
            <dd>
              {cancelled ? (
                <span className="event-detail__muted">Not needed: this event was cancelled.</span>
              ) : (
                <a className="button button--small button--primary" href={event.meetingUrl} target="_blank" rel="noreferrer">
                  Join the call<span className="visually-hidden">: {event.title}</span>
                </a>
              )}
            </dd>
          </div>
        )}
        <div>
          <dt>Attendees ({event.attendees.length})</dt>
          <dd>
            <ul className="event-detail__attendees">
              {event.attendees.map((person) => (
                <li key={person.id}>
                  {person.name} <span className="event-detail__muted">· {humanize(person.role)}</span>
                  {person.id === event.createdBy.id && <span className="event-detail__muted"> · organizer</span>}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        {(event.contract ?? event.job) && (
          <div>
            <dt>About</dt>
            <dd>{event.contract ? <Link to={`/jobs/${event.contract.id}/contract`}>{event.contract.title}</Link> : event.job?.title}</dd>
          </div>
        )}
      </dl>
      {event.description ? <p className="event-detail__description">{event.description}</p> : <p className="event-detail__muted">No description.</p>}
      {actions}
    </article>
  );
};
