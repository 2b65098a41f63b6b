import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { payLabel } from '../../ui/format';

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
  const matching = new Set(job.matchingSkills);
  return (
    <li className="recommended-job">
      <div className="recommended-job__top">
        <strong>{job.title}</strong>
        <span className="recommended-job__pay">{payLabel(job.paymentType, job.rate, job.budget)}</span>
      </div>
      <span className="recommended-job__org">{job.organization.name}</span>
      <ul className="skill-list" aria-label="Skills">
        {job.skills.map((skill) => (
          <li key={skill} className={`skill${matching.has(skill) ? ' skill--match' : ''}`}>
            {skill}
            {matching.has(skill) && <span className="visually-hidden"> (you have this skill)</span>}
          </li>
        ))}
      </ul>
      {job.matchingSkills.length > 0 && (
        <span className="recommended-job__match">
          Matches {job.matchingSkills.length} of your skills: {job.matchingSkills.join(', ')}
        </span>
      )}
    </li>
  );
};
