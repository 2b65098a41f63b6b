import type { MockLink } from '@apollo/client/testing';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { renderWithApp, testEmployer } from '../../test/render';
import { JobPage, JobPageQuery } from './JobPage';
import { SubmitProposalMutation } from './use-submit-proposal';

const money = (amount: string, formatted: string) => ({ __typename: 'Money' as const, amount, currency: 'USD', formatted });

const job = (values: Record<string, unknown> = {}) => ({
  __typename: 'Job',
  id: 'J1',
  title: 'RLHF preference ranking',
  description: 'Rank **pairs** of model answers.',
  status: 'OPEN',
  skills: ['rlhf', 'python'],
  matchingSkills: ['rlhf'],
  paymentType: 'PAY_PER_HOUR',
  createdAt: '2026-11-01T09:00:00.000Z',
  rate: money('42.00', '$42.00'),
  budget: null,
  organization: { __typename: 'Organization', id: 'O1', name: 'Northwind AI' },
  viewerProposal: null,
  ...values,
});

const jobMock = (node: Record<string, unknown>): MockLink.MockedResponse => ({
  request: { query: JobPageQuery, variables: { jobId: 'J1' } },
  result: { data: { __typename: 'Query', node } },
});

const submitRequest = (coverLetter: string, rateCents: number) => ({
  query: SubmitProposalMutation,
  variables: { input: { jobId: 'J1', coverLetter, rateCents } },
});

const refusal = (message: string, extensions: Record<string, unknown>): MockLink.MockedResponse['result'] => ({
  errors: [{ message, extensions }],
});

const renderJob = (mocks: MockLink.MockedResponse[], viewer?: typeof testEmployer) =>
  renderWithApp(<JobPage />, { mocks, path: '/job/J1', route: '/job/:jobId', ...(viewer ? { viewer } : {}) });

const form = () => screen.findByRole('form', { name: 'Apply to this job' });

describe('The job page', () => {
  it('shows the posting with its pay in the job’s unit, and a proposal form whose rate is in that unit', async () => {
    renderJob([jobMock(job())]);
    expect(await screen.findByRole('heading', { level: 1, name: 'RLHF preference ranking' })).toBeTruthy();
    expect(screen.getByText('$42.00 / hour')).toBeTruthy();
    const apply = await form();
    expect(within(apply).getByLabelText('Cover letter')).toBeTruthy();
    const rate = within(apply).getByLabelText('Your rate (USD per hour)') as HTMLInputElement;
    // Prefilled with what the job offers.
    expect(rate.value).toBe('42.00');
    expect(within(apply).getByText('The job offers $42.00 / hour.')).toBeTruthy();
  });

  it('asks a fixed-price job for the whole price', async () => {
    renderJob([jobMock(job({ paymentType: 'FIXED_PRICE', rate: null, budget: money('5000.00', '$5,000.00') }))]);
    const apply = await form();
    expect((within(apply).getByLabelText('Your price for the whole job (USD)') as HTMLInputElement).value).toBe('5000.00');
  });

  it('sends the proposal, then shows it with the way to its thread in place of the form', async () => {
    const user = userEvent.setup();
    const letter = 'I have ranked 20,000 answer pairs.';
    renderJob([
      jobMock(job()),
      {
        request: submitRequest(letter, 4550),
        result: {
          data: {
            __typename: 'Mutation',
            submitProposal: {
              __typename: 'SubmitProposalPayload',
              proposal: {
                __typename: 'Proposal',
                id: 'P1',
                status: 'UNREVIEWED',
                createdAt: '2026-11-23T12:00:00.000Z',
                rate: money('45.50', '$45.50'),
                thread: { __typename: 'Channel', id: 'CH1' },
                job: { __typename: 'Job', id: 'J1', paymentType: 'PAY_PER_HOUR', viewerProposal: { __typename: 'Proposal', id: 'P1' } },
              },
            },
          },
        },
      },
    ]);
    const apply = await form();
    await user.type(within(apply).getByLabelText('Cover letter'), letter);
    const rate = within(apply).getByLabelText('Your rate (USD per hour)');
    await user.clear(rate);
    await user.type(rate, '45.50');
    await user.click(within(apply).getByRole('button', { name: 'Send proposal' }));

    const yours = await screen.findByRole('region', { name: 'Your proposal' });
    expect(yours.textContent).toContain('proposing $45.50 / hour');
    expect(within(yours).getByRole('link', { name: 'Message the employer' }).getAttribute('href')).toBe('/messages/CH1');
    expect(within(yours).getByRole('link', { name: 'See it on your Proposals tab' }).getAttribute('href')).toBe('/proposals');
    expect(screen.queryByRole('form', { name: 'Apply to this job' })).toBeNull();
  });

  it('shows the server’s CONFLICT when the trainer already applied (from another tab), with the way to their proposals', async () => {
    const user = userEvent.setup();
    const message = 'You already applied to this job. Withdrawn and declined proposals count too.';
    renderJob([jobMock(job()), { request: submitRequest('Me again.', 4200), result: refusal(message, { code: 'CONFLICT' }) }]);
    const apply = await form();
    await user.type(within(apply).getByLabelText('Cover letter'), 'Me again.');
    await user.click(within(apply).getByRole('button', { name: 'Send proposal' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(message);
    expect(within(alert).getByRole('link', { name: 'See your proposals' }).getAttribute('href')).toBe('/proposals');
    // What was typed is kept.
    expect((within(apply).getByLabelText('Cover letter') as HTMLTextAreaElement).value).toBe('Me again.');
  });

  it('shows the server’s INVALID_TRANSITION when the job closed meanwhile', async () => {
    const user = userEvent.setup();
    const message = 'The job "RLHF preference ranking" is CLOSED (closed to new proposals): proposals are accepted only while a job is OPEN.';
    renderJob([
      jobMock(job()),
      {
        request: submitRequest('Pick me.', 4200),
        result: refusal(message, { code: 'INVALID_TRANSITION', currentStatus: 'CLOSED', attemptedAction: 'SUBMIT' }),
      },
    ]);
    const apply = await form();
    await user.type(within(apply).getByLabelText('Cover letter'), 'Pick me.');
    await user.click(within(apply).getByRole('button', { name: 'Send proposal' }));
    expect((await screen.findByRole('alert')).textContent).toBe(message);
    expect(screen.queryByRole('link', { name: 'See your proposals' })).toBeNull();
  });

  it('marks the field the server names in BAD_USER_INPUT', async () => {
    const user = userEvent.setup();
    const message = 'The rate is above the 1,000,000.00 limit.';
    renderJob([
      jobMock(job()),
      { request: submitRequest('Expensive.', 200_000_000), result: refusal(message, { code: 'BAD_USER_INPUT', field: 'rateCents' }) },
    ]);
    const apply = await form();
    await user.type(within(apply).getByLabelText('Cover letter'), 'Expensive.');
    const rate = within(apply).getByLabelText('Your rate (USD per hour)');
    await user.clear(rate);
    await user.type(rate, '2000000');
    await user.click(within(apply).getByRole('button', { name: 'Send proposal' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(message);
    expect(rate.getAttribute('aria-invalid')).toBe('true');
    expect(rate.getAttribute('aria-describedby')).toContain(alert.id);
    expect(within(apply).getByLabelText('Cover letter').getAttribute('aria-invalid')).toBeNull();
  });

  it('checks the form before sending anything: a cover letter and a rate in dollars', async () => {
    const user = userEvent.setup();
    // No mutation mock: nothing may be sent.
    renderJob([jobMock(job())]);
    const apply = await form();
    await user.click(within(apply).getByRole('button', { name: 'Send proposal' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Write a cover letter');
    expect(within(apply).getByLabelText('Cover letter').getAttribute('aria-invalid')).toBe('true');

    await user.type(within(apply).getByLabelText('Cover letter'), 'Hello.');
    const rate = within(apply).getByLabelText('Your rate (USD per hour)');
    await user.clear(rate);
    await user.type(rate, 'forty');
    await user.click(within(apply).getByRole('button', { name: 'Send proposal' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Enter your rate in USD'));
    expect(rate.getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the trainer’s proposal instead of the form once they applied', async () => {
    renderJob([
      jobMock(
        job({
          viewerProposal: {
            __typename: 'Proposal',
            id: 'P1',
            status: 'SHORTLISTED',
            createdAt: '2026-11-20T12:00:00.000Z',
            rate: money('45.00', '$45.00'),
            thread: null,
            job: { __typename: 'Job', id: 'J1', paymentType: 'PAY_PER_HOUR' },
          },
        }),
      ),
    ]);
    const yours = await screen.findByRole('region', { name: 'Your proposal' });
    expect(within(yours).getByText('Shortlisted')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Apply to this job' })).toBeNull();
  });

  it('says a job that is not open takes no proposals, and shows employers no form', async () => {
    renderJob([jobMock(job({ status: 'CLOSED' }))]);
    expect(await screen.findByText('This job is not taking proposals any more.')).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('shows an employer the posting without a form', async () => {
    renderJob([jobMock(job())], testEmployer);
    expect(await screen.findByRole('heading', { level: 1, name: 'RLHF preference ranking' })).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
  });
});
