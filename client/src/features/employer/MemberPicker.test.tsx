import type { MockLink } from '@apollo/client/testing';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { useLocation } from 'react-router';

import { renderWithApp, testEmployer } from '../../test/render';
import { ContractPeopleQuery } from './contract-people';
import { CreateGroupChannelForm } from './CreateGroupChannelForm';
import { JobPeopleQuery } from './job-people';
import { COLLEAGUES_PAGE, ColleaguesQuery } from './MemberPicker';
import { ScheduleMeetingForm } from './ScheduleMeetingForm';
import { CreateCalendarEventMutation } from './use-create-calendar-event';
import { CreateChannelMutation } from './use-create-channel';

const peopleMock = {
  request: { query: ContractPeopleQuery, variables: { contractId: 'C1' } },
  result: {
    data: {
      node: {
        __typename: 'Contract',
        id: 'C1',
        job: { __typename: 'Job', id: 'J1' },
        trainer: { __typename: 'User', id: 'U-tara', name: 'Tara Trainer' },
      },
    },
  },
};

/** The job of contract C1 has two trainers: Tara (this contract's) and Jordan (another contract's). */
const member = (role: 'EMPLOYER' | 'TRAINER', id: string, name: string) => ({
  __typename: 'JobTeamMember',
  role,
  user: { __typename: 'User', id, name },
});
const jobPeopleMock = {
  request: { query: JobPeopleQuery, variables: { contractId: 'C1' } },
  result: {
    data: {
      node: {
        __typename: 'Contract',
        id: 'C1',
        trainer: { __typename: 'User', id: 'U-tara', name: 'Tara Trainer' },
        job: {
          __typename: 'Job',
          id: 'J1',
          team: [
            member('EMPLOYER', testEmployer.id, testEmployer.name),
            member('EMPLOYER', 'U-priya', 'Priya Shah'),
            member('TRAINER', 'U-jordan', 'Jordan Diaz'),
            member('TRAINER', 'U-tara', 'Tara Trainer'),
          ],
        },
      },
    },
  },
};

const person = (id: string, name: string) => ({ __typename: 'UserEdge', cursor: id, node: { __typename: 'User', id, name } });

const colleaguesRequest = { query: ColleaguesQuery, variables: { first: COLLEAGUES_PAGE } };
const colleaguesMock = {
  request: colleaguesRequest,
  result: {
    data: {
      viewer: {
        __typename: 'Viewer',
        id: testEmployer.id,
        organization: {
          __typename: 'Organization',
          id: 'O1',
          members: {
            __typename: 'UserConnection',
            totalCount: 3,
            // The signed-in employer is in the list too; the picker leaves them out.
            edges: [person(testEmployer.id, testEmployer.name), person('U-priya', 'Priya Shah'), person('U-sam', 'Sam Ortega')],
            pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'U-sam' },
          },
        },
      },
    },
  },
};

const renderForm = (ui: React.ReactNode, mocks: MockLink.MockedResponse[]) =>
  renderWithApp(ui, { mocks, path: '/jobs/C1/messages', route: '/jobs/:contractId/messages', viewer: testEmployer });

/** The forms open once the contract's people are known. */
const enabledButton = async (name: string) => {
  const button = await screen.findByRole('button', { name });
  await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
  return button;
};

/** Where the form sent the browser: it stays on the job's Messages tab. */
const Location = () => {
  const location = useLocation();
  return <output aria-label="Location">{`${location.pathname}${location.search}`}</output>;
};

describe('Choosing members by name', () => {
  it("offers the job's other trainers, each checkbox inside its name's label", async () => {
    const user = userEvent.setup();
    renderForm(<CreateGroupChannelForm contractId="C1" />, [jobPeopleMock, colleaguesMock]);

    await user.click(await enabledButton('New group channel'));
    const members = screen.getByRole('group', { name: 'Members' });
    const onJob = within(members).getByRole('list', { name: 'On this job' });
    // This contract's trainer first and picked, then the job's other trainer, not picked.
    expect(
      within(onJob)
        .getAllByRole('checkbox')
        .map((box) => box.closest('label')?.textContent),
    ).toEqual(['Tara Trainer (trainer)', 'Jordan Diaz (trainer)']);
    const jordan = within(onJob).getByRole('checkbox', { name: 'Jordan Diaz (trainer)' }) as HTMLInputElement;
    expect(jordan.checked).toBe(false);
    // The name is part of the checkbox's label: clicking it toggles the box.
    await user.click(within(onJob).getByText('Jordan Diaz'));
    expect(jordan.checked).toBe(true);
    expect(members.textContent).toContain('2 selected.');
  });

  it('creates a group channel with the trainers and a colleague picked from the list, and opens it in the tab', async () => {
    const user = userEvent.setup();
    renderForm(
      <>
        <CreateGroupChannelForm contractId="C1" />
        <Location />
      </>,
      [
        jobPeopleMock,
        colleaguesMock,
        {
          request: {
            query: CreateChannelMutation,
            variables: { input: { jobId: 'J1', name: 'Labeling QA', memberIds: ['U-tara', 'U-jordan', 'U-priya'] } },
          },
          result: {
            data: {
              createChannel: { __typename: 'CreateChannelPayload', channel: { __typename: 'Channel', id: 'CH9', name: 'Labeling QA' } },
            },
          },
        },
      ],
    );

    await user.click(await enabledButton('New group channel'));
    const members = screen.getByRole('group', { name: 'Members' });
    // The trainer is in by default; colleagues are offered by name; you are always in, so not offered.
    const trainer = await within(members).findByRole('checkbox', { name: 'Tara Trainer (trainer)' });
    expect((trainer as HTMLInputElement).checked).toBe(true);
    const priya = await within(members).findByRole('checkbox', { name: 'Priya Shah (colleague)' });
    expect((priya as HTMLInputElement).checked).toBe(false);
    expect(within(members).getByRole('checkbox', { name: 'Sam Ortega (colleague)' })).toBeTruthy();
    expect(within(members).queryByRole('checkbox', { name: /Morgan Lee/ })).toBeNull();

    await user.type(screen.getByLabelText('Channel name'), 'Labeling QA');
    await user.click(within(members).getByRole('checkbox', { name: 'Jordan Diaz (trainer)' }));
    await user.click(priya);
    expect(members.textContent).toContain('3 selected.');
    await user.click(screen.getByRole('button', { name: 'Create channel' }));

    // It opens the new channel on the job's Messages tab, and nothing was refused.
    await waitFor(() => expect(screen.queryByRole('form', { name: 'New group channel' })).toBeNull());
    // The form closes as the mutation answers; the navigation to the channel follows it.
    await waitFor(() => expect(screen.getByRole('status', { name: 'Location' }).textContent).toBe('/jobs/C1/messages?channel=CH9'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('keeps the trainer offered when colleagues cannot be loaded, and Retry loads them', async () => {
    const user = userEvent.setup();
    renderForm(<CreateGroupChannelForm contractId="C1" />, [
      jobPeopleMock,
      { request: colleaguesRequest, error: new Error('Failed to fetch') },
      colleaguesMock,
    ]);

    await user.click(await enabledButton('New group channel'));
    const members = screen.getByRole('group', { name: 'Members' });
    const alert = await within(members).findByRole('alert');
    expect(alert.textContent).toContain('Your colleagues could not be loaded');
    expect(alert.textContent).toContain('Could not reach Workroom');
    expect(within(members).getByRole('checkbox', { name: 'Tara Trainer (trainer)' })).toBeTruthy();

    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await within(members).findByRole('checkbox', { name: 'Priya Shah (colleague)' })).toBeTruthy();
    expect(within(members).queryByRole('alert')).toBeNull();
  });

  it('invites the attendees picked, and only them, to a meeting', async () => {
    const user = userEvent.setup();
    const startsAt = new Date('2026-12-03T10:00');
    renderForm(<ScheduleMeetingForm contractId="C1" />, [
      peopleMock,
      colleaguesMock,
      {
        request: {
          query: CreateCalendarEventMutation,
          variables: {
            input: {
              jobId: 'J1',
              contractId: 'C1',
              kind: 'CHECK_IN',
              title: 'Weekly check-in',
              startsAt: startsAt.toISOString(),
              endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
              allDay: false,
              meetingUrl: null,
              attendeeIds: ['U-sam'],
            },
          },
        },
        result: {
          data: {
            createCalendarEvent: {
              __typename: 'CreateCalendarEventPayload',
              calendarEvent: {
                __typename: 'CalendarEvent',
                id: 'E1',
                title: 'Weekly check-in',
                startsAt: startsAt.toISOString(),
                endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
              },
            },
          },
        },
      },
    ]);

    await user.click(await enabledButton('Schedule a meeting'));
    const attendees = screen.getByRole('group', { name: 'Attendees' });
    await user.click(await within(attendees).findByRole('checkbox', { name: 'Tara Trainer (trainer)' }));
    await user.click(await within(attendees).findByRole('checkbox', { name: 'Sam Ortega (colleague)' }));
    await user.type(screen.getByLabelText('Date'), '2026-12-03');
    await user.click(screen.getByRole('button', { name: 'Schedule' }));

    await waitFor(() => expect(screen.queryByRole('form', { name: 'Schedule a meeting' })).toBeNull());
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
