/**
 * How a calendar entry's time reads: timed events in the reader's time zone, named ("EST"), so a
 * trainer elsewhere knows whose clock it is; all-day events and milestone deadlines as dates.
 */

export interface EventTimes {
  startsAt: string;
  endsAt: string;
  allDay: boolean;
}

/** The reader's time zone, as the browser knows it ("Europe/Berlin"). */
export const localTimeZone = (): string => formatter(undefined, {}).resolvedOptions().timeZone;

/**
 * One formatter per locale and options: building an `Intl.DateTimeFormat` costs far more than
 * formatting with one, and a month of calendar entries formats every entry (on a phone that was a
 * tenth of the calendar's first render).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatter = (locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => {
  const key = JSON.stringify([locale ?? null, options]);
  let made = formatters.get(key);
  if (!made) formatters.set(key, (made = new Intl.DateTimeFormat(locale, options)));
  return made;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** "Tue, Dec 8, 2026, 10:00 AM – 10:30 AM EST"; "Tue, Dec 8, 2026 (all day)"; days joined by "–". */
export const formatEventWhen = (entry: EventTimes, timeZone: string = localTimeZone(), locale?: string): string => {
  const starts = new Date(entry.startsAt);
  const ends = new Date(entry.endsAt);
  if (entry.allDay) {
    // All-day events are whole UTC days, `endsAt` exclusive (iCalendar's convention).
    const day = formatter(locale, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
    const last = new Date(Math.max(starts.getTime(), ends.getTime() - 1));
    const sameDay = Math.floor(starts.getTime() / DAY_MS) === Math.floor(last.getTime() / DAY_MS);
    return sameDay ? `${day.format(starts)} (all day)` : `${day.format(starts)} – ${day.format(last)} (all day)`;
  }
  const full = formatter(locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  });
  if (ends.getTime() <= starts.getTime()) return full.format(starts);
  return full.formatRange(starts, ends);
};

/**
 * A milestone's due date as a date: the employer picks a day (stored as the end of that day in
 * their time zone), so "6:59 PM" would only be the employer's midnight in someone else's clock.
 */
export const formatDueDate = (iso: string, timeZone: string = localTimeZone(), locale?: string): string =>
  formatter(locale, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone }).format(new Date(iso));
