import { useQuery } from '@apollo/client/react';

import { graphql } from '../../gql';
import type { PickablePerson } from './MemberPicker';

export const JobPeopleQuery = graphql(`
  query JobPeople($contractId: ID!) {
    node(id: $contractId) {
      __typename
      id
      ... on Contract {
        trainer {
          id
          name
        }
        job {
          id
          team {
            role
            user {
              id
              name
            }
          }
        }
      }
    }
  }
`);

/**
 * The contract's job and who may join its group channels from outside the organization: the
 * trainers with a contract on the job (`Job.team`), this contract's trainer first. Colleagues
 * come from the organization's member list (MemberPicker).
 */
export const useJobPeople = (contractId: string) => {
  const { data } = useQuery(JobPeopleQuery, { variables: { contractId } });
  const contract = data?.node?.__typename === 'Contract' ? data.node : null;
  if (!contract) return null;
  const others = contract.job.team.filter((member) => member.role === 'TRAINER' && member.user.id !== contract.trainer.id);
  const trainers: PickablePerson[] = [contract.trainer, ...others.map((member) => member.user)].map((person) => ({
    id: person.id,
    name: person.name,
    note: 'trainer',
  }));
  return { jobId: contract.job.id, trainer: contract.trainer, trainers };
};
