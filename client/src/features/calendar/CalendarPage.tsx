import { useQuery } from '@apollo/client/react';
import { useFirstFetchPolicy } from '../../app/first-fetch-policy';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';

import { graphql } from '../../gql';
import type { CalendarPageQuery as CalendarPageData } from '../../gql/graphql';
import { QueryGate } from '../../ui/QueryState';
import { CalendarEntryItem } from './CalendarEntryItem';
import { CalendarFeed } from './CalendarFeed';
import { EventDetailDialog } from './EventDetailDialog';
import { addDays, dayKey, groupByDay, parseDayKey, shiftAnchor, startOfDay, visibleRange, type CalendarView } from './dates';
import { useRefetchOnLive } from '../live/live-refetch';

import './CalendarPage.css';

export const CalendarPageQuery = graphql(`
  query CalendarPage($from: DateTime!, $to: DateTime!) {
    viewer {
      id
      ...CalendarFeed_viewer
      calendar(from: $from, to: $to) {
        __typename
        startsAt
        endsAt
        allDay
        title
        ... on CalendarEvent {
          id
        }
        ... on MilestoneDeadline {
          milestone {
            id
          }
        }
        ...CalendarEntryItem_entry
      }
    }
  }
`);

const monthTitle = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
const weekdayShort = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const weekdayLong = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
const dayMonth = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

type Entry = NonNullable<CalendarPageData['viewer']>['calendar'][number];

const useCalendarQuery = (from: Date, to: Date) => {
  const variables = { from: from.toISOString(), to: to.toISOString() };
  const query = useQuery(CalendarPageQuery, { variables, ...useFirstFetchPolicy(CalendarPageQuery, variables) });
  useRefetchOnLive(
    ['MILESTONE_CREATED', 'MILESTONE_UPDATED', 'MILESTONE_STATUS_CHANGED', 'CALENDAR_EVENT_SCHEDULED', 'CALENDAR_EVENT_UPDATED', 'CALENDAR_EVENT_CANCELLED'],
    query.refetch,
  );
  return query;
};

const entryKey = (entry: Entry, index: number): string =>
  entry.__typename === 'CalendarEvent' ? entry.id : entry.__typename === 'MilestoneDeadline' ? `deadline-${entry.milestone.id}` : `entry-${index}`;

/** Calendar: a month grid or a week, of scheduled calls and milestone deadlines. */
export const CalendarPage = () => {
  const [params, setParams] = useSearchParams();
  const view: CalendarView = params.get('view') === 'week' ? 'week' : 'month';
  const anchor = parseDayKey(params.get('date')) ?? startOfDay(new Date());
  const anchorKey = dayKey(anchor);
  const range = useMemo(() => visibleRange(view, parseDayKey(anchorKey) ?? new Date()), [view, anchorKey]);
  const to = addDays(range.start, range.days);
  const { data, error, refetch } = useCalendarQuery(range.start, to);

  const go = (next: { view?: CalendarView; date?: Date }) => {
    const nextView = next.view ?? view;
    const nextDate = next.date ?? anchor;
    setParams({ view: nextView, date: dayKey(nextDate) });
  };
  // An open event is part of the address (?event=…): Back closes it, and it can be linked to.
  const openEventId = params.get('event');
  const openEvent = (eventId: string) => setParams({ view, date: anchorKey, event: eventId });
  const closeEvent = () => setParams({ view, date: anchorKey });

  const title =
    view === 'month'
      ? monthTitle.format(anchor)
      : `${dayMonth.format(range.start)} – ${dayMonth.format(addDays(range.start, 6))}, ${addDays(range.start, 6).getFullYear()}`;

  return (
    <section aria-labelledby="calendar-title" className="calendar">
      <div className="page-header">
        <h1 id="calendar-title">Calendar</h1>
        {data?.viewer && <CalendarFeed viewer={data.viewer} />}
      </div>
      <div className="calendar__toolbar">
        <div className="calendar__nav">
          <button type="button" className="button" onClick={() => go({ date: shiftAnchor(view, anchor, -1) })}>
            ‹<span className="visually-hidden">Previous {view}</span>
          </button>
          <button type="button" className="button" onClick={() => go({ date: startOfDay(new Date()) })}>
            Today
          </button>
          <button type="button" className="button" onClick={() => go({ date: shiftAnchor(view, anchor, 1) })}>
            ›<span className="visually-hidden">Next {view}</span>
          </button>
          <h2 className="calendar__range" aria-live="polite">
            {title}
          </h2>
        </div>
        <div className="segmented" role="group" aria-label="Calendar view">
          <button type="button" aria-pressed={view === 'month'} onClick={() => go({ view: 'month' })}>
            Month
          </button>
          <button type="button" aria-pressed={view === 'week'} onClick={() => go({ view: 'week' })}>
            Week
          </button>
        </div>
      </div>
      <QueryGate data={data?.viewer} error={error} refetch={refetch} loadingLabel="Loading your calendar…">
        {(viewer) => {
          const byDay = groupByDay(viewer.calendar);
          const days = Array.from({ length: range.days }, (_, i) => addDays(range.start, i));
          const today = dayKey(new Date());
          const renderList = (key: string, compact: boolean) => (
            <ul className={compact ? 'calendar__entries calendar__entries--compact' : 'calendar__entries'}>
              {(byDay.get(key) ?? []).map((entry, index) => (
                <CalendarEntryItem key={entryKey(entry, index)} entry={entry} compact={compact} onOpen={openEvent} />
              ))}
            </ul>
          );
          if (view === 'week') {
            return (
              <ol className="calendar-week" aria-label={`Week of ${dayMonth.format(range.start)}`}>
                {days.map((day) => {
                  const key = dayKey(day);
                  const count = byDay.get(key)?.length ?? 0;
                  return (
                    <li key={key} className={`calendar-week__day${key === today ? ' is-today' : ''}`}>
                      <h3 className="calendar-week__heading">
                        {weekdayLong.format(day)}
                        {key === today && <span className="calendar__today-tag">Today</span>}
                      </h3>
                      {count === 0 ? <p className="calendar__nothing">Nothing scheduled</p> : renderList(key, false)}
                    </li>
                  );
                })}
              </ol>
            );
          }
          const month = anchor.getMonth();
          const weeks = Array.from({ length: days.length / 7 }, (_, w) => days.slice(w * 7, w * 7 + 7));
          const agendaDays = days.filter((day) => day.getMonth() === month && byDay.has(dayKey(day)));
          return (
            <>
              <table className="calendar-month">
                <caption className="visually-hidden">{monthTitle.format(anchor)}</caption>
                <thead>
                  <tr>
                    {days.slice(0, 7).map((day) => (
                      <th key={dayKey(day)} scope="col">
                        {weekdayShort.format(day)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {weeks.map((week) => (
                    <tr key={dayKey(week[0]!)}>
                      {week.map((day) => {
                        const key = dayKey(day);
                        const classes = ['calendar-month__cell'];
                        if (day.getMonth() !== month) classes.push('is-outside');
                        if (key === today) classes.push('is-today');
                        return (
                          <td key={key} className={classes.join(' ')}>
                            <span className="calendar-month__date">
                              <span aria-hidden="true">{day.getDate()}</span>
                              <span className="visually-hidden">{weekdayLong.format(day)}</span>
                            </span>
                            {renderList(key, true)}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="calendar-agenda">
                <h3 className="visually-hidden">Agenda</h3>
                {agendaDays.length === 0 ? (
                  <p className="calendar__nothing">Nothing scheduled this month.</p>
                ) : (
                  agendaDays.map((day) => (
                    <div key={dayKey(day)} className="calendar-agenda__day">
                      <h4>{weekdayLong.format(day)}</h4>
                      {renderList(dayKey(day), false)}
                    </div>
                  ))
                )}
              </div>
            </>
          );
        }}
      </QueryGate>
      {openEventId && <EventDetailDialog key={openEventId} eventId={openEventId} onClose={closeEvent} />}
    </section>
  );
};
