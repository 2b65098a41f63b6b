import type { MockLink } from '@apollo/client/testing';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { contract } from '../../test/fixtures';
import { renderWithApp, testEmployer } from '../../test/render';
import { ContractTab, ContractTabQuery } from '../manage-job/ContractTab';
import { ContractActions } from './ContractActions';
import { CreateMilestoneForm } from './CreateMilestoneForm';
import { EndContractMutation } from './use-end-contract';
import { PauseContractMutation } from './use-pause-contract';
import { ResumeContractMutation } from './use-resume-contract';

const contractMock = {
  request: { query: ContractTabQuery, variables: { contractId: 'C1' } },
  result: { data: { node: contract } },
};

const moved = (field: string, payload: string, status: string, endedAt: string | null = null) => ({
  data: { [field]: { __typename: payload, contract: { __typename: 'Contract', id: 'C1', status, endedAt } } },
});

const input = { input: { contractId: 'C1' } };

/** The employer's contract tab: the trainer's view plus the contract's own moves. */
const renderContract = (mocks: MockLink.MockedResponse[]) =>
  renderWithApp(
    <ContractTab renderContractActions={(loaded) => <ContractActions contract={loaded} />} addMilestone={<CreateMilestoneForm contractId="C1" />} />,
    {
      mocks: [contractMock, ...mocks],
      path: '/jobs/C1/contract',
      route: '/jobs/:contractId/contract',
      viewer: testEmployer,
    },
  );

const statusPanel = () => screen.findByRole('region', { name: 'Contract status' });

describe('Contract actions', () => {
  it('pauses an active contract and resumes it', async () => {
    const user = userEvent.setup();
    renderContract([
      { request: { query: PauseContractMutation, variables: input }, result: moved('pauseContract', 'PauseContractPayload', 'PAUSED') },
      { request: { query: ResumeContractMutation, variables: input }, result: moved('resumeContract', 'ResumeContractPayload', 'ACTIVE') },
    ]);

    await user.click(within(await statusPanel()).getByRole('button', { name: 'Pause contract' }));
    // The payload updates the normalized contract: the panel now offers Resume.
    const resume = await screen.findByRole('button', { name: 'Resume contract' });
    expect((await statusPanel()).textContent).toContain('Paused: milestones cannot be funded or submitted');

    await user.click(resume);
    expect(await screen.findByRole('button', { name: 'Pause contract' })).toBeTruthy();
  });

  it('asks before ending, and shows the server’s refusal while money is in play', async () => {
    const user = userEvent.setup();
    // Worded as the server words it (contracts.mutations.ts).
    const refusal =
      'You cannot end this contract while money is in play: 1 funded milestone and 1 milestone pending approval (milestones 2, 3). ' +
      'Each must be paid, cancelled, or its dispute settled or withdrawn first.';
    renderContract([
      {
        request: { query: EndContractMutation, variables: input },
        result: { errors: [{ message: refusal, extensions: { code: 'INVALID_TRANSITION', currentStatus: 'ACTIVE' } }] },
      },
    ]);

    await user.click(within(await statusPanel()).getByRole('button', { name: 'End contract…' }));
    const confirm = screen.getByRole('group', { name: 'End the contract' });
    expect(confirm.textContent).toContain('End “RLHF ranking”?');
    // Keyboard focus lands on the safe answer.
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Keep it' }));
    await user.click(within(confirm).getByRole('button', { name: 'End contract' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(refusal);
    // The question stays open next to its reason, and the button points at it.
    const endButton = within(screen.getByRole('group', { name: 'End the contract' })).getByRole('button', { name: 'End contract' });
    expect(endButton.getAttribute('aria-describedby')).toBe(alert.id);

    await user.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button', { name: 'Pause contract' })).toBeTruthy();
  });

  it('ends a settled contract: the panel and "Add a milestone" go, the contract shows its end date', async () => {
    const user = userEvent.setup();
    renderContract([
      {
        request: { query: EndContractMutation, variables: input },
        result: moved('endContract', 'EndContractPayload', 'ENDED', '2026-11-22T12:00:00.000Z'),
      },
    ]);

    expect(within(await statusPanel()).getByRole('button', { name: 'End contract…' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add a milestone' })).toBeTruthy();
    await user.click(within(await statusPanel()).getByRole('button', { name: 'End contract…' }));
    await user.click(within(screen.getByRole('group', { name: 'End the contract' })).getByRole('button', { name: 'End contract' }));

    await waitFor(() => expect(screen.queryByRole('region', { name: 'Contract status' })).toBeNull());
    expect(screen.getByText('Ended')).toBeTruthy();
    // An ended contract takes no new milestones.
    expect(screen.queryByRole('button', { name: 'Add a milestone' })).toBeNull();
  });
});
