import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { contract } from '../../test/fixtures';
import { renderWithApp } from '../../test/render';
import { ContractTab, ContractTabQuery } from './ContractTab';

const contractMock = {
  request: { query: ContractTabQuery, variables: { contractId: 'C1' } },
  result: { data: { node: contract } },
};

describe('Contract tab', () => {
  it('shows the billing summary and each milestone with its amount and status', async () => {
    renderWithApp(<ContractTab />, { mocks: [contractMock], path: '/jobs/C1/contract', route: '/jobs/:contractId/contract' });

    const billing = await screen.findByRole('region', { name: 'Billing summary' });
    const figure = (label: string) => within(billing).getByText(label).nextElementSibling?.textContent;
    expect(figure('Paid Out')).toBe('$2,400.00');
    expect(figure('Active & Funded')).toBe('$2,200.00');
    expect(figure('Pending approval')).toBe('$1,800.00');
    expect(figure('Total Budget')).toBe('$9,000.00');
    // Nothing is in dispute, so that figure is left out.
    expect(within(billing).queryByText('In dispute')).toBeNull();

    const items = within(screen.getByRole('region', { name: 'Milestones' })).getAllByRole('listitem', {
      name: /Calibration batch|Label set/,
    });
    expect(items.map((item) => within(item).getByRole('heading').textContent)).toEqual(['1. Calibration batch', '2. Label set B', '3. Label set C']);
    expect(within(items[0]!).getByText('Paid')).toBeTruthy();
    expect(within(items[0]!).getByText('$600.00')).toBeTruthy();
    expect(within(items[1]!).getByText('Pending approval')).toBeTruthy();
    expect(within(items[2]!).getByText('Active & funded')).toBeTruthy();

    // The history of each milestone, with the note.
    expect(within(items[0]!).getByText('History (2)')).toBeTruthy();
    expect(within(items[0]!).getByText('“Great work”')).toBeTruthy();
  });

  it('offers "Complete & Request Payout" only on a funded milestone', async () => {
    renderWithApp(<ContractTab />, { mocks: [contractMock], path: '/jobs/C1/contract', route: '/jobs/:contractId/contract' });

    const buttons = await screen.findAllByRole('button', { name: /Complete & Request Payout/ });
    expect(buttons).toHaveLength(1);
    expect(buttons[0]!.textContent).toContain('Label set C');
  });

  it('renders the terms from Markdown', async () => {
    renderWithApp(<ContractTab />, { mocks: [contractMock], path: '/jobs/C1/contract', route: '/jobs/:contractId/contract' });

    const strong = await screen.findByText('Net 7');
    expect(strong.tagName).toBe('STRONG');
  });

  it('keeps the milestones showing when the billing summary failed on the server (null, with an error)', async () => {
    const failed = {
      request: contractMock.request,
      result: {
        data: { node: { ...contract, billingSummary: null } },
        errors: [{ message: 'Something went wrong on our side.', path: ['node', 'billingSummary'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      },
    };
    renderWithApp(<ContractTab />, { mocks: [failed], path: '/jobs/C1/contract', route: '/jobs/:contractId/contract' });

    const billing = await screen.findByRole('region', { name: 'Billing summary' });
    expect(within(billing).getByRole('status').textContent).toMatch(/cannot be shown right now/);
    const milestones = within(screen.getByRole('region', { name: 'Milestones' })).getAllByRole('heading', { level: 3 });
    expect(milestones.map((heading) => heading.textContent)).toEqual(['1. Calibration batch', '2. Label set B', '3. Label set C']);
    expect(screen.queryByRole('alert', { name: /could not be loaded/i })).toBeNull();
  });
});
