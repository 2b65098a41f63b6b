import type { MockLink } from '@apollo/client/testing';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { contract, milestone } from '../../test/fixtures';
import { money, renderWithApp, testEmployer } from '../../test/render';
import { ContractTab, ContractTabQuery } from '../manage-job/ContractTab';
import type { MilestoneActionsRenderer } from '../manage-job/MilestoneItem';
import { centsToDollars, isoToDueDate } from './EditMilestoneForm';
import { MilestoneActions } from './MilestoneActions';
import { DisputeMilestoneMutation } from './use-dispute-milestone';
import { FundMilestoneMutation } from './use-fund-milestone';
import { UpdateMilestoneMutation } from './use-update-milestone';

/** The fixture contract plus a fourth milestone that is not funded yet, the one that can be edited. */
const withDraftMilestone = {
  ...contract,
  milestones: {
    ...contract.milestones,
    totalCount: 4,
    edges: [...contract.milestones.edges, { __typename: 'MilestoneEdge', cursor: 'd', node: milestone(4, 'Label set D', 'NOT_FUNDED', '$500.00') }],
  },
};

const renderActions: MilestoneActionsRenderer = (item, contractStatus) => <MilestoneActions milestone={item} contractStatus={contractStatus} />;

const renderContract = (mocks: MockLink.MockedResponse[]) =>
  renderWithApp(<ContractTab renderMilestoneActions={renderActions} />, {
    mocks: [{ request: { query: ContractTabQuery, variables: { contractId: 'C1' } }, result: { data: { node: withDraftMilestone } } }, ...mocks],
    path: '/jobs/C1/contract',
    route: '/jobs/:contractId/contract',
    viewer: testEmployer,
  });

/**
 * A button named "<action> for <milestone>" (the milestone part is visually hidden). jsdom drops
 * the space before it when it computes the name; browsers keep it.
 */
const forMilestone = (action: string, title: string) => new RegExp(`^${action}\\s?for ${title.replace(/[()]/g, '\\$&')}$`);

const milestoneItem = async (title: string) => screen.findByRole('listitem', { name: new RegExp(title) });

describe('Editing a milestone that is not funded yet', () => {
  it('is offered only on the NOT_FUNDED milestone', async () => {
    renderContract([]);
    await milestoneItem('Label set D');
    expect(screen.getAllByRole('button', { name: /^Edit\s?for / }).map((button) => button.textContent)).toEqual(['Edit for Label set D']);
  });

  it('starts from the current values and sends only what changed', async () => {
    const user = userEvent.setup();
    renderContract([
      {
        request: {
          query: UpdateMilestoneMutation,
          variables: { input: { milestoneId: 'M4', title: 'Label set D (revised)', amountCents: 65_000 } },
        },
        result: {
          data: {
            updateMilestone: {
              __typename: 'UpdateMilestonePayload',
              milestone: milestone(4, 'Label set D (revised)', 'NOT_FUNDED', '$650.00'),
            },
          },
        },
      },
    ]);

    await user.click(within(await milestoneItem('Label set D')).getByRole('button', { name: forMilestone('Edit', 'Label set D') }));
    const form = screen.getByRole('form', { name: 'Edit Label set D' });
    const title = within(form).getByLabelText('Title');
    const amount = within(form).getByLabelText('Amount (USD)');
    expect((title as HTMLInputElement).value).toBe('Label set D');
    expect((amount as HTMLInputElement).value).toBe('500.00');
    expect((within(form).getByLabelText('Due date (optional)') as HTMLInputElement).value).toBe(isoToDueDate('2099-01-01T00:00:00.000Z'));

    // A bad amount is caught before anything is sent.
    await user.clear(amount);
    await user.type(amount, 'lots');
    await user.click(within(form).getByRole('button', { name: 'Save milestone' }));
    expect(within(form).getByRole('alert').textContent).toBe('Enter the amount in dollars, such as 250 or 1,200.50.');

    await user.clear(amount);
    await user.type(amount, '650');
    await user.type(title, ' (revised)');
    await user.click(within(form).getByRole('button', { name: 'Save milestone' }));

    const item = await screen.findByRole('listitem', { name: /Label set D \(revised\)/ });
    expect(within(item).getByText('$650.00')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('form', { name: /^Edit / })).toBeNull());
  });

  it('shows the server’s refusal when the milestone was funded meanwhile', async () => {
    const user = userEvent.setup();
    const refusal = 'Milestone 4 is FUNDED: only a milestone that is not funded yet can be edited.';
    renderContract([
      {
        request: { query: UpdateMilestoneMutation, variables: { input: { milestoneId: 'M4', amountCents: 60_000 } } },
        result: { errors: [{ message: refusal, extensions: { code: 'INVALID_TRANSITION', currentStatus: 'FUNDED' } }] },
      },
    ]);

    await user.click(within(await milestoneItem('Label set D')).getByRole('button', { name: forMilestone('Edit', 'Label set D') }));
    const form = screen.getByRole('form', { name: 'Edit Label set D' });
    await user.clear(within(form).getByLabelText('Amount (USD)'));
    await user.type(within(form).getByLabelText('Amount (USD)'), '600');
    await user.click(within(form).getByRole('button', { name: 'Save milestone' }));

    expect((await within(form).findByRole('alert')).textContent).toBe(refusal);
  });

  it('reads amounts and dates back into the form', () => {
    expect(centsToDollars(120_050)).toBe('1200.50');
    expect(centsToDollars(500)).toBe('5.00');
    expect(isoToDueDate(null)).toBe('');
    expect(isoToDueDate('not a date')).toBe('');
    const local = new Date(2026, 11, 1, 23, 59);
    expect(isoToDueDate(local.toISOString())).toBe('2026-12-01');
  });
});

describe('Disputing a milestone', () => {
  it('needs a reason, then holds the money “In dispute”', async () => {
    const user = userEvent.setup();
    const reason = 'Half of the labels are missing.';
    renderContract([
      {
        request: { query: DisputeMilestoneMutation, variables: { input: { milestoneId: 'M3', reason } } },
        result: {
          data: {
            disputeMilestone: {
              __typename: 'DisputeMilestonePayload',
              milestone: {
                ...milestone(3, 'Label set C', 'DISPUTED', '$2,200.00'),
                contract: {
                  __typename: 'Contract',
                  id: 'C1',
                  billingSummary: {
                    ...contract.billingSummary,
                    activeAndFunded: money('$0.00', 0),
                    inDispute: money('$2,200.00', 220_000),
                    refunded: money('$0.00', 0),
                  },
                },
              },
            },
          },
        },
      },
    ]);

    // Money is in play on the funded and the submitted milestone, not on the paid or the draft one.
    await milestoneItem('Label set D');
    expect(screen.getAllByRole('button', { name: /^Dispute\s?for / }).map((button) => button.textContent)).toEqual([
      'Dispute for Label set B',
      'Dispute for Label set C',
    ]);

    await user.click(screen.getByRole('button', { name: forMilestone('Dispute', 'Label set C') }));
    const form = screen.getByRole('form', { name: 'Open the dispute for Label set C' });
    await user.click(within(form).getByRole('button', { name: 'Open the dispute' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Say what is disputed');

    await user.type(within(form).getByLabelText('What is disputed?'), reason);
    await user.click(within(form).getByRole('button', { name: 'Open the dispute' }));

    const item = await milestoneItem('Label set C');
    expect(await within(item).findByText('Disputed')).toBeTruthy();
    const billing = screen.getByRole('region', { name: 'Billing summary' });
    expect(within(billing).getByText('In dispute').nextElementSibling?.textContent).toBe('$2,200.00');
    // The cache shows the new status a moment before the form closes after its mutation resolves.
    await waitFor(() => expect(screen.queryByRole('form', { name: /Open the dispute/ })).toBeNull());
  });
});

describe('Funding on a paused contract', () => {
  it('is not offered as a click that would fail: the button is disabled and says why', async () => {
    renderWithApp(<ContractTab renderMilestoneActions={renderActions} />, {
      mocks: [
        {
          request: { query: ContractTabQuery, variables: { contractId: 'C1' } },
          result: { data: { node: { ...withDraftMilestone, status: 'PAUSED' } } },
        },
      ],
      path: '/jobs/C1/contract',
      route: '/jobs/:contractId/contract',
      viewer: testEmployer,
    });
    const item = await milestoneItem('Label set D');
    const fund = within(item).getByRole('button', { name: forMilestone('Fund', 'Label set D') });
    expect((fund as HTMLButtonElement).disabled).toBe(true);
    expect(within(item).getByText('The contract is paused: resume it to fund this milestone.').id).toBe(fund.getAttribute('aria-describedby'));
  });
});

describe('Money moves ask first, with the amount', () => {
  /** The fixture contract ($6,400.00 funded of a $9,000.00 budget) with a $3,000.00 milestone not funded yet. */
  const withLargeDraft = {
    ...contract,
    milestones: {
      ...contract.milestones,
      totalCount: 4,
      edges: [...contract.milestones.edges, { __typename: 'MilestoneEdge', cursor: 'e', node: milestone(5, 'Label set E', 'NOT_FUNDED', '$3,000.00') }],
    },
  };
  const withBudget: MilestoneActionsRenderer = (item, contractStatus, budget) => (
    <MilestoneActions milestone={item} contractStatus={contractStatus} budget={budget} />
  );
  const keys: string[] = [];
  const fundingE = (variables: { input: { milestoneId: string; idempotencyKey?: string | null } }) => {
    if (variables.input.milestoneId !== 'M5' || typeof variables.input.idempotencyKey !== 'string') return false;
    keys.push(variables.input.idempotencyKey);
    return true;
  };

  it('warns before funding past the total budget, funds once, and does not stay armed', async () => {
    const user = userEvent.setup();
    renderWithApp(<ContractTab renderMilestoneActions={withBudget} />, {
      mocks: [
        { request: { query: ContractTabQuery, variables: { contractId: 'C1' } }, result: { data: { node: withLargeDraft } } },
        {
          request: { query: FundMilestoneMutation, variables: fundingE },
          result: {
            data: {
              fundMilestone: {
                __typename: 'FundMilestonePayload',
                milestone: {
                  ...milestone(5, 'Label set E', 'FUNDED', '$3,000.00'),
                  contract: {
                    __typename: 'Contract',
                    id: 'C1',
                    billingSummary: { ...contract.billingSummary, activeAndFunded: money('$5,200.00', 520_000) },
                  },
                },
              },
            },
          },
        },
      ],
      path: '/jobs/C1/contract',
      route: '/jobs/:contractId/contract',
      viewer: testEmployer,
    });
    const item = await milestoneItem('Label set E');
    await user.click(within(item).getByRole('button', { name: forMilestone('Fund', 'Label set E') }));
    const question = within(item).getByRole('group', { name: 'Fund Label set E' });
    expect(question.textContent).toContain('Fund “Label set E” with $3,000.00?');
    expect(within(question).getByRole('note').textContent).toContain(
      'This goes over the contract’s total budget of $9,000.00: funded milestones would come to $9,400.00.',
    );
    await user.click(within(question).getByRole('button', { name: 'Fund $3,000.00 over budget' }));

    // Funded: the question is gone with its button; the milestone can now be cancelled instead.
    await waitFor(() => expect(within(item).queryByRole('group', { name: 'Fund Label set E' })).toBeNull());
    expect(within(item).queryByRole('button', { name: forMilestone('Fund', 'Label set E') })).toBeNull();
    expect(within(item).getByRole('button', { name: forMilestone('Cancel milestone', 'Label set E') })).toBeTruthy();
    expect(keys).toHaveLength(1);
  });

  it('asks before releasing a payment, naming the amount; "Keep it" moves nothing', async () => {
    const user = userEvent.setup();
    // No approval mocked: a request would fail the test with "no more mocked responses".
    renderContract([]);
    const item = await milestoneItem('Label set B');
    await user.click(within(item).getByRole('button', { name: forMilestone('Approve & Release Payment', 'Label set B') }));
    const question = within(item).getByRole('group', { name: 'Approve Label set B' });
    expect(question.textContent).toContain('Release $1,800.00 to the trainer?');
    expect(within(question).getByRole('button', { name: 'Release $1,800.00' })).toBeTruthy();
    // Within budget: no warning on funding Label set D either.
    await user.click(within(question).getByRole('button', { name: 'Keep it' }));
    expect(within(item).queryByRole('group', { name: 'Approve Label set B' })).toBeNull();
    expect(within(item).getByRole('button', { name: forMilestone('Approve & Release Payment', 'Label set B') })).toBeTruthy();
  });

  it('names the refund before cancelling a funded milestone', async () => {
    const user = userEvent.setup();
    renderContract([]);
    const item = await milestoneItem('Label set C');
    await user.click(within(item).getByRole('button', { name: forMilestone('Cancel milestone', 'Label set C') }));
    const form = within(item).getByRole('form', { name: 'Cancel this milestone for Label set C' });
    expect(within(form).getByText('Its $2,200.00 is refunded to you: the trainer is not paid for it.')).toBeTruthy();
    expect(within(form).getByRole('button', { name: 'Cancel and refund $2,200.00' })).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Back' }));
    expect(within(item).queryByRole('form')).toBeNull();
  });
});
