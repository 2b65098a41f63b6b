import type { MockLink } from '@apollo/client/testing';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { contract, dispute, milestone, proposal } from '../../test/fixtures';
import { money, renderWithApp, testEmployer } from '../../test/render';
import { MilestoneActions } from '../employer/MilestoneActions';
import { ContractTab, ContractTabQuery } from './ContractTab';
import { parseCents } from './DisputePanel';
import type { MilestoneActionsRenderer } from './MilestoneItem';
import { AcceptDisputeSettlementMutation } from './use-accept-dispute-settlement';
import { ProposeDisputeSettlementMutation } from './use-propose-dispute-settlement';
import { RespondToDisputeMutation } from './use-respond-to-dispute';

/** Milestone 3 ($1,000.00) in dispute, with `overrides` on its dispute. */
const disputed = (overrides: Record<string, unknown> = {}) => ({
  ...milestone(3, 'Label set C', 'DISPUTED', '$1,000.00'),
  dispute: dispute('$1,000.00', overrides),
});

const contractWith = (node: unknown) => ({
  ...contract,
  billingSummary: { ...contract.billingSummary, activeAndFunded: money('$0.00', 0), inDispute: money('$1,000.00', 100_000) },
  milestones: {
    ...contract.milestones,
    edges: [...contract.milestones.edges.slice(0, 2), { __typename: 'MilestoneEdge', cursor: 'c', node }],
  },
});

const employerActions: MilestoneActionsRenderer = (item, contractStatus, budget) => (
  <MilestoneActions milestone={item} contractStatus={contractStatus} budget={budget} />
);

/** The trainer's contract tab (no employer actions), or the employer's. */
const render = (node: unknown, mocks: MockLink.MockedResponse[], side: 'trainer' | 'employer' = 'trainer') =>
  renderWithApp(<ContractTab {...(side === 'employer' ? { renderMilestoneActions: employerActions } : {})} />, {
    mocks: [{ request: { query: ContractTabQuery, variables: { contractId: 'C1' } }, result: { data: { node: contractWith(node) } } }, ...mocks],
    path: '/jobs/C1/contract',
    route: '/jobs/:contractId/contract',
    ...(side === 'employer' ? { viewer: testEmployer } : {}),
  });

const payload = (typename: string, node: unknown, extra: Record<string, unknown> = {}, summary: Record<string, unknown> = {}) => ({
  __typename: typename,
  milestone: { ...(node as object), contract: { __typename: 'Contract', id: 'C1', billingSummary: { ...contract.billingSummary, ...summary } } },
  ...extra,
});

const panel = async () => screen.findByRole('region', { name: /^Dispute:/ });

/** A button named "<action> …<hidden milestone part>", whatever jsdom does with the space before it. */
const named = (action: string) => new RegExp(`^${action.replace(/[()]/g, '\\$&')}\\s?(for|to the dispute on|on|\\() ?`);

describe('The dispute panel, trainer side', () => {
  it('shows the reason and the employer’s proposal, and offers the trainer’s moves (not the employer’s)', async () => {
    render(disputed({ proposal: proposal('EMPLOYER', 40_000, 100_000, 'Paying for the good half') }), []);
    const region = await panel();
    expect(region.querySelector('h4')?.textContent).toBe('Dispute: Open');
    expect(within(region).getByText('Half of the labels are wrong.')).toBeTruthy();
    expect(within(region).getByText('No response yet.')).toBeTruthy();
    expect(within(region).getByRole('status').textContent).toBe(
      'The employer proposes: $400.00 to the trainer, $600.00 back to the employer. “Paying for the good half”',
    );
    const buttons = within(region)
      .getAllByRole('button')
      .map((button) => button.textContent);
    expect(buttons).toEqual([
      'Respond to the dispute on Label set C',
      'Accept settlement for Label set C',
      'Reject settlement for Label set C',
      'Propose a settlement for Label set C',
      'Escalate to Workroom (Label set C)',
    ]);
  });

  it('sends a response, which then shows in place of "No response yet"', async () => {
    const user = userEvent.setup();
    const response = 'The rubric changed after funding.';
    render(disputed(), [
      {
        request: { query: RespondToDisputeMutation, variables: { input: { milestoneId: 'M3', response } } },
        result: {
          data: {
            respondToDispute: payload(
              'RespondToDisputePayload',
              disputed({ response, respondedAt: '2026-11-03T10:00:00.000Z' }),
              {},
              { activeAndFunded: money('$0.00', 0), inDispute: money('$1,000.00', 100_000) },
            ),
          },
        },
      },
    ]);
    const region = await panel();
    await user.click(within(region).getByRole('button', { name: named('Respond') }));
    const form = within(region).getByRole('form', { name: 'Respond to the dispute for Label set C' });
    await user.click(within(form).getByRole('button', { name: 'Send response' }));
    expect((await within(region).findByRole('alert')).textContent).toContain('Write your response');
    await user.type(within(form).getByLabelText('Your response'), response);
    await user.click(within(form).getByRole('button', { name: 'Send response' }));
    await waitFor(() => expect(within(region).queryByRole('form')).toBeNull());
    expect(within(region).getByText(response)).toBeTruthy();
    expect(within(region).getByRole('button', { name: named('Update response') })).toBeTruthy();
  });

  it('proposes a split, showing both parts as it is typed and refusing more than is held', async () => {
    const user = userEvent.setup();
    render(disputed(), [
      {
        request: { query: ProposeDisputeSettlementMutation, variables: { input: { milestoneId: 'M3', releaseCents: 60_000, note: null } } },
        result: {
          data: {
            proposeDisputeSettlement: payload(
              'ProposeDisputeSettlementPayload',
              disputed({ proposal: proposal('TRAINER', 60_000, 100_000) }),
              {},
              { activeAndFunded: money('$0.00', 0), inDispute: money('$1,000.00', 100_000) },
            ),
          },
        },
      },
    ]);
    const region = await panel();
    await user.click(within(region).getByRole('button', { name: named('Propose a settlement') }));
    const amount = within(region).getByLabelText('Amount released to the trainer (of $1,000.00)');
    await user.type(amount, '1200');
    await user.click(within(region).getByRole('button', { name: 'Send proposal' }));
    expect((await within(region).findByRole('alert')).textContent).toBe('At most the $1,000.00 in dispute can be released.');
    await user.clear(amount);
    await user.type(amount, '600');
    expect(within(region).getByText('$600.00 to the trainer, $400.00 refunded to the employer.')).toBeTruthy();
    await user.click(within(region).getByRole('button', { name: 'Send proposal' }));
    await waitFor(() =>
      expect(within(region).getByRole('status').textContent).toContain('You proposed: $600.00 to the trainer, $400.00 back to the employer.'),
    );
    // One's own proposal is not one's to accept.
    expect(within(region).queryByRole('button', { name: named('Accept settlement') })).toBeNull();
  });

  it('accepts the employer’s proposal after a question naming both amounts; then shows the outcome and no moves', async () => {
    const user = userEvent.setup();
    const keys: string[] = [];
    const accepting = (variables: { input: { milestoneId: string; releaseCents: number; idempotencyKey?: string | null } }) => {
      const { milestoneId, releaseCents, idempotencyKey } = variables.input;
      if (milestoneId !== 'M3' || releaseCents !== 40_000 || typeof idempotencyKey !== 'string') return false;
      keys.push(idempotencyKey);
      return true;
    };
    const settled = {
      ...milestone(3, 'Label set C', 'PAID', '$1,000.00'),
      released: money('$400.00', 40_000),
      refunded: money('$600.00', 60_000),
      dispute: dispute('$1,000.00', {
        status: 'SETTLED',
        closedAt: '2026-11-04T10:00:00.000Z',
        released: money('$400.00', 40_000),
        refunded: money('$600.00', 60_000),
      }),
    };
    render(disputed({ proposal: proposal('EMPLOYER', 40_000, 100_000) }), [
      {
        request: { query: AcceptDisputeSettlementMutation, variables: accepting },
        result: {
          data: {
            acceptDisputeSettlement: payload(
              'AcceptDisputeSettlementPayload',
              settled,
              { invoice: { __typename: 'Invoice', id: 'I9', number: 'WR-2026-000009' } },
              { paidOut: money('$2,800.00', 280_000), inDispute: money('$0.00', 0), refunded: money('$600.00', 60_000) },
            ),
          },
        },
      },
    ]);
    const region = await panel();
    await user.click(within(region).getByRole('button', { name: named('Accept settlement') }));
    const question = within(region).getByRole('group', { name: 'Accept the settlement' });
    expect(question.textContent).toContain('Settle “Label set C”? $400.00 is released to the trainer and $600.00 refunded to the employer.');
    await user.click(within(question).getByRole('button', { name: 'Settle: release $400.00' }));

    await waitFor(() => expect(screen.getByRole('region', { name: 'Dispute: Settled' })).toBeTruthy());
    const done = screen.getByRole('region', { name: 'Dispute: Settled' });
    expect(within(done).getByText(/\$400.00 released to the trainer, \$600.00 refunded to the employer/)).toBeTruthy();
    expect(within(done).queryAllByRole('button')).toEqual([]);
    expect(keys).toHaveLength(1);
    const item = screen.getByRole('listitem', { name: /Label set C/ });
    expect(within(item).getByText('$400.00 released, $600.00 refunded')).toBeTruthy();
    const billing = screen.getByRole('region', { name: 'Billing summary' });
    expect(within(billing).getByText('Refunded').nextElementSibling?.textContent).toBe('$600.00');
  });
});

describe('The dispute panel, employer side', () => {
  it('offers withdraw and escalate but not respond; its own proposal waits for the trainer', async () => {
    render(disputed({ response: 'It matches the rubric.', proposal: proposal('EMPLOYER', 30_000, 100_000) }), [], 'employer');
    const region = await panel();
    expect(within(region).getByText('It matches the rubric.')).toBeTruthy();
    expect(within(region).getByRole('status').textContent).toContain('Waiting for the trainer’s answer.');
    const buttons = within(region)
      .getAllByRole('button')
      .map((button) => button.textContent);
    expect(buttons).toEqual(['Propose another settlement for Label set C', 'Escalate to Workroom (Label set C)', 'Withdraw dispute on Label set C']);
  });

  it('says who escalated, and lets only the employer withdraw then', async () => {
    render(disputed({ status: 'ESCALATED', escalatedBy: 'TRAINER', escalatedAt: '2026-11-03T10:00:00.000Z' }), [], 'employer');
    const region = await panel();
    expect(region.querySelector('h4')?.textContent).toBe('Dispute: Escalated to Workroom by the trainer');
    expect(
      within(region)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['Withdraw dispute on Label set C']);
  });
});

describe('parseCents', () => {
  it('reads dollars and cents as people type them', () => {
    expect(parseCents('600')).toBe(60_000);
    expect(parseCents('$1,250.5')).toBe(125_050);
    expect(parseCents('0')).toBe(0);
    expect(parseCents('12.345')).toBeNull();
    expect(parseCents('-5')).toBeNull();
    expect(parseCents('')).toBeNull();
  });
});
