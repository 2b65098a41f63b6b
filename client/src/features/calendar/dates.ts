/** Calendar arithmetic in the browser's local time zone. */

export const DAY_MS = 24 * 60 * 60 * 1000;

export const startOfDay = (date: Date): Date => new Date(date.getFullYear(), date.getMonth(), date.getDate());

export const addDays = (date: Date, days: number): Date => new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);

/** Weeks start on Monday. */
export const startOfWeek = (date: Date): Date => addDays(startOfDay(date), -((date.getDay() + 6) % 7));

export const startOfMonth = (date: Date): Date => new Date(date.getFullYear(), date.getMonth(), 1);

export const addMonths = (date: Date, months: number): Date => new Date(date.getFullYear(), date.getMonth() + months, 1);

/** 'YYYY-MM-DD' of a local date. */
export const dayKey = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** A 'YYYY-MM-DD' as a local date, or null when it is not one. */
export const parseDayKey = (value: string | null): Date | null => {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? null : date;
};

export type CalendarView = 'month' | 'week';

export interface VisibleRange {
  /** First day shown (local midnight). */
  start: Date;
  /** Number of days shown. */
  days: number;
}

/** The month view shows whole weeks (Monday to Sunday) around the month: 5 or 6 of them. */
export const visibleRange = (view: CalendarView, anchor: Date): VisibleRange => {
  if (view === 'week') return { start: startOfWeek(anchor), days: 7 };
  const first = startOfMonth(anchor);
  const start = startOfWeek(first);
  const end = startOfWeek(addDays(addMonths(first, 1), 6));
  return { start, days: Math.round((end.getTime() - start.getTime()) / DAY_MS) };
};

export const shiftAnchor = (view: CalendarView, anchor: Date, direction: 1 | -1): Date =>
  view === 'week' ? addDays(anchor, 7 * direction) : addMonths(anchor, direction);

export interface Timed {
  startsAt: string;
  endsAt: string;
  allDay: boolean;
}

/**
 * The local days an entry appears on. All-day entries cover whole UTC days (`endsAt` exclusive,
 * as in iCalendar), so they are placed by their UTC dates; timed ones by local time.
 */
export const daysOf = (entry: Timed): string[] => {
  const starts = new Date(entry.startsAt);
  const ends = new Date(entry.endsAt);
  let first: Date;
  let last: Date;
  if (entry.allDay) {
    first = new Date(starts.getUTCFullYear(), starts.getUTCMonth(), starts.getUTCDate());
    const lastInstant = new Date(Math.max(starts.getTime(), ends.getTime() - 1));
    last = new Date(lastInstant.getUTCFullYear(), lastInstant.getUTCMonth(), lastInstant.getUTCDate());
  } else {
    first = startOfDay(starts);
    last = startOfDay(new Date(Math.max(starts.getTime(), ends.getTime() - 1)));
  }
  const keys: string[] = [];
  for (let day = first; day <= last && keys.length < 62; day = addDays(day, 1)) keys.push(dayKey(day));
  return keys;
};

/** Entries grouped by the local day they appear on, each day in time order. */
export const groupByDay = <T extends Timed>(entries: readonly T[]): Map<string, T[]> => {
  const byDay = new Map<string, T[]>();
  for (const entry of entries) {
    for (const key of daysOf(entry)) {
      const list = byDay.get(key) ?? [];
      list.push(entry);
      byDay.set(key, list);
    }
  }
  for (const list of byDay.values()) {
    list.sort((a, b) => Number(b.allDay) - Number(a.allDay) || a.startsAt.localeCompare(b.startsAt));
  }
  return byDay;
};
