import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';

import { useCurrentViewer } from '../../app/viewer-context';
import { graphql } from '../../gql';
import { QueryGate } from '../../ui/QueryState';
import { useRefetchOnLive } from '../live/live-refetch';
import { JobPosting } from '../manage-job/JobPostingTab';
import { ProposalForm } from './ProposalForm';
import { YourProposal } from './YourProposal';
import { jobBoardPath } from './paths';

import './JobBoard.css';

export const JobPageQuery = graphql(`
  query JobPage($jobId: ID!) {
    node(id: $jobId) {
      __typename
      id
      ... on Job {
        title
        status
        ...JobPosting_job
        ...ProposalForm_job
        viewerProposal {
          id
          ...YourProposal_proposal
        }
      }
    }
  }
`);

/**
 * `/job/:jobId`: a job posting, and for a trainer the way to apply (or, once they have, their
 * proposal). Reached from the job board and from recommended jobs.
 */
export const JobPage = () => {
  const { jobId = '' } = useParams();
  const viewer = useCurrentViewer();
  const { data, error, refetch } = useQuery(JobPageQuery, { variables: { jobId }, fetchPolicy: 'cache-and-network' });
  // The employer shortlisting, declining or hiring moves "Your proposal" on; so does sending one from another tab.
  useRefetchOnLive(['PROPOSAL_SUBMITTED', 'PROPOSAL_STATUS_CHANGED'], refetch);
  const job = data?.node?.__typename === 'Job' ? data.node : null;
  const missing = data !== undefined && !job && !error;
  return (
    <div className="job-page">
      <Link to={jobBoardPath} className="back-link">
        <span aria-hidden="true">← </span>
        Find work
      </Link>
      <QueryGate
        data={missing ? undefined : job}
        error={missing ? new Error('This job does not exist, or it is no longer open.') : error}
        refetch={refetch}
        loadingLabel="Loading the job…"
        errorTitle="This job could not be opened"
      >
        {(loaded) => (
          <div className="job-page__layout">
            <JobPosting job={loaded} level={1} />
            {viewer.role === 'TRAINER' &&
              (loaded.viewerProposal ? (
                <YourProposal proposal={loaded.viewerProposal} />
              ) : loaded.status === 'OPEN' ? (
                <ProposalForm job={loaded} />
              ) : (
                <p className="card job-page__closed">This job is not taking proposals any more.</p>
              ))}
          </div>
        )}
      </QueryGate>
    </div>
  );
};
