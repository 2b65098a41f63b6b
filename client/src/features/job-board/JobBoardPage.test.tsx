import type { MockLink } from '@apollo/client/testing';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { JobBoardQueryVariables } from '../../gql/graphql';
import { renderWithApp, testViewer } from '../../test/render';
import { JOB_BOARD_PAGE, JobBoardPage, JobBoardQuery } from './JobBoardPage';

const money = (formatted: string) => ({ __typename: 'Money' as const, formatted });

const job = (id: string, title: string, values: Record<string, unknown> = {}) => ({
  __typename: 'Job',
  id,
  title,
  paymentType: 'PAY_PER_HOUR',
  skills: ['rlhf'],
  matchingSkills: ['rlhf'],
  createdAt: '2026-11-01T09:00:00.000Z',
  rate: money('$42.00'),
  budget: null,
  organization: { __typename: 'Organization', id: 'O1', name: 'Northwind AI' },
  viewerProposal: null,
  ...values,
});

const noFilters: Omit<JobBoardQueryVariables, 'first' | 'after'> = {
  search: null,
  skills: null,
  paymentType: null,
  minRateCents: null,
  maxRateCents: null,
};

const boardMock = (filters: Partial<JobBoardQueryVariables>, nodes: ReturnType<typeof job>[]): MockLink.MockedResponse => ({
  request: { query: JobBoardQuery, variables: { first: JOB_BOARD_PAGE, ...noFilters, ...filters } },
  result: {
    data: {
      __typename: 'Query',
      me: { __typename: 'Viewer', id: testViewer.id, user: { __typename: 'User', id: 'U1', skills: ['rlhf', 'python'] } },
      openJobs: {
        __typename: 'JobConnection',
        totalCount: nodes.length,
        edges: nodes.map((node) => ({ __typename: 'JobEdge', cursor: node.id, node })),
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
      },
    },
  },
});

const ranking = job('J1', 'RLHF preference ranking');
const boxes = job('J2', 'Bounding boxes', { paymentType: 'PAY_PER_LABEL', rate: money('$0.12'), skills: ['computer-vision'], matchingSkills: [] });
const essays = job('J3', 'Grade essays', {
  paymentType: 'FIXED_PRICE',
  rate: null,
  budget: money('$2,000.00'),
  skills: ['writing'],
  matchingSkills: [],
  viewerProposal: { __typename: 'Proposal', id: 'P3', status: 'UNREVIEWED' },
});

describe('The job board', () => {
  it('lists open jobs with their pay in its unit, each opening its page, and marks those applied to', async () => {
    renderWithApp(<JobBoardPage />, { mocks: [boardMock({}, [ranking, boxes, essays])], path: '/find-work' });
    expect(await screen.findByText('3 open jobs')).toBeTruthy();
    const link = screen.getByRole('link', { name: 'RLHF preference ranking' });
    expect(link.getAttribute('href')).toBe('/job/J1');
    const rows = screen.getAllByRole('listitem').filter((item) => item.classList.contains('job-row'));
    expect(rows.map((row) => row.querySelector('.job-row__pay')?.textContent)).toEqual(['$42.00 / hour', '$0.12 / label', '$2,000.00']);
    expect(within(rows[2]!).getByText('You applied')).toBeTruthy();
    expect(within(rows[0]!).queryByText('You applied')).toBeNull();
  });

  it('searches with every filter (pay in cents), and clears them', async () => {
    const user = userEvent.setup();
    renderWithApp(<JobBoardPage />, {
      mocks: [
        boardMock({}, [ranking, boxes, essays]),
        boardMock({ search: 'ranking', skills: ['rlhf'], paymentType: ['PAY_PER_HOUR'], minRateCents: 4000, maxRateCents: 6050 }, [ranking]),
        boardMock({}, [ranking, boxes, essays]),
      ],
      path: '/find-work',
    });
    await screen.findByText('3 open jobs');
    const filters = screen.getByRole('search', { name: 'Open jobs' });
    await user.type(within(filters).getByLabelText('Search'), 'ranking');
    await user.type(within(filters).getByLabelText('Skill'), 'rlhf');
    await user.selectOptions(within(filters).getByLabelText('Payment type'), 'Per hour');
    await user.type(within(filters).getByLabelText('Minimum pay (USD)'), '40');
    await user.type(within(filters).getByLabelText('Maximum pay (USD)'), '60.50');
    await user.click(within(filters).getByRole('button', { name: 'Search jobs' }));
    expect(await screen.findByText('1 open job matches your filters')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Bounding boxes' })).toBeNull();

    await user.click(within(filters).getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByText('3 open jobs')).toBeTruthy();
    expect((within(filters).getByLabelText('Search') as HTMLInputElement).value).toBe('');
  });

  it('refuses pay it cannot read, or a maximum below the minimum, before searching', async () => {
    const user = userEvent.setup();
    renderWithApp(<JobBoardPage />, { mocks: [boardMock({}, [ranking])], path: '/find-work' });
    await screen.findByText('1 open job');
    const filters = screen.getByRole('search', { name: 'Open jobs' });
    await user.type(within(filters).getByLabelText('Minimum pay (USD)'), 'lots');
    await user.click(within(filters).getByRole('button', { name: 'Search jobs' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Enter pay in dollars');
    await user.clear(within(filters).getByLabelText('Minimum pay (USD)'));
    await user.type(within(filters).getByLabelText('Minimum pay (USD)'), '50');
    await user.type(within(filters).getByLabelText('Maximum pay (USD)'), '40');
    await user.click(within(filters).getByRole('button', { name: 'Search jobs' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The maximum pay is below the minimum.');
    // Still the unfiltered list: nothing was sent.
    expect(screen.getByText('1 open job')).toBeTruthy();
  });
});
