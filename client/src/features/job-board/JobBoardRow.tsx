import { Link } from 'react-router';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDate, formatRate, paymentTypeLabel } from '../../ui/format';
import { SkillList } from '../../ui/SkillList';
import { StatusBadge } from '../../ui/StatusBadge';
import { jobPath } from './paths';

export const JobBoardRow_job = graphql(`
  fragment JobBoardRow_job on Job {
    id
    title
    paymentType
    skills
    matchingSkills
    createdAt
    rate {
      formatted
    }
    budget {
      formatted
    }
    organization {
      id
      name
    }
    viewerProposal {
      id
      status
    }
  }
`);

/** One open job on the board: the way into its page, what it pays and whether the viewer applied. */
export const JobBoardRow = (props: { job: FragmentType<typeof JobBoardRow_job> }) => {
  const job = getFragmentData(JobBoardRow_job, props.job);
  return (
    <li className="card job-row">
      <div className="job-row__top">
        <h2 className="job-row__title">
          <Link to={jobPath(job.id)}>{job.title}</Link>
        </h2>
        <span className="job-row__pay">{formatRate(job.paymentType, job.rate, job.budget)}</span>
      </div>
      <p className="job-row__meta">
        {job.organization.name} · {paymentTypeLabel(job.paymentType)} · posted {formatDate(job.createdAt)}
      </p>
      <SkillList skills={job.skills} matching={job.matchingSkills} label={`Skills for ${job.title}`} />
      {job.viewerProposal && (
        <p className="job-row__applied">
          You applied <StatusBadge status={job.viewerProposal.status} />
        </p>
      )}
    </li>
  );
};
