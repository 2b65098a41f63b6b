import { useId } from 'react';

import { useCurrentViewer } from '../../app/viewer-context';
import { getFragmentData, graphql, type FragmentType } from '../../gql';

import './JobTeam.css';

export const JobTeam_job = graphql(`
  fragment JobTeam_job on Job {
    id
    team {
      role
      user {
        id
        name
      }
    }
  }
`);

const roleLabel = { EMPLOYER: 'Employer', TRAINER: 'Trainer' } as const;

/**
 * Who is on the job: the organization's employers and the trainers with a contract on it
 * (`Job.team`, listed to those people only), the viewer marked.
 */
export const JobTeam = ({ job: jobRef }: { job: FragmentType<typeof JobTeam_job> }) => {
  const job = getFragmentData(JobTeam_job, jobRef);
  const viewer = useCurrentViewer();
  const titleId = useId();
  return (
    <section className="job-team card" aria-labelledby={titleId}>
      <h2 id={titleId} className="job-team__title">
        Team
      </h2>
      {job.team.length === 0 ? (
        <p className="field__hint">Nobody on this job is listed to you.</p>
      ) : (
        <ul className="job-team__list">
          {job.team.map((member) => (
            <li key={member.user.id} className="job-team__member">
              <span className="job-team__name">
                {member.user.name}
                {member.user.id === viewer.id && <span className="job-team__you"> (you)</span>}
              </span>
              <span className={`job-team__role job-team__role--${member.role.toLowerCase()}`}>{roleLabel[member.role]}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};
