import { useQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';

import { getFragmentData, graphql } from '../../gql';
import { ConfirmDangerousAction } from '../../ui/ConfirmDangerousAction';
import { FormFooter } from '../../ui/FormFooter';
import { EmptyState, errorMessage, QueryGate } from '../../ui/QueryState';
import { toasts } from '../../ui/toasts';
import { useRefetchOnLive } from '../live/live-refetch';
import { CalendarEventDetail, CalendarEventDetail_event } from './CalendarEventDetail';
import { formatEventWhen } from './event-times';
import { useCancelCalendarEvent, useUpdateCalendarEvent } from './use-change-calendar-event';

import './CalendarEventDetail.css';

export const ContractMeetingsQuery = graphql(`
  query ContractMeetings($contractId: ID!) {
    node(id: $contractId) {
      __typename
      id
      ... on Contract {
        meetings(first: 20) {
          totalCount
          edges {
            cursor
            node {
              id
              ...CalendarEventDetail_event
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

type MeetingRef = Parameters<typeof CalendarEventDetail>[0]['event'];

/**
 * The contract's meetings that have not ended, soonest first, each with its details; employers
 * (`editable`) change or cancel them here.
 */
export const ContractMeetings = ({ contractId, editable = false }: { contractId: string; editable?: boolean }) => {
  const { data, error, refetch } = useQuery(ContractMeetingsQuery, { variables: { contractId }, fetchPolicy: 'cache-and-network' });
  useRefetchOnLive(['CALENDAR_EVENT_SCHEDULED', 'CALENDAR_EVENT_UPDATED', 'CALENDAR_EVENT_CANCELLED'], refetch);
  const contract = data?.node?.__typename === 'Contract' ? data.node : null;
  return (
    <section className="card employer-panel contract-meetings" aria-labelledby="contract-meetings-title">
      <h2 id="contract-meetings-title">Upcoming meetings</h2>
      <QueryGate data={contract} error={error} refetch={refetch} loadingLabel="Loading meetings…">
        {(loaded) =>
          loaded.meetings.edges.length === 0 ? (
            <EmptyState>No meetings scheduled on this contract.</EmptyState>
          ) : (
            <ul className="contract-meetings__list">
              {loaded.meetings.edges.map(({ node }) => (
                <Meeting key={node.id} meeting={node} editable={editable} />
              ))}
            </ul>
          )
        }
      </QueryGate>
    </section>
  );
};

type Mode = 'view' | 'edit' | 'cancel';

const Meeting = ({ meeting: meetingRef, editable }: { meeting: MeetingRef; editable: boolean }) => {
  const meeting = getFragmentData(CalendarEventDetail_event, meetingRef);
  const [mode, setMode] = useState<Mode>('view');
  const [problem, setProblem] = useState<string | null>(null);
  const { cancel, loading: cancelling } = useCancelCalendarEvent();
  const headingId = useId();
  const problemId = useId();
  const cancelled = meeting.cancelledAt != null;

  const onCancelMeeting = async () => {
    setProblem(null);
    try {
      await cancel(meeting.id);
      toasts.show({ message: `Cancelled "${meeting.title}". Attendees see it as cancelled.`, tone: 'success' });
      setMode('view');
    } catch (caught) {
      setProblem(errorMessage(caught instanceof Error ? caught : null));
    }
  };

  const actions =
    editable && !cancelled && mode === 'view' ? (
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setMode('edit')}>
          Edit<span className="visually-hidden"> {meeting.title}</span>
        </button>
        <button type="button" className="button button--quiet" onClick={() => setMode('cancel')}>
          Cancel meeting<span className="visually-hidden"> {meeting.title}</span>
        </button>
      </div>
    ) : null;

  return (
    <li className="contract-meetings__item" aria-labelledby={headingId}>
      <CalendarEventDetail event={meetingRef} headingId={headingId} level={3} actions={actions} />
      {mode === 'edit' && <EditMeetingForm meeting={meeting} onDone={() => setMode('view')} />}
      {mode === 'cancel' && (
        <ConfirmDangerousAction
          className="contract-meetings__confirm"
          label={`Cancel ${meeting.title}`}
          question={
            <>
              Cancel “{meeting.title}” ({formatEventWhen(meeting)})? It stays on attendees’ calendars, marked cancelled; this cannot be undone.
            </>
          }
          confirmLabel="Cancel the meeting"
          workingLabel="Cancelling…"
          working={cancelling}
          busy={cancelling}
          describedBy={problem ? problemId : undefined}
          onConfirm={onCancelMeeting}
          onCancel={() => {
            setProblem(null);
            setMode('view');
          }}
        />
      )}
      {problem && (
        <p id={problemId} className="form-error" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
};

const pad = (value: number) => String(value).padStart(2, '0');
const localDate = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
const localTime = (date: Date) => `${pad(date.getHours())}:${pad(date.getMinutes())}`;

interface EditableMeeting {
  id: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  location?: string | null;
  meetingUrl?: string | null;
}

/** Changes a meeting's title, time (in your time zone), length, place, link and description. */
const EditMeetingForm = ({ meeting, onDone }: { meeting: EditableMeeting; onDone: () => void }) => {
  const starts = new Date(meeting.startsAt);
  const [title, setTitle] = useState(meeting.title);
  const [date, setDate] = useState(localDate(starts));
  const [time, setTime] = useState(localTime(starts));
  const [minutes, setMinutes] = useState(String(Math.round((new Date(meeting.endsAt).getTime() - starts.getTime()) / 60_000)));
  const [location, setLocation] = useState(meeting.location ?? '');
  const [meetingUrl, setMeetingUrl] = useState(meeting.meetingUrl ?? '');
  const [description, setDescription] = useState(meeting.description);
  const [problem, setProblem] = useState<string | null>(null);
  const { update, loading } = useUpdateCalendarEvent();
  const ids = { title: useId(), date: useId(), time: useId(), minutes: useId(), location: useId(), url: useId(), description: useId() };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const startsAt = new Date(`${date}T${time || '00:00'}`);
    const duration = Number(minutes);
    if (!title.trim()) return setProblem('Give the meeting a title.');
    if (!meeting.allDay) {
      if (!date || Number.isNaN(startsAt.getTime())) return setProblem('Pick a date and a time.');
      if (!Number.isInteger(duration) || duration <= 0) return setProblem('The length is a number of minutes.');
    }
    setProblem(null);
    try {
      await update({
        eventId: meeting.id,
        title: title.trim(),
        description: description.trim() || null,
        location: location.trim() || null,
        meetingUrl: meetingUrl.trim() || null,
        ...(meeting.allDay ? {} : { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + duration * 60_000).toISOString() }),
      });
      toasts.show({ message: `Saved "${title.trim()}". Attendees see the change.`, tone: 'success' });
      onDone();
    } catch (caught) {
      setProblem(errorMessage(caught instanceof Error ? caught : null));
    }
  };

  return (
    <form className="create-milestone contract-meetings__edit" onSubmit={onSubmit} noValidate aria-label={`Edit ${meeting.title}`}>
      <div className="field">
        <label htmlFor={ids.title}>Meeting title</label>
        <input id={ids.title} value={title} onChange={(event) => setTitle(event.target.value)} required autoFocus />
      </div>
      {!meeting.allDay && (
        <>
          <div className="field">
            <label htmlFor={ids.date}>Date</label>
            <input id={ids.date} type="date" value={date} onChange={(event) => setDate(event.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor={ids.time}>Start time (your time zone)</label>
            <input id={ids.time} type="time" value={time} onChange={(event) => setTime(event.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor={ids.minutes}>Length (minutes)</label>
            <input id={ids.minutes} inputMode="numeric" value={minutes} onChange={(event) => setMinutes(event.target.value)} />
          </div>
        </>
      )}
      <div className="field">
        <label htmlFor={ids.location}>Where (optional)</label>
        <input id={ids.location} value={location} maxLength={500} onChange={(event) => setLocation(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.url}>Call link (optional)</label>
        <input id={ids.url} type="url" value={meetingUrl} onChange={(event) => setMeetingUrl(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.description}>Description (optional)</label>
        <textarea id={ids.description} rows={3} maxLength={5000} value={description} onChange={(event) => setDescription(event.target.value)} />
      </div>
      <FormFooter problem={problem} loading={loading} submitLabel="Save changes" busyLabel="Saving…" onCancel={onDone} />
    </form>
  );
};
