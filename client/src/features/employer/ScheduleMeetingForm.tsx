import { useId, useState, type FormEvent } from 'react';

import type { CalendarEventKind } from '../../gql/graphql';
import { FormFooter } from '../../ui/FormFooter';
import { errorMessage } from '../../ui/QueryState';
import { toasts } from '../../ui/toasts';
import { useContractPeople } from './contract-people';
import { MemberPicker, usePickedMembers } from './MemberPicker';
import { useCreateCalendarEvent } from './use-create-calendar-event';

const KINDS: CalendarEventKind[] = ['CHECK_IN', 'KICKOFF', 'DEADLINE', 'OTHER'];
const kindLabel = (kind: string) => (kind.charAt(0) + kind.slice(1).toLowerCase()).replace('_', '-');

/**
 * Schedules a meeting about this contract with attendees picked by name: the trainer (invited
 * unless unticked) and any colleagues. You always attend.
 */
export const ScheduleMeetingForm = ({ contractId }: { contractId: string }) => {
  const people = useContractPeople(contractId);
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('Weekly check-in');
  const [kind, setKind] = useState<CalendarEventKind>('CHECK_IN');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('10:00');
  const [minutes, setMinutes] = useState('30');
  const [meetingUrl, setMeetingUrl] = useState('');
  const attendees = usePickedMembers(people ? [people.trainer.id] : []);
  const [problem, setProblem] = useState<string | null>(null);
  const { create, loading } = useCreateCalendarEvent();
  const ids = { title: useId(), kind: useId(), date: useId(), time: useId(), minutes: useId(), url: useId() };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!people) return;
    const startsAt = new Date(`${date}T${time || '00:00'}`);
    const duration = Number(minutes);
    if (!title.trim()) return setProblem('Give the meeting a title.');
    if (!date || Number.isNaN(startsAt.getTime())) return setProblem('Pick a date and a time.');
    if (!Number.isInteger(duration) || duration <= 0) return setProblem('The length is a number of minutes.');
    setProblem(null);
    try {
      await create({
        jobId: people.job.id,
        contractId,
        kind,
        title: title.trim(),
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + duration * 60_000).toISOString(),
        allDay: false,
        meetingUrl: meetingUrl.trim() || null,
        attendeeIds: [...attendees.selected],
      });
      toasts.show({ message: `Scheduled "${title.trim()}".`, tone: 'success' });
      attendees.reset();
      setOpen(false);
    } catch (error) {
      setProblem(errorMessage(error instanceof Error ? error : null));
    }
  };

  return (
    <section className="card employer-panel" aria-labelledby="schedule-title">
      <h2 id="schedule-title">Meetings</h2>
      {!open ? (
        <button type="button" className="button" onClick={() => setOpen(true)} disabled={!people}>
          Schedule a meeting
        </button>
      ) : (
        <form className="create-milestone" onSubmit={onSubmit} noValidate aria-label="Schedule a meeting">
          <div className="field">
            <label htmlFor={ids.title}>Meeting title</label>
            <input id={ids.title} value={title} onChange={(event) => setTitle(event.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor={ids.kind}>Kind</label>
            <select id={ids.kind} value={kind} onChange={(event) => setKind(event.target.value as CalendarEventKind)}>
              {KINDS.map((value) => (
                <option key={value} value={value}>
                  {kindLabel(value)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.date}>Date</label>
            <input id={ids.date} type="date" value={date} onChange={(event) => setDate(event.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor={ids.time}>Start time</label>
            <input id={ids.time} type="time" value={time} onChange={(event) => setTime(event.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor={ids.minutes}>Length (minutes)</label>
            <input id={ids.minutes} inputMode="numeric" value={minutes} onChange={(event) => setMinutes(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.url}>Call link (optional)</label>
            <input id={ids.url} type="url" value={meetingUrl} onChange={(event) => setMeetingUrl(event.target.value)} />
          </div>
          <MemberPicker
            legend="Attendees"
            others={people ? [{ id: people.trainer.id, name: people.trainer.name, note: 'trainer' }] : []}
            selected={attendees.selected}
            onChange={attendees.setSelected}
          />
          <FormFooter problem={problem} loading={loading} submitLabel="Schedule" busyLabel="Scheduling…" onCancel={() => setOpen(false)} />
        </form>
      )}
    </section>
  );
};
