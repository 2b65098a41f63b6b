import type { MockLink } from '@apollo/client/testing';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { makeFragmentData } from '../../gql';
import { renderWithApp, testEmployer } from '../../test/render';
import { InstructionsEditor, InstructionsEditor_document } from './InstructionsEditor';
import { PublishInstructionsMutation } from './use-publish-instructions';
import { SaveInstructionsMutation } from './use-save-instructions';

const author = { __typename: 'User' as const, id: 'U-morgan', name: 'Morgan Lee' };

/** One published version (a single revision, so no diff view is fetched). */
const document = {
  __typename: 'InstructionDocument' as const,
  id: 'D1',
  version: 1,
  status: 'PUBLISHED' as const,
  publishedVersion: 1,
  publishedAt: '2026-11-20T18:24:00.000Z',
  hasUnpublishedChanges: false,
  draft: {
    __typename: 'InstructionRevision' as const,
    id: 'R1',
    version: 1,
    title: 'Ranking guidelines',
    body: '# Rules\n\n- Prefer correct answers',
    createdAt: '2026-11-21T09:00:00.000Z',
    author,
  },
  revisions: {
    __typename: 'InstructionRevisionConnection' as const,
    edges: [1].map((version) => ({
      __typename: 'InstructionRevisionEdge' as const,
      cursor: `r${version}`,
      node: {
        __typename: 'InstructionRevision' as const,
        id: `R${version}`,
        version,
        title: 'Ranking guidelines',
        changeNote: null,
        createdAt: '2026-11-21T09:00:00.000Z',
        author,
      },
    })),
    pageInfo: { __typename: 'PageInfo' as const, hasNextPage: false, endCursor: 'r1' },
  },
};

const renderEditor = (mocks: MockLink.MockedResponse[] = []) =>
  renderWithApp(<InstructionsEditor jobId="J1" document={makeFragmentData(document, InstructionsEditor_document)} reload={vi.fn(async () => undefined)} />, {
    mocks,
    viewer: testEmployer,
  });

describe('Instructions editor', () => {
  it('says clearly when someone else saved first, and overwrites nothing', async () => {
    const user = userEvent.setup();
    const body = '# Rules\n\n- Prefer correct answers\n- Flag unsafe prompts';
    renderEditor([
      {
        request: {
          query: SaveInstructionsMutation,
          variables: { input: { jobId: 'J1', title: 'Ranking guidelines', body, baseVersion: 1 } },
        },
        result: {
          errors: [
            {
              // As the server words it (instructions.mutations.ts).
              message: 'Someone else saved version 2 since you started editing; reload and merge your changes.',
              extensions: { code: 'CONFLICT', currentVersion: 2 },
            },
          ],
        },
      },
    ]);

    const textarea = screen.getByLabelText('Body (Markdown)');
    await user.type(textarea, '\n- Flag unsafe prompts');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Someone else saved version 2 since you started editing');
    expect(alert.textContent).toContain('Your changes were not saved. Reload to edit from version 2');
    expect(within(alert).getByRole('button', { name: 'Reload' })).toBeTruthy();
    // The edit is still on screen, to copy before reloading.
    expect((screen.getByLabelText('Body (Markdown)') as HTMLTextAreaElement).value).toBe(body);
  });

  it('previews the body as trainers will read it, and goes back to the text as it was', async () => {
    const user = userEvent.setup();
    renderEditor();

    const textarea = screen.getByLabelText('Body (Markdown)');
    await user.clear(textarea);
    await user.type(textarea, '# Rules{enter}{enter}| Rule | Weight |{enter}| --- | --- |{enter}| Correctness | **high** |');

    const view = screen.getByRole('group', { name: 'Body view' });
    expect(within(view).getByRole('button', { name: 'Write' }).getAttribute('aria-pressed')).toBe('true');
    await user.click(within(view).getByRole('button', { name: 'Preview' }));

    const preview = screen.getByRole('region', { name: 'Body (preview)' });
    expect(within(preview).getByRole('heading', { name: 'Rules' })).toBeTruthy();
    expect(within(preview).getByRole('columnheader', { name: 'Weight' })).toBeTruthy();
    expect(within(preview).getByText('high').tagName).toBe('STRONG');
    expect(screen.queryByLabelText('Body (Markdown)')).toBeNull();
    expect(within(view).getByRole('button', { name: 'Preview' }).getAttribute('aria-pressed')).toBe('true');
    // The edit is unsaved, and previewing does not change that.
    expect(screen.getByRole('button', { name: 'Save draft' }).hasAttribute('disabled')).toBe(false);

    await user.click(within(view).getByRole('button', { name: 'Write' }));
    expect((screen.getByLabelText('Body (Markdown)') as HTMLTextAreaElement).value).toBe(
      '# Rules\n\n| Rule | Weight |\n| --- | --- |\n| Correctness | **high** |',
    );
  });

  it('says when there is nothing to preview', async () => {
    const user = userEvent.setup();
    renderEditor();
    await user.clear(screen.getByLabelText('Body (Markdown)'));
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(within(screen.getByRole('region', { name: 'Body (preview)' })).getByText('Nothing to preview yet.')).toBeTruthy();
  });

  it('publishes the latest version with the optional change note, trimmed', async () => {
    const user = userEvent.setup();
    const unpublished = {
      ...document,
      version: 2,
      hasUnpublishedChanges: true,
      draft: { ...document.draft, id: 'R2', version: 2 },
    };
    const published = vi.fn(() => ({
      data: {
        publishInstructions: {
          __typename: 'PublishInstructionsPayload',
          document: { ...unpublished, publishedVersion: 2, hasUnpublishedChanges: false },
          revision: { __typename: 'InstructionRevision', id: 'R2', version: 2, changeNote: 'Ties go to the safer answer.' },
        },
      },
    }));
    renderWithApp(
      <InstructionsEditor jobId="J1" document={makeFragmentData(unpublished, InstructionsEditor_document)} reload={vi.fn(async () => undefined)} />,
      {
        viewer: testEmployer,
        mocks: [
          {
            request: {
              query: PublishInstructionsMutation,
              variables: { input: { documentId: 'D1', version: 2, changeNote: 'Ties go to the safer answer.' } },
            },
            result: published,
          },
        ],
      },
    );
    const note = screen.getByLabelText('What changed (optional)');
    expect(screen.getByText(/Shown to trainers with version 2 when you publish it/)).toBeTruthy();
    await user.type(note, '  Ties go to the safer answer.  ');
    await user.click(screen.getByRole('button', { name: 'Publish version 2' }));
    await vi.waitFor(() => expect(published).toHaveBeenCalledTimes(1));
    await vi.waitFor(() => expect((screen.queryByLabelText('What changed (optional)') as HTMLInputElement | null)?.value ?? '').toBe(''));
  });
});
