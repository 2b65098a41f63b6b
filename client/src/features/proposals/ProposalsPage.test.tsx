import type { MockLink } from '@apollo/client/testing';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { money, renderWithApp, testViewer } from '../../test/render';
import { ProposalsPage, ProposalsPageQuery } from './ProposalsPage';
import { WithdrawProposalMutation } from './use-withdraw-proposal';

const proposal = (id: string, title: string, status: string, values: Record<string, unknown> = {}) => ({
  __typename: 'Proposal',
  id,
  status,
  createdAt: '2026-11-20T12:00:00.000Z',
  updatedAt: '2026-11-20T12:00:00.000Z',
  coverLetter: 'I have ranked 20,000 answer pairs.',
  rate: money('$45.00', 4500),
  job: {
    __typename: 'Job',
    id: `J-${id}`,
    title,
    paymentType: 'PAY_PER_HOUR',
    organization: { __typename: 'Organization', id: 'O1', name: 'Northwind AI' },
  },
  thread: { __typename: 'Channel', id: `CH-${id}` },
  contract: null,
  ...values,
});

const page = (nodes: ReturnType<typeof proposal>[]) => ({
  data: {
    __typename: 'Query',
    viewer: {
      __typename: 'Viewer',
      id: testViewer.id,
      proposals: {
        __typename: 'ProposalConnection',
        totalCount: nodes.length,
        edges: nodes.map((node) => ({ __typename: 'ProposalEdge', cursor: node.id, node })),
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
      },
    },
  },
});

const listMock = (nodes: ReturnType<typeof proposal>[]): MockLink.MockedResponse => ({
  request: { query: ProposalsPageQuery, variables: { status: null } },
  result: page(nodes),
});

const withdrawn = (id: string) => ({
  data: {
    __typename: 'Mutation',
    withdrawProposal: {
      __typename: 'WithdrawProposalPayload',
      proposal: { __typename: 'Proposal', id, status: 'WITHDRAWN', updatedAt: '2026-11-23T12:00:00.000Z' },
    },
  },
});

const row = (title: string) => screen.findByRole('listitem', { name: title });

// jsdom joins a visually hidden span to the text before it without the space a browser keeps,
// so names with one are matched with \s*.
describe('The trainer’s Proposals tab', () => {
  it('links each proposal to its job posting and its message thread, and rates carry their unit', async () => {
    renderWithApp(<ProposalsPage />, {
      mocks: [
        listMock([
          proposal('P1', 'RLHF preference ranking', 'UNREVIEWED'),
          proposal('P2', 'Bounding boxes', 'DECLINED', {
            rate: money('$0.12', 12),
            thread: null,
            job: { ...proposal('P2', 'Bounding boxes', 'DECLINED').job, paymentType: 'PAY_PER_LABEL' },
          }),
        ]),
      ],
      path: '/proposals',
    });
    const first = await row('RLHF preference ranking');
    expect(first.textContent).toContain('proposed $45.00 / hour');
    expect(
      within(first)
        .getByRole('link', { name: /^Job posting\s*for RLHF preference ranking$/ })
        .getAttribute('href'),
    ).toBe('/job/J-P1');
    expect(
      within(first)
        .getByRole('link', { name: /^Message thread\s*about RLHF preference ranking$/ })
        .getAttribute('href'),
    ).toBe('/messages/CH-P1');
    const second = await row('Bounding boxes');
    expect(second.textContent).toContain('proposed $0.12 / label');
    // A decided proposal cannot be withdrawn; one without a thread has no thread link.
    expect(within(second).queryByRole('button', { name: /Withdraw/ })).toBeNull();
    expect(within(second).queryByRole('link', { name: /Message thread/ })).toBeNull();
  });

  it('asks before withdrawing; "Keep it" changes nothing, "Withdraw proposal" withdraws', async () => {
    const user = userEvent.setup();
    renderWithApp(<ProposalsPage />, {
      mocks: [
        listMock([proposal('P1', 'RLHF preference ranking', 'SHORTLISTED')]),
        { request: { query: WithdrawProposalMutation, variables: { input: { proposalId: 'P1' } } }, result: withdrawn('P1') },
      ],
      path: '/proposals',
    });
    const item = await row('RLHF preference ranking');
    await user.click(within(item).getByRole('button', { name: /^Withdraw…\s*your proposal for RLHF preference ranking$/ }));
    let confirm = within(item).getByRole('group', { name: 'Withdraw your proposal for RLHF preference ranking' });
    expect(confirm.textContent).toContain('you cannot apply to this job again');
    // Keyboard focus lands on the safe answer.
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Keep it' }));
    await user.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(within(item).queryByRole('group', { name: /^Withdraw your proposal/ })).toBeNull();
    expect(within(item).getByText('Shortlisted')).toBeTruthy();

    await user.click(within(item).getByRole('button', { name: /^Withdraw…/ }));
    confirm = within(item).getByRole('group', { name: 'Withdraw your proposal for RLHF preference ranking' });
    await user.click(within(confirm).getByRole('button', { name: 'Withdraw proposal' }));
    await waitFor(() => expect(within(item).getByText('Withdrawn')).toBeTruthy());
    expect(within(item).queryByRole('group', { name: /^Withdraw your proposal/ })).toBeNull();
    expect(within(item).queryByRole('button', { name: /Withdraw/ })).toBeNull();
  });

  it('keeps the question open next to the server’s refusal when the employer decided meanwhile', async () => {
    const user = userEvent.setup();
    const message = 'You cannot withdraw this proposal while it is HIRED; that needs UNREVIEWED or SHORTLISTED.';
    renderWithApp(<ProposalsPage />, {
      mocks: [
        listMock([proposal('P1', 'RLHF preference ranking', 'UNREVIEWED')]),
        {
          request: { query: WithdrawProposalMutation, variables: { input: { proposalId: 'P1' } } },
          result: { errors: [{ message, extensions: { code: 'INVALID_TRANSITION', currentStatus: 'HIRED', attemptedAction: 'WITHDRAW' } }] },
        },
      ],
      path: '/proposals',
    });
    const item = await row('RLHF preference ranking');
    await user.click(within(item).getByRole('button', { name: /^Withdraw…/ }));
    await user.click(within(item).getByRole('button', { name: 'Withdraw proposal' }));
    const alert = await within(item).findByRole('alert');
    expect(alert.textContent).toBe(message);
    expect(within(item).getByRole('button', { name: 'Withdraw proposal' }).getAttribute('aria-describedby')).toBe(alert.id);
  });
});
