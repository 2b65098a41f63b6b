import { useQuery } from '@apollo/client/react';
import { useParams } from 'react-router';

import { graphql } from '../../gql';
import { QueryGate } from '../../ui/QueryState';
import { InstructionsEditor } from './InstructionsEditor';

import './Employer.css';

const EmployerInstructionsQuery = graphql(`
  query EmployerInstructions($contractId: ID!) {
    node(id: $contractId) {
      __typename
      id
      ... on Contract {
        job {
          id
        }
        instructions {
          id
          ...InstructionsEditor_document
        }
      }
    }
  }
`);

/** `/jobs/:contractId/instructions` for employers: the job's instructions editor. */
export const EmployerInstructionsTab = () => {
  const { contractId = '' } = useParams();
  const { data, error, refetch } = useQuery(EmployerInstructionsQuery, {
    variables: { contractId },
    fetchPolicy: 'cache-and-network',
  });
  const contract = data?.node?.__typename === 'Contract' ? data.node : null;
  return (
    <QueryGate data={contract} error={error} refetch={refetch} loadingLabel="Loading instructions…">
      {(loaded) => (
        <InstructionsEditor key={loaded.instructions?.id ?? 'new'} jobId={loaded.job.id} document={loaded.instructions ?? null} reload={() => refetch()} />
      )}
    </QueryGate>
  );
};
