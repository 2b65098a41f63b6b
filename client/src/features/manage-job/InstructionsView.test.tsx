import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { makeFragmentData } from '../../gql';
import { renderWithApp } from '../../test/render';
import { InstructionsView, InstructionsView_document } from './InstructionsTab';
import { AcknowledgeInstructionsMutation } from './use-acknowledge-instructions';

const document = {
  __typename: 'InstructionDocument' as const,
  id: 'D1',
  hasUnreadUpdate: true,
  acknowledgedVersion: 1,
  publishedVersion: 3,
  publishedAt: '2026-11-20T18:24:00.000Z',
  published: {
    __typename: 'InstructionRevision' as const,
    id: 'R3',
    version: 3,
    title: 'Ranking guidelines',
    body: '# Ranking guidelines\n\n| Rule | Weight |\n| --- | --- |\n| Correctness | high |\n\n- [x] read the rubric',
    changeNote: null,
    createdAt: '2026-11-20T18:24:00.000Z',
    author: { __typename: 'User' as const, id: 'U-morgan', name: 'Morgan Lee' },
  },
  changesSinceAcknowledged: null,
};

describe('Instructions', () => {
  it('renders Markdown (with GFM tables), shows "Updated since you last read" and acknowledges', async () => {
    const user = userEvent.setup();
    const { cache } = renderWithApp(<InstructionsView document={makeFragmentData(document, InstructionsView_document)} />, {
      mocks: [
        {
          request: { query: AcknowledgeInstructionsMutation, variables: { input: { documentId: 'D1', version: 3 } } },
          result: {
            data: {
              acknowledgeInstructions: {
                __typename: 'AcknowledgeInstructionsPayload',
                document: { __typename: 'InstructionDocument', id: 'D1', hasUnreadUpdate: false, acknowledgedVersion: 3 },
              },
            },
          },
        },
      ],
    });
    // The view reads from its props; the cache holds the same document, as after a query.
    cache.writeFragment({ fragment: InstructionsView_document, data: document });

    expect(screen.getByRole('table')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Weight' })).toBeTruthy();
    expect(screen.getByRole('checkbox')).toBeTruthy();
    expect(screen.getByText('Updated since you last read')).toBeTruthy();
    expect(screen.getByText(/You acknowledged version 1; this is version 3/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Acknowledge version 3' }));

    await waitFor(() => expect(cache.readFragment({ fragment: InstructionsView_document, id: 'InstructionDocument:D1' })?.hasUnreadUpdate).toBe(false));
  });

  it('shows the change note and what changed since the acknowledged version, line by line', () => {
    const updated = {
      ...document,
      published: { ...document.published, changeNote: 'Ties are ranked by helpfulness now.' },
      changesSinceAcknowledged: {
        __typename: 'InstructionDiff' as const,
        fromVersion: 1,
        toVersion: 3,
        added: 1,
        removed: 1,
        hunks: [
          { __typename: 'DiffLine' as const, kind: 'UNCHANGED' as const, text: 'Correctness first.' },
          { __typename: 'DiffLine' as const, kind: 'REMOVED' as const, text: 'Ties are ranked at random.' },
          { __typename: 'DiffLine' as const, kind: 'ADDED' as const, text: 'Ties are ranked by helpfulness.' },
        ],
      },
    };
    renderWithApp(<InstructionsView document={makeFragmentData(updated, InstructionsView_document)} />);

    expect(screen.getByRole('status').textContent).toContain('What changed: Ties are ranked by helpfulness now.');
    expect(screen.getByText('What changed since version 1 (1 line added, 1 line removed)')).toBeTruthy();
    const lines = screen.getByRole('group', { name: 'Changes from version 1 to 3' });
    expect(lines.textContent).toContain('Removed: Ties are ranked at random.');
    expect(lines.textContent).toContain('Added: Ties are ranked by helpfulness.');
    expect(lines.querySelector('.diff-line--removed')?.textContent).toContain('Ties are ranked at random.');
    expect(lines.querySelector('.diff-line--added')?.textContent).toContain('Ties are ranked by helpfulness.');
  });

  it('keeps the change note with the version once read, and shows no diff', () => {
    const read = {
      ...document,
      hasUnreadUpdate: false,
      acknowledgedVersion: 3,
      published: { ...document.published, changeNote: 'Ties are ranked by helpfulness now.' },
    };
    renderWithApp(<InstructionsView document={makeFragmentData(read, InstructionsView_document)} />);
    expect(screen.getByText(/You have read version 3/)).toBeTruthy();
    expect(screen.getByText('Ties are ranked by helpfulness now.', { exact: false }).textContent).toBe('Change note: Ties are ranked by helpfulness now.');
    expect(screen.queryByText(/What changed since/)).toBeNull();
  });
});
