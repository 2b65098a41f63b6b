import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { makeFragmentData } from '../../gql';
import { renderWithApp, testEmployer } from '../../test/render';
import { CalendarEntryItem, CalendarEntryItem_entry } from './CalendarEntryItem';
import { CalendarFeed, CalendarFeed_viewer } from './CalendarFeed';
import { ContractMeetings, ContractMeetingsQuery } from './ContractMeetings';
import { CalendarEventDetailQuery, EventDetailDialog } from './EventDetailDialog';
import { formatDueDate, formatEventWhen } from './event-times';
import { CancelCalendarEventMutation, UpdateCalendarEventMutation } from './use-change-calendar-event';

/** Intl writes narrow no-break spaces in times; compare words. */
const words = (text: string | null | undefined) => (text ?? '').replace(/[\s\u202f\u2009]+/g, ' ').trim();

const user = (id: string, name: string, role: 'EMPLOYER' | 'TRAINER') => ({ __typename: 'User' as const, id, name, role });
const morgan = user('U-morgan', 'Morgan Lee', 'EMPLOYER');
const alex = user('U-alex', 'Alex Rivera', 'TRAINER');

const event = (values: Record<string, unknown> = {}) => ({
  __typename: 'CalendarEvent' as const,
  id: 'EV1',
  kind: 'CHECK_IN' as const,
  title: 'Weekly check-in',
  description: 'Go over batch 3.\nBring questions.',
  startsAt: '2099-12-08T15:00:00.000Z',
  endsAt: '2099-12-08T15:30:00.000Z',
  allDay: false,
  location: null,
  meetingUrl: 'https://meet.example.com/abc',
  cancelledAt: null,
  attendees: [morgan, alex],
  createdBy: { __typename: 'User' as const, id: 'U-morgan', name: 'Morgan Lee' },
  job: { __typename: 'Job' as const, id: 'J1', title: 'RLHF ranking' },
  contract: { __typename: 'Contract' as const, id: 'C1', title: 'RLHF ranking: Alex' },
  ...values,
});

describe('Times on the calendar', () => {
  it('names the time zone of a timed event, and reads all-day events and deadlines as dates', () => {
    const times = { startsAt: '2026-12-08T15:00:00.000Z', endsAt: '2026-12-08T15:30:00.000Z', allDay: false };
    expect(words(formatEventWhen(times, 'America/New_York', 'en-US'))).toBe('Tue, Dec 8, 2026, 10:00 – 10:30 AM EST');
    expect(words(formatEventWhen(times, 'Europe/Berlin', 'en-US'))).toBe('Tue, Dec 8, 2026, 4:00 – 4:30 PM GMT+1');
    // All-day: whole UTC days, the end exclusive; the same dates wherever the reader is.
    const twoDays = { startsAt: '2026-12-08T00:00:00.000Z', endsAt: '2026-12-10T00:00:00.000Z', allDay: true };
    expect(formatEventWhen(twoDays, 'America/Los_Angeles', 'en-US')).toBe('Tue, Dec 8, 2026 – Wed, Dec 9, 2026 (all day)');
    // A due date picked as Dec 8 in New York is stored as 23:59 there; it reads as the date.
    expect(formatDueDate('2026-12-09T04:59:00.000Z', 'America/New_York', 'en-US')).toBe('Tue, Dec 8, 2026');
  });

  it('shows a deadline as "Due <date>", never a clock time', () => {
    const deadline = {
      __typename: 'MilestoneDeadline' as const,
      kind: 'DEADLINE' as const,
      title: 'Milestone 2 due: Label set B',
      startsAt: '2026-12-09T04:59:00.000Z',
      endsAt: '2026-12-09T04:59:00.000Z',
      allDay: false,
      milestone: { __typename: 'Milestone' as const, id: 'M2', number: 2, status: 'FUNDED' as const },
      contract: { __typename: 'Contract' as const, id: 'C1', title: 'RLHF ranking' },
    };
    renderWithApp(
      <ul>
        <CalendarEntryItem entry={makeFragmentData(deadline, CalendarEntryItem_entry)} />
      </ul>,
    );
    const item = screen.getByRole('listitem');
    expect(item.querySelector('.calendar-entry__time')?.textContent).toBe(`Due ${formatDueDate('2026-12-09T04:59:00.000Z')}`);
    expect(item.textContent).not.toMatch(/\d:\d\d/);
  });
});

describe('An event opened from the calendar', () => {
  it('shows when (with the time zone), who, what and the join link, and closes', async () => {
    const onClose = vi.fn();
    const userActions = userEvent.setup();
    renderWithApp(<EventDetailDialog eventId="EV1" onClose={onClose} />, {
      mocks: [{ request: { query: CalendarEventDetailQuery, variables: { id: 'EV1' } }, result: { data: { node: event() } } }],
    });
    const dialog = await screen.findByRole('dialog', { name: 'Weekly check-in' });
    expect(words(within(dialog).getByText(/Dec 8, 2099/).textContent)).toBe(words(formatEventWhen(event())));
    expect(within(dialog).getByText(/times in your time zone/)).toBeTruthy();
    expect(within(dialog).getByText('Attendees (2)')).toBeTruthy();
    expect(
      within(dialog)
        .getAllByRole('listitem')
        .map((item) => words(item.textContent)),
    ).toEqual(['Morgan Lee · Employer · organizer', 'Alex Rivera · Trainer']);
    expect(within(dialog).getByText(/Go over batch 3\./).textContent).toBe('Go over batch 3.\nBring questions.');
    expect(
      within(dialog)
        .getByRole('link', { name: /Join the call/ })
        .getAttribute('href'),
    ).toBe('https://meet.example.com/abc');
    expect(within(dialog).getByRole('link', { name: 'RLHF ranking: Alex' }).getAttribute('href')).toBe('/jobs/C1/contract');

    await userActions.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('offers no join link on a cancelled event', async () => {
    renderWithApp(<EventDetailDialog eventId="EV1" onClose={() => undefined} />, {
      mocks: [
        {
          request: { query: CalendarEventDetailQuery, variables: { id: 'EV1' } },
          result: { data: { node: event({ cancelledAt: '2099-12-01T00:00:00.000Z' }) } },
        },
      ],
    });
    const dialog = await screen.findByRole('dialog', { name: 'Weekly check-in' });
    expect(within(dialog).getByText('Cancelled')).toBeTruthy();
    expect(within(dialog).queryByRole('link', { name: /Join the call/ })).toBeNull();
  });
});

describe("A contract's meetings", () => {
  const meetingsMock = (node = event()) => ({
    request: { query: ContractMeetingsQuery, variables: { contractId: 'C1' } },
    result: {
      data: {
        node: {
          __typename: 'Contract',
          id: 'C1',
          meetings: {
            __typename: 'CalendarEventConnection',
            totalCount: 1,
            edges: [{ __typename: 'CalendarEventEdge', cursor: 'e1', node }],
            pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'e1' },
          },
        },
      },
    },
  });

  it('lets the employer move a meeting and change its link', async () => {
    const userActions = userEvent.setup();
    let sent: Record<string, unknown> | null = null;
    renderWithApp(<ContractMeetings contractId="C1" editable />, {
      viewer: testEmployer,
      mocks: [
        meetingsMock(),
        {
          request: {
            query: UpdateCalendarEventMutation,
            variables: (variables: Record<string, unknown>) => {
              sent = variables.input as Record<string, unknown>;
              return true;
            },
          },
          result: {
            data: { updateCalendarEvent: { __typename: 'CalendarEventChangePayload', calendarEvent: event({ meetingUrl: 'https://meet.example.com/new' }) } },
          },
        },
      ],
    });
    const meeting = await screen.findByRole('listitem', { name: 'Weekly check-in' });
    await userActions.click(within(meeting).getByRole('button', { name: /^Edit/ }));
    const form = within(meeting).getByRole('form', { name: 'Edit Weekly check-in' });
    await userActions.clear(within(form).getByLabelText('Start time (your time zone)'));
    await userActions.type(within(form).getByLabelText('Start time (your time zone)'), '16:00');
    await userActions.clear(within(form).getByLabelText('Length (minutes)'));
    await userActions.type(within(form).getByLabelText('Length (minutes)'), '45');
    await userActions.clear(within(form).getByLabelText('Call link (optional)'));
    await userActions.type(within(form).getByLabelText('Call link (optional)'), 'https://meet.example.com/new');
    await userActions.click(within(form).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(sent).not.toBeNull());
    const startsAt = new Date(`${new Date('2099-12-08T15:00:00.000Z').toLocaleDateString('sv-SE')}T16:00`);
    expect(sent).toEqual({
      eventId: 'EV1',
      title: 'Weekly check-in',
      description: 'Go over batch 3.\nBring questions.',
      location: null,
      meetingUrl: 'https://meet.example.com/new',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 45 * 60_000).toISOString(),
    });
    await waitFor(() => expect(within(meeting).queryByRole('form')).toBeNull());
  });

  it('cancels a meeting after asking, and shows it cancelled', async () => {
    const userActions = userEvent.setup();
    const cancelled = vi.fn(() => ({
      data: { cancelCalendarEvent: { __typename: 'CalendarEventChangePayload', calendarEvent: event({ cancelledAt: '2099-12-01T00:00:00.000Z' }) } },
    }));
    renderWithApp(<ContractMeetings contractId="C1" editable />, {
      viewer: testEmployer,
      mocks: [meetingsMock(), { request: { query: CancelCalendarEventMutation, variables: { input: { eventId: 'EV1' } } }, result: cancelled }],
    });
    const meeting = await screen.findByRole('listitem', { name: 'Weekly check-in' });
    await userActions.click(within(meeting).getByRole('button', { name: /^Cancel meeting/ }));
    const confirm = within(meeting).getByRole('group', { name: 'Cancel Weekly check-in' });
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Keep it' }));
    await userActions.click(within(confirm).getByRole('button', { name: 'Cancel the meeting' }));

    await waitFor(() => expect(cancelled).toHaveBeenCalledTimes(1));
    expect(await within(meeting).findByText('Cancelled')).toBeTruthy();
    expect(within(meeting).queryByRole('button', { name: /^Edit/ })).toBeNull();
  });
});

describe('The calendar feed', () => {
  it('copies the ICS address and says so', async () => {
    const userActions = userEvent.setup();
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderWithApp(<CalendarFeed viewer={makeFragmentData({ __typename: 'Viewer', id: 'V1', calendarFeedUrl: '/calendar/secret.ics' }, CalendarFeed_viewer)} />);
    await userActions.click(screen.getByRole('button', { name: 'Copy feed address' }));
    expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/calendar/secret.ics`);
    expect(screen.getByRole('status').textContent).toMatch(/feed address is copied/);
    expect(screen.getByRole('button', { name: 'Copied ✓' })).toBeTruthy();
  });
});
