import type { MockLink } from '@apollo/client/testing';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { renderWithApp, testEmployer } from '../../test/render';
import { GroupChannelMembers, GroupChannelMembersQuery } from './GroupChannelMembers';
import { JobPeopleQuery } from './job-people';
import { COLLEAGUES_PAGE, ColleaguesQuery } from './MemberPicker';
import { AddChannelMembersMutation } from './use-add-channel-members';
import { RemoveChannelMemberMutation } from './use-remove-channel-member';

const user = (id: string, name: string) => ({ __typename: 'User' as const, id, name });
const morgan = user(testEmployer.id, testEmployer.name);
const tara = user('U-tara', 'Tara Trainer');
const jordan = user('U-jordan', 'Jordan Diaz');
const priya = user('U-priya', 'Priya Shah');

const membersMock = (members: Array<ReturnType<typeof user>>) => ({
  request: { query: GroupChannelMembersQuery, variables: { channelId: 'CH1' } },
  result: { data: { node: { __typename: 'Channel', id: 'CH1', name: 'Labeling QA', members } } },
});

const jobPeopleMock = {
  request: { query: JobPeopleQuery, variables: { contractId: 'C1' } },
  result: {
    data: {
      node: {
        __typename: 'Contract',
        id: 'C1',
        trainer: tara,
        job: {
          __typename: 'Job',
          id: 'J1',
          team: [
            { __typename: 'JobTeamMember', role: 'EMPLOYER', user: morgan },
            { __typename: 'JobTeamMember', role: 'EMPLOYER', user: priya },
            { __typename: 'JobTeamMember', role: 'TRAINER', user: jordan },
            { __typename: 'JobTeamMember', role: 'TRAINER', user: tara },
          ],
        },
      },
    },
  },
};

const colleaguesMock = {
  request: { query: ColleaguesQuery, variables: { first: COLLEAGUES_PAGE } },
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
            totalCount: 2,
            edges: [morgan, priya].map((node) => ({ __typename: 'UserEdge', cursor: node.id, node })),
            pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'U-priya' },
          },
        },
      },
    },
  },
};

const payload = (field: 'addChannelMembers' | 'removeChannelMember', members: Array<ReturnType<typeof user>>) => ({
  data: {
    [field]: {
      __typename: field === 'addChannelMembers' ? 'AddChannelMembersPayload' : 'RemoveChannelMemberPayload',
      channel: { __typename: 'Channel', id: 'CH1', members },
    },
  },
});

const renderMembers = (mocks: MockLink.MockedResponse[]) =>
  renderWithApp(<GroupChannelMembers channelId="CH1" contractId="C1" />, {
    mocks,
    path: '/jobs/C1/messages',
    route: '/jobs/:contractId/messages',
    viewer: testEmployer,
  });

const memberNames = (section: HTMLElement) =>
  within(within(section).getAllByRole('list')[0]!)
    .getAllByRole('listitem')
    .map((item) => item.querySelector('span')?.textContent);

describe("An employer manages a group channel's members", () => {
  it('removes a trainer after confirming, and the list follows', async () => {
    const actor = userEvent.setup();
    renderMembers([
      membersMock([morgan, tara, jordan]),
      jobPeopleMock,
      {
        request: { query: RemoveChannelMemberMutation, variables: { input: { channelId: 'CH1', userId: 'U-jordan' } } },
        result: payload('removeChannelMember', [morgan, tara]),
      },
    ]);

    const section = await screen.findByRole('region', { name: 'Members of #Labeling QA' });
    // You first, then by name.
    await waitFor(() => expect(memberNames(section)).toEqual(['Morgan Lee (you)', 'Jordan Diaz (trainer)', 'Tara Trainer (trainer)']));
    // You do not remove yourself from here.
    expect(within(section).queryByRole('button', { name: 'Remove Morgan Lee' })).toBeNull();

    await actor.click(within(section).getByRole('button', { name: 'Remove Jordan Diaz' }));
    const confirm = within(section).getByRole('group', { name: 'Remove Jordan Diaz' });
    expect(confirm.textContent).toContain('They keep what was posted until now and see nothing after.');
    await actor.click(within(confirm).getByRole('button', { name: 'Remove' }));

    await waitFor(() => expect(memberNames(section)).toEqual(['Morgan Lee (you)', 'Tara Trainer (trainer)']));
    expect(within(section).queryByRole('alert')).toBeNull();
  });

  it('adds the people picked among those on the job and not in the channel yet', async () => {
    const actor = userEvent.setup();
    renderMembers([
      membersMock([morgan, tara]),
      jobPeopleMock,
      colleaguesMock,
      {
        request: { query: AddChannelMembersMutation, variables: { input: { channelId: 'CH1', userIds: ['U-jordan', 'U-priya'] } } },
        result: payload('addChannelMembers', [morgan, tara, jordan, priya]),
      },
    ]);

    const section = await screen.findByRole('region', { name: 'Members of #Labeling QA' });
    await actor.click(within(section).getByRole('button', { name: 'Add people' }));
    const picker = within(section).getByRole('group', { name: 'Add people' });
    // Tara is in already; Jordan (the job's other trainer) and Priya (a colleague) are offered,
    // each from their own query: wait for both.
    await within(picker).findByRole('checkbox', { name: 'Priya Shah (colleague)' });
    await within(picker).findByRole('checkbox', { name: 'Jordan Diaz (trainer)' });
    expect(
      within(picker)
        .getAllByRole('checkbox')
        .map((box) => box.closest('label')?.textContent),
    ).toEqual(['Jordan Diaz (trainer)', 'Priya Shah (colleague)']);

    // Nothing picked: the form says so instead of asking the server.
    await actor.click(within(section).getByRole('button', { name: 'Add to channel' }));
    expect(within(section).getByRole('alert').textContent).toBe('Pick at least one person to add.');

    await actor.click(within(picker).getByText('Jordan Diaz'));
    await actor.click(within(picker).getByText('Priya Shah'));
    await actor.click(within(section).getByRole('button', { name: 'Add to channel' }));

    await waitFor(() =>
      expect(memberNames(section)).toEqual(['Morgan Lee (you)', 'Jordan Diaz (trainer)', 'Priya Shah (colleague)', 'Tara Trainer (trainer)']),
    );
    // The picker closes once the mutation has answered, which may come a moment after the cache.
    await waitFor(() => expect(within(section).queryByRole('group', { name: 'Add people' })).toBeNull());
  });

  it("shows the server's refusal next to the member", async () => {
    const actor = userEvent.setup();
    renderMembers([
      membersMock([morgan, tara]),
      jobPeopleMock,
      {
        request: { query: RemoveChannelMemberMutation, variables: { input: { channelId: 'CH1', userId: 'U-tara' } } },
        result: { errors: [{ message: "Only the organization's employers in this channel can change who is in it.", extensions: { code: 'FORBIDDEN' } }] },
      },
    ]);
    const section = await screen.findByRole('region', { name: 'Members of #Labeling QA' });
    await actor.click(await within(section).findByRole('button', { name: 'Remove Tara Trainer' }));
    await actor.click(within(within(section).getByRole('group', { name: 'Remove Tara Trainer' })).getByRole('button', { name: 'Remove' }));
    expect((await within(section).findByRole('alert')).textContent).toContain('can change who is in it');
  });
});
