import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { contract, historyStep, milestone } from '../../test/fixtures';
import { renderWithApp, testEmployer, testViewer } from '../../test/render';
import { ContractTab, ContractTabQuery } from '../manage-job/ContractTab';
import type { MilestoneActionsRenderer } from '../manage-job/MilestoneItem';
import { MilestoneActions } from './MilestoneActions';
import { ApproveMilestoneMutation } from './use-approve-milestone';

const submissionStep = {
  ...historyStep('E3', 'SUBMITTED', 'FUNDED', 'SUBMITTED', 'Ranked all 1,000 pairs.\nRationales in column F.'),
};
submissionStep.node = {
  ...submissionStep.node,
  actor: { __typename: 'User', id: 'U-alex', name: 'Alex Rivera' },
  attachments: [{ __typename: 'Attachment', name: 'label-set-b.jsonl', url: 'https://files.example.com/label-set-b.jsonl' }],
} as typeof submissionStep.node;

const submitted = milestone(5, 'Label set E', 'SUBMITTED', '$1,800.00', [
  historyStep('E1', 'CREATED', null, 'NOT_FUNDED', null),
  historyStep('E2', 'FUNDED', 'NOT_FUNDED', 'FUNDED', null),
  submissionStep,
]);

const withMilestones = (...extra: unknown[]) => ({
  ...contract,
  milestones: {
    ...contract.milestones,
    totalCount: contract.milestones.edges.length + extra.length,
    edges: [...contract.milestones.edges, ...extra.map((node, index) => ({ __typename: 'MilestoneEdge', cursor: `x${index}`, node }))],
  },
});

const renderActions: MilestoneActionsRenderer = (item, contractStatus) => <MilestoneActions milestone={item} contractStatus={contractStatus} />;

describe('The submission on a pending milestone', () => {
  it('shows the employer what was delivered and sends the optional note with the approval', async () => {
    const user = userEvent.setup();
    let sent: Record<string, unknown> | null = null;
    renderWithApp(<ContractTab renderMilestoneActions={renderActions} />, {
      mocks: [
        { request: { query: ContractTabQuery, variables: { contractId: 'C1' } }, result: { data: { node: withMilestones(submitted) } } },
        {
          request: {
            query: ApproveMilestoneMutation,
            variables: (variables: Record<string, unknown>) => {
              sent = variables.input as Record<string, unknown>;
              return true;
            },
          },
          result: {
            data: {
              approveMilestone: {
                __typename: 'ApproveMilestonePayload',
                milestone: { ...submitted, status: 'PAID', contract: { __typename: 'Contract', id: 'C1', billingSummary: contract.billingSummary } },
                invoice: { __typename: 'Invoice', id: 'I1', number: 'WR-2026-000042' },
              },
            },
          },
        },
      ],
      path: '/jobs/C1/contract',
      route: '/jobs/:contractId/contract',
      viewer: testEmployer,
    });

    const review = await screen.findByRole('region', { name: 'Submitted for review: Label set E' });
    expect(review.textContent).toContain('Alex Rivera');
    expect(within(review).getByText(/Ranked all 1,000 pairs\./).textContent).toBe('Ranked all 1,000 pairs.\nRationales in column F.');
    expect(within(review).getByRole('link', { name: 'label-set-b.jsonl' }).getAttribute('href')).toBe('https://files.example.com/label-set-b.jsonl');

    await user.type(within(review).getByLabelText('Note with your approval (optional)'), '  Great rationales, thanks!  ');
    await user.click(screen.getByRole('button', { name: /^Approve & Release Payment\s*for Label set E$/ }));
    // Releasing money asks first, naming the amount.
    await user.click(within(screen.getByRole('group', { name: 'Approve Label set E' })).getByRole('button', { name: /^Release / }));

    await waitFor(() => expect(sent).not.toBeNull());
    expect(sent).toMatchObject({ milestoneId: 'M5', note: 'Great rationales, thanks!', idempotencyKey: expect.any(String) });
  });

  it('shows the trainer their submission without the approval note box, and the approval note once paid', async () => {
    const paid = milestone(6, 'Label set F', 'PAID', '$900.00', [
      historyStep('F1', 'SUBMITTED', 'FUNDED', 'SUBMITTED', 'Done.'),
      historyStep('F2', 'APPROVED', 'SUBMITTED', 'PAID', 'Great rationales, thanks!'),
    ]);
    renderWithApp(<ContractTab />, {
      mocks: [{ request: { query: ContractTabQuery, variables: { contractId: 'C1' } }, result: { data: { node: withMilestones(submitted, paid) } } }],
      path: '/jobs/C1/contract',
      route: '/jobs/:contractId/contract',
      viewer: testViewer,
    });

    const review = await screen.findByRole('region', { name: 'Submitted for review: Label set E' });
    expect(within(review).getByRole('link', { name: 'label-set-b.jsonl' })).toBeTruthy();
    expect(within(review).queryByLabelText('Note with your approval (optional)')).toBeNull();
    const approvals = [...document.querySelectorAll('.milestone-submission__approval')].map((element) => element.textContent);
    expect(approvals).toContain('Morgan Lee approved it: Great rationales, thanks!');
  });
});
