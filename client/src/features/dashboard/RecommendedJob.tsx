import { Link } from 'react-router';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatRate, paymentTypeLabel } from '../../ui/format';
import { SkillList } from '../../ui/SkillList';
import { jobPath } from '../job-board/paths';

export const RecommendedJob_job = graphql(`
  fragment RecommendedJob_job on Job {
    id
    title
    paymentType
    skills
    matchingSkills
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
  }
`);

export const RecommendedJob = (props: { job: FragmentType<typeof RecommendedJob_job> }) => {
  const job = getFragmentData(RecommendedJob_job, props.job);
  return (
    <li className="recommended-job">
      <div className="recommended-job__top">
        <Link to={jobPath(job.id)} className="recommended-job__title">
          {job.title}
        </Link>
        <span className="recommended-job__pay">{formatRate(job.paymentType, job.rate, job.budget)}</span>
      </div>
      <span className="recommended-job__org">
        {job.organization.name} · {paymentTypeLabel(job.paymentType)}
      </span>
      <SkillList skills={job.skills} matching={job.matchingSkills} label="Skills" />
      {job.matchingSkills.length > 0 && (
        <span className="recommended-job__match">
          Matches {job.matchingSkills.length} of your skills: {job.matchingSkills.join(', ')}
        </span>
      )}
    </li>
  );
};
