import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { makeFragmentData } from '../../gql';
import { renderWithApp, testViewer } from '../../test/render';
import { JobTeam, JobTeam_job } from './JobTeam';

const member = (role: 'EMPLOYER' | 'TRAINER', id: string, name: string) => ({
  __typename: 'JobTeamMember' as const,
  role,
  user: { __typename: 'User' as const, id, name },
});

describe('The job’s Team section', () => {
  it('lists who is on the job with their role, the viewer marked', () => {
    const job = {
      __typename: 'Job' as const,
      id: 'J1',
      team: [member('EMPLOYER', 'U-morgan', 'Morgan Lee'), member('TRAINER', testViewer.id, testViewer.name), member('TRAINER', 'U-jordan', 'Jordan Diaz')],
    };
    renderWithApp(<JobTeam job={makeFragmentData(job, JobTeam_job)} />);

    const team = screen.getByRole('region', { name: 'Team' });
    const rows = within(team)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(rows).toEqual(['Morgan LeeEmployer', 'Alex Rivera (you)Trainer', 'Jordan DiazTrainer']);
  });

  it('says so when nobody is listed to the viewer', () => {
    renderWithApp(<JobTeam job={makeFragmentData({ __typename: 'Job', id: 'J1', team: [] }, JobTeam_job)} />);
    expect(within(screen.getByRole('region', { name: 'Team' })).getByText('Nobody on this job is listed to you.')).toBeTruthy();
  });
});
