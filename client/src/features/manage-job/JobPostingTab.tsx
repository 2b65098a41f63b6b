import { useQuery } from '@apollo/client/react';
import { useParams } from 'react-router';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDate, formatRate, paymentTypeLabel } from '../../ui/format';
import { Markdown } from '../../ui/Markdown';
import { SkillList } from '../../ui/SkillList';
import { QueryGate } from '../../ui/QueryState';
import { StatusBadge } from '../../ui/StatusBadge';

export const JobPosting_job = graphql(`
  fragment JobPosting_job on Job {
    id
    title
    description
    status
    skills
    matchingSkills
    paymentType
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
  }
`);

/**
 * A job posting. `level` 1 when it is the page's subject (the job's own page), so that its title
 * is the page's heading; 2 inside a contract's manage view.
 */
export const JobPosting = (props: { job: FragmentType<typeof JobPosting_job>; level?: 1 | 2 }) => {
  const job = getFragmentData(JobPosting_job, props.job);
  const Title = props.level === 1 ? 'h1' : 'h2';
  const Section = props.level === 1 ? 'h2' : 'h3';
  return (
    <article className="card job-posting" aria-labelledby="job-posting-title">
      <header className="job-posting__header">
        <div>
          <Title id="job-posting-title">{job.title}</Title>
          <p className="job-posting__meta">
            {job.organization.name} · posted {formatDate(job.createdAt)}
          </p>
        </div>
        <StatusBadge status={job.status} />
      </header>
      <dl className="contract-tab__facts">
        <div>
          <dt>Payment</dt>
          <dd>{paymentTypeLabel(job.paymentType)}</dd>
        </div>
        <div>
          <dt>Pay</dt>
          <dd>{formatRate(job.paymentType, job.rate, job.budget)}</dd>
        </div>
      </dl>
      <Section>Skills</Section>
      <SkillList skills={job.skills} matching={job.matchingSkills} />
      <Section>Description</Section>
      <Markdown>{job.description}</Markdown>
    </article>
  );
};

const JobPostingTabQuery = graphql(`
  query JobPostingTab($contractId: ID!) {
    node(id: $contractId) {
      __typename
      id
      ... on Contract {
        job {
          id
          ...JobPosting_job
        }
      }
    }
  }
`);

/** The job posting the trainer was hired for. */
export const JobPostingTab = () => {
  const { contractId = '' } = useParams();
  const { data, error, refetch } = useQuery(JobPostingTabQuery, {
    variables: { contractId },
    fetchPolicy: 'cache-and-network',
  });
  const contract = data?.node?.__typename === 'Contract' ? data.node : null;
  return (
    <QueryGate data={contract} error={error} refetch={refetch} loadingLabel="Loading the job posting…">
      {(loaded) => <JobPosting job={loaded.job} />}
    </QueryGate>
  );
};
